/** The AWS partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`, …), by botocore's partition table. */

/**
 * The partitions and the region codes each holds, in the order of botocore's `data/partitions.json` (its
 * `regionRegex` per partition; the expressions are disjoint). A region matching none is in `aws`, as botocore
 * resolves an unknown region.
 */
const PARTITIONS: readonly { readonly id: string; readonly regions: RegExp }[] = [
  { id: "aws", regions: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/ },
  { id: "aws-cn", regions: /^cn-\w+-\d+$/ },
  { id: "aws-eusc", regions: /^eusc-(de)-\w+-\d+$/ },
  { id: "aws-iso", regions: /^us-iso-\w+-\d+$/ },
  { id: "aws-iso-b", regions: /^us-isob-\w+-\d+$/ },
  { id: "aws-iso-e", regions: /^eu-isoe-\w+-\d+$/ },
  { id: "aws-iso-f", regions: /^us-isof-\w+-\d+$/ },
  { id: "aws-us-gov", regions: /^us-gov-\w+-\d+$/ },
];

/**
 * The partition of a region: an account, a role, a bucket and a key exist in one partition only, so nothing crosses
 * from one to another (no role assumption, no cross-region pipeline action, no bucket read).
 *
 * @example
 * regionPartition("eu-central-1");  // "aws"
 * regionPartition("cn-north-1");    // "aws-cn"
 * regionPartition("us-gov-west-1"); // "aws-us-gov"
 */
export function regionPartition(region: string): string {
  return PARTITIONS.find((partition) => partition.regions.test(region))?.id ?? "aws";
}
