/** What a project's templates and buildspecs need from its pipeline beyond what every pipeline gets: an explicit option. */

import type * as iam from "aws-cdk-lib/aws-iam";
import type { IConstruct } from "constructs";

/**
 * Where a project's stack statements apply: the stacks, their buckets, the owners of their CloudFront distributions,
 * and the regions.
 *
 * @example
 * const names: StackPolicyScope = {
 *   stackNames: ["acme-dev/*", "acme-dev-*"], bucketNames: ["acme-dev-*"], distributionOwners: ["acme-dev", "acme-dev-*"],
 * };
 * projectNeeds.stackStatements?.(this, names);
 * // TaskCat's: { stackNames: ["tCaT-*"], bucketNames: ["tcat-*"], distributionOwners: ["tCaT-*"], stackRegions: ["us-east-1"], viaCloudFormationOnly: true }
 */
export interface StackPolicyScope {
  /**
   * Stack name patterns, as the part after `stack/` in a stack ARN (`acme-dev/*` is the stack acme-dev,
   * `acme-dev-*` every stack whose name starts with acme-dev-, nested stacks included).
   */
  readonly stackNames: readonly string[];
  /** Bucket name patterns of the buckets the stacks create (CloudFormation derives them from the stack name). */
  readonly bucketNames: readonly string[];
  /**
   * Values of core's `DISTRIBUTION_OWNER_TAG` (IAM `StringLike` patterns) that the principal's CloudFront
   * distributions carry: it may create a distribution only with such a tag, and change or delete only those.
   */
  readonly distributionOwners: readonly string[];
  /**
   * Regions of the stacks and buckets (TaskCat tests in the regions its config lists).
   *
   * @default - the region of the scope's stack
   */
  readonly stackRegions?: readonly string[];
  /**
   * Whether the CloudFront and bucket-policy writes must come through CloudFormation (`aws:CalledVia`): for a
   * principal that runs code of its own (the Test project runs the repository's buildspec) and lets CloudFormation
   * act with its credentials (TaskCat creates stacks without a service role).
   *
   * @default false
   */
  readonly viaCloudFormationOnly?: boolean;
}

/**
 * The IAM statements that let a principal create, change and delete a project's stacks and what they hold, for the
 * stack and bucket name patterns (and regions) it is given. `demoStackStatements` is the demo's.
 *
 * @example
 * const statements: StackStatements = (scope, names) => [
 *   new iam.PolicyStatement({ actions: ["sqs:*"], resources: names.stackNames.map((name) => `arn:aws:sqs:*:*:${name}`) }),
 * ];
 */
export type StackStatements = (scope: IConstruct, names: StackPolicyScope) => iam.PolicyStatement[];

/**
 * What a project's templates and buildspecs need beyond what every {@link EnvironmentPipeline} gets (its staged
 * templates and reports, the change sets of its stacks). Tributary's own demo project is `DEMO_PROJECT`; give your
 * own, or pass `deploymentRole` and `testRole` instead.
 *
 * @example
 * const needs: ProjectNeeds = { stackStatements: demoStackStatements, taskcat: true, website: true }; // DEMO_PROJECT
 * new EnvironmentPipeline(stack, "DevPipeline", { config, environment: "dev", repository, buckets, projectNeeds: needs });
 */
export interface ProjectNeeds {
  /**
   * The statements to create, change and delete what the project's templates hold: the default deployment role gets
   * them for the environment's stacks (`<project>-<env>`, `<project>-<env>-*`) and their buckets, and with `taskcat`
   * the default Test role gets them for TaskCat's stacks (`tCaT-*`, buckets `tcat-*`) in the `testRegions`, through
   * CloudFormation only.
   *
   * @default - none: the default deployment role may read the templates and nothing else (a synth warning says so)
   */
  readonly stackStatements?: StackStatements;
  /**
   * The Test stage's buildspec runs TaskCat, which launches the templates in throwaway stacks: the default Test role
   * may then use TaskCat's buckets (`tcat-*`) in the `testRegions` and the discovery calls TaskCat makes
   * (`cloudformation:ValidateTemplate`, `ec2:DescribeRegions`, `ec2:DescribeAvailabilityZones`).
   *
   * @default false
   */
  readonly taskcat?: boolean;
  /**
   * The Cleanup stage's buildspec publishes a website page: the Cleanup role may then read the environment's stacks'
   * outputs, write into their buckets and invalidate the CloudFront distributions tagged with their names (core's
   * `DISTRIBUTION_OWNER_TAG`).
   *
   * @default false
   */
  readonly website?: boolean;
}
