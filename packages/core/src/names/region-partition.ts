/** The AWS partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`, …), by botocore's partition table. */

/**
 * The partitions and the region codes each holds, in the order of botocore's `data/partitions.json` (its
 * `regionRegex` per partition; the expressions are disjoint, and its `outputs.dnsSuffix`). A region matching none is
 * in `aws`, as botocore resolves an unknown region.
 */
const PARTITIONS: readonly { readonly id: string; readonly regions: RegExp; readonly dnsSuffix: string }[] = [
  { id: "aws", regions: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, dnsSuffix: "amazonaws.com" },
  { id: "aws-cn", regions: /^cn-\w+-\d+$/, dnsSuffix: "amazonaws.com.cn" },
  { id: "aws-eusc", regions: /^eusc-(de)-\w+-\d+$/, dnsSuffix: "amazonaws.eu" },
  { id: "aws-iso", regions: /^us-iso-\w+-\d+$/, dnsSuffix: "c2s.ic.gov" },
  { id: "aws-iso-b", regions: /^us-isob-\w+-\d+$/, dnsSuffix: "sc2s.sgov.gov" },
  { id: "aws-iso-e", regions: /^eu-isoe-\w+-\d+$/, dnsSuffix: "cloud.adc-e.uk" },
  { id: "aws-iso-f", regions: /^us-isof-\w+-\d+$/, dnsSuffix: "csp.hci.ic.gov" },
  { id: "aws-us-gov", regions: /^us-gov-\w+-\d+$/, dnsSuffix: "amazonaws.com" },
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
  return partitionOf(region).id;
}

function partitionOf(region: string): (typeof PARTITIONS)[number] {
  return (
    PARTITIONS.find((partition) => partition.regions.test(region)) ??
    (PARTITIONS[0] as (typeof PARTITIONS)[number])
  );
}

/**
 * The virtual-hosted URL of an S3 object in `region`: `https://<bucket>.s3.<region>.<the partition's DNS suffix>/<key>`
 * (botocore's `dnsSuffix`: `amazonaws.com`, `amazonaws.com.cn` in China, …). CloudFormation reads a `TemplateURL`
 * only from a bucket of the region the URL names, so the URL names the bucket's own region. The key's segments are
 * URL-encoded, its slashes kept.
 *
 * @example
 * s3ObjectUrl("acme-staging", "eu-central-1", "p/e/templates/main.yaml");
 * // "https://acme-staging.s3.eu-central-1.amazonaws.com/p/e/templates/main.yaml"
 * s3ObjectUrl("acme-staging", "cn-northwest-1", "main.yaml");
 * // "https://acme-staging.s3.cn-northwest-1.amazonaws.com.cn/main.yaml"
 */
export function s3ObjectUrl(bucket: string, region: string, key: string): string {
  const path = key.split("/").map(encodeURIComponent).join("/");
  return `https://${bucket}.s3.${region}.${partitionOf(region).dnsSuffix}/${path}`;
}
