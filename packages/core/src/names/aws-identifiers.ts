/** The shapes of AWS account ids and region codes, as every Tributary config checks them. */

const ACCOUNT_ID_PATTERN = /^\d{12}$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Whether `value` is an AWS account id: exactly 12 digits, as a string.
 *
 * @example
 * isAwsAccountId("123456789012"); // true
 * isAwsAccountId("1234");         // false
 */
export function isAwsAccountId(value: string): boolean {
  return ACCOUNT_ID_PATTERN.test(value);
}

/**
 * Whether `value` looks like an AWS region code (`eu-west-1`, `us-gov-west-1`, `ap-southeast-4`).
 *
 * @example
 * isAwsRegion("eu-west-1"); // true
 * isAwsRegion("Frankfurt"); // false
 */
export function isAwsRegion(value: string): boolean {
  return REGION_PATTERN.test(value);
}
