/**
 * The fixed names of the roles a remote environment's pipeline uses: in the target account the roles it assumes, in
 * the CI/CD account the roles that assume them. Both sides are named here so that each target role can trust exactly
 * one CI/CD role by ARN, and the CI/CD stack can name the target roles, without a cross-account reference.
 */

/**
 * The roles of one environment in its target account, by what they do.
 *
 * @example
 * targetRoleNames("acme", "prod").preview; // "acme-tributary-prod-preview"
 */
export interface TargetRoleNames {
  /** The role CloudFormation assumes to deploy the environment's stacks (trusts `cloudformation.amazonaws.com`). */
  readonly cloudFormation: string;
  /** The role of the Deploy stage's change-set actions (trusts the CI/CD pipeline role). */
  readonly deployAction: string;
  /** The role of the Test build: the buildspec, TaskCat (trusts the CI/CD Test project role). */
  readonly test: string;
  /** The role of the Preview build: change sets `tributary-preview-*`, never executed (trusts the CI/CD Preview project role). */
  readonly preview: string;
  /** The role of the Cleanup build (trusts the CI/CD Cleanup project role). */
  readonly cleanup: string;
}

/**
 * The CI/CD account's roles of one remote environment's pipeline: each assumes the target role of the same purpose
 * (the pipeline role assumes the deploy action role).
 *
 * @example
 * cicdRoleNames("acme", "prod").pipeline; // "acme-tributary-cicd-prod-pipeline"
 */
export interface CicdRoleNames {
  /** CodePipeline's service role of the environment pipeline and its clones. */
  readonly pipeline: string;
  /** The Test project's role. */
  readonly test: string;
  /** The Preview project's role. */
  readonly preview: string;
  /** The Cleanup project's role. */
  readonly cleanup: string;
}

/**
 * The purposes of a target account's roles with what each may do, in the order the target stack makes them (the
 * README's table of roles is generated from it and the synthesized target stack).
 *
 * @example
 * TARGET_ROLE_PURPOSES.map((purpose) => purpose.key); // ["cloudFormation", "deployAction", "test", "preview", "cleanup"]
 */
export const TARGET_ROLE_PURPOSES: readonly {
  readonly key: keyof TargetRoleNames;
  readonly suffix: string;
  readonly trusts: string;
}[] = Object.freeze([
  { key: "cloudFormation", suffix: "cloudformation", trusts: "cloudformation.amazonaws.com" },
  { key: "deployAction", suffix: "deploy-action", trusts: "the environment's CI/CD pipeline role" },
  { key: "test", suffix: "test", trusts: "the environment's CI/CD Test project role" },
  { key: "preview", suffix: "preview", trusts: "the environment's CI/CD Preview project role" },
  { key: "cleanup", suffix: "cleanup", trusts: "the environment's CI/CD Cleanup project role" },
]);

/**
 * The target account's roles of one environment: `<project>-tributary-<env>-<purpose>` (at most 61 characters, under
 * IAM's 64). Role names are unique per account, and an environment lives in one region, so the names hold no region.
 *
 * @example
 * targetRoleNames("acme", "prod").cloudFormation; // "acme-tributary-prod-cloudformation"
 */
export function targetRoleNames(project: string, environment: string): TargetRoleNames {
  const name = (suffix: string) => `${project}-tributary-${environment}-${suffix}`;
  return Object.freeze(
    Object.fromEntries(TARGET_ROLE_PURPOSES.map((purpose) => [purpose.key, name(purpose.suffix)])),
  ) as unknown as TargetRoleNames;
}

/**
 * The teardown role of one target account and region: `<project>-tributary-teardown-<region>`, assumed by the CI/CD
 * teardown project to empty and delete that target's ephemeral stacks there.
 *
 * @example
 * targetTeardownRoleName("acme", "eu-central-1"); // "acme-tributary-teardown-eu-central-1"
 */
export function targetTeardownRoleName(project: string, region: string): string {
  return `${project}-tributary-teardown-${region}`;
}

/**
 * The CI/CD roles of one remote environment: `<project>-tributary-cicd-<env>-<purpose>`, fixed so that the target
 * roles can trust them by ARN.
 *
 * @example
 * cicdRoleNames("acme", "prod").test; // "acme-tributary-cicd-prod-test"
 */
export function cicdRoleNames(project: string, environment: string): CicdRoleNames {
  const name = (suffix: string) => `${project}-tributary-cicd-${environment}-${suffix}`;
  return Object.freeze({
    pipeline: name("pipeline"),
    test: name("test"),
    preview: name("preview"),
    cleanup: name("cleanup"),
  });
}

/**
 * The CI/CD teardown project's role when some environment is remote: `<project>-tributary-cicd-teardown`, fixed so that
 * each target's teardown role can trust it by ARN.
 *
 * @example
 * cicdTeardownRoleName("acme"); // "acme-tributary-cicd-teardown"
 */
export function cicdTeardownRoleName(project: string): string {
  return `${project}-tributary-cicd-teardown`;
}

/**
 * A role's ARN from its partition, account and name (IAM is global: no region).
 *
 * @example
 * roleArn("aws", "333333333333", "acme-tributary-prod-preview"); // "arn:aws:iam::333333333333:role/acme-tributary-prod-preview"
 */
export function roleArn(partition: string, account: string, name: string): string {
  return `arn:${partition}:iam::${account}:role/${name}`;
}

/**
 * The version of what a target stack holds. The stack outputs it as `TributaryTargetVersion`, and
 * `tributary doctor` compares: a target stack of another version must be deployed again (version 2 adds the teardown
 * role of the account and region).
 *
 * @example
 * TARGET_STACK_VERSION; // "2"
 */
export const TARGET_STACK_VERSION = "2";

/**
 * The name of the target stack's output holding {@link TARGET_STACK_VERSION}.
 *
 * @example
 * TARGET_VERSION_OUTPUT; // "TributaryTargetVersion"
 */
export const TARGET_VERSION_OUTPUT = "TributaryTargetVersion";

/**
 * Where the teardown build finds a remote environment's ephemeral stacks: the stacks named `<project>-<env>-…` of each
 * remote environment, its target account and region, and the teardown role to assume there. The teardown project
 * gets this list (`TEARDOWN_TARGETS`) and picks the entry whose prefix starts `STACK_NAME`; a stack of no entry is in
 * the CI/CD account.
 *
 * @example
 * teardownTargets("acme", [{ name: "prod", account: "333333333333", region: "eu-central-1" }]);
 * // [{ stackPrefix: "acme-prod-", account: "333333333333", region: "eu-central-1", roleName: "acme-tributary-teardown-eu-central-1" }]
 */
export function teardownTargets(
  project: string,
  remoteEnvironments: readonly { readonly name: string; readonly account: string; readonly region: string }[],
): readonly TeardownTarget[] {
  return Object.freeze(
    remoteEnvironments.map((environment) =>
      Object.freeze({
        stackPrefix: `${project}-${environment.name}-`,
        account: environment.account,
        region: environment.region,
        roleName: targetTeardownRoleName(project, environment.region),
      }),
    ),
  );
}

/**
 * One entry of {@link teardownTargets}.
 *
 * @example
 * const target: TeardownTarget = { stackPrefix: "acme-prod-", account: "333333333333", region: "eu-central-1", roleName: "acme-tributary-teardown-eu-central-1" };
 */
export interface TeardownTarget {
  readonly stackPrefix: string;
  readonly account: string;
  readonly region: string;
  readonly roleName: string;
}
