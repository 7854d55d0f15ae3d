/**
 * CodeConnections connection ARNs and the IAM action a pipeline role needs to use one.
 *
 * Connections have two service prefixes since the 2024-03-29 rename of CodeStar Connections to CodeConnections:
 * `arn:aws:codestar-connections:…:connection/<id>` (older resources) and `arn:aws:codeconnections:…:connection/<id>`
 * (resources created under the new name; the console creates these since 2024-07-01). "When specifying a resource in
 * the IAM policy, the service prefix needs to match that of the resource" (Developer Tools console user guide,
 * "Service prefix rename" and "Identity and access management"), so the action's prefix is the ARN's.
 */

/**
 * The two service prefixes of a connection ARN.
 *
 * @example
 * const prefix: ConnectionServicePrefix = "codeconnections";
 */
export type ConnectionServicePrefix = "codeconnections" | "codestar-connections";

/**
 * A connection ARN, read: `arn:<partition>:<service>:<region>:<account>:connection/<id>`. The partitions are AWS's
 * (`aws`, `aws-cn`, `aws-us-gov`); botocore's model (`ConnectionArn`, both services) allows
 * `arn:aws(-[\w]+)*:.+:.+:[0-9]{12}:.+` up to 256 characters; the id is the console's (letters, digits, dashes).
 */
const CONNECTION_ARN_PATTERN =
  /^arn:(aws(?:-[a-z]+)*):(codeconnections|codestar-connections):([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):connection\/([A-Za-z0-9-]{1,128})$/;

/**
 * The parts of a connection ARN.
 *
 * @example
 * const parts: ConnectionArn = parseConnectionArn("arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-…")!;
 */
export interface ConnectionArn {
  readonly partition: string;
  readonly service: ConnectionServicePrefix;
  readonly region: string;
  readonly account: string;
  readonly connectionId: string;
}

/**
 * Reads a connection ARN of either service prefix; `undefined` when `value` is not one.
 *
 * @example
 * parseConnectionArn("arn:aws:codestar-connections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789");
 * // { partition: "aws", service: "codestar-connections", region: "eu-west-1", account: "123456789012", connectionId: "0a1b…" }
 */
export function parseConnectionArn(value: string): ConnectionArn | undefined {
  if (value.length > 256) return undefined;
  const match = CONNECTION_ARN_PATTERN.exec(value);
  if (match === null) return undefined;
  const [, partition = "", service = "", region = "", account = "", connectionId = ""] = match;
  return { partition, service: service as ConnectionServicePrefix, region, account, connectionId };
}

/**
 * The IAM action that lets a pipeline role use a connection: `<prefix>:UseConnection`, with the ARN's own service
 * prefix (`codeconnections:UseConnection` on a `codeconnections` ARN, `codestar-connections:UseConnection` on a
 * `codestar-connections` one). Throws `TypeError` naming the value when it is not a connection ARN (`defineConfig`
 * has checked the config's).
 *
 * @example
 * useConnectionAction("arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789");
 * // "codeconnections:UseConnection"
 */
export function useConnectionAction(connectionArn: string): `${ConnectionServicePrefix}:UseConnection` {
  const parsed = parseConnectionArn(connectionArn);
  if (parsed === undefined) {
    throw new TypeError(
      `${JSON.stringify(connectionArn)} is not a connection ARN (arn:aws:codeconnections:<region>:<account>:connection/<id>)`,
    );
  }
  return `${parsed.service}:UseConnection`;
}
