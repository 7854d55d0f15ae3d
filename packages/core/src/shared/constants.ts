/** Names and limits shared by core, the cloner and the constructs: pipeline variables, managed tags, AWS limits. */

/**
 * Names of the pipeline-level variables every environment pipeline declares (pattern `[A-Za-z0-9@\-_]+`).
 * Clones only change their default values.
 *
 * @example
 * route.variables[PIPELINE_VARIABLES.stackName]; // "acme-dev-feature-login"
 */
export const PIPELINE_VARIABLES = {
  environment: "Environment",
  stackName: "StackName",
  /** `tagValue(branch)`: the branch itself for ordinary names, safe to substitute into JSON and to tag with. */
  branch: "Branch",
  ephemeral: "Ephemeral",
  pipelineName: "PipelineName",
} as const;

/**
 * Tag keys that mark what Tributary created. Only clones carry `tributary:managed=true`; environment
 * pipelines and shared stacks carry only `tributary:project` and `tributary:environment`.
 *
 * @example
 * const isClone = tags[MANAGED_TAGS.managed] === "true" && tags[MANAGED_TAGS.project] === config.project;
 */
export const MANAGED_TAGS = {
  /** `"true"` on every clone. */
  managed: "tributary:managed",
  /** `config.project`. */
  project: "tributary:project",
  /** The environment (template) pipeline the clone copies. */
  template: "tributary:template",
  /** The environment name. */
  environment: "tributary:environment",
  /** `tagValue(branch)`. */
  branch: "tributary:branch",
  /** The pull request id; only on pull-request clones. */
  pullRequest: "tributary:pull-request",
  /** `"true"` or `"false"`. */
  ephemeral: "tributary:ephemeral",
  /** The stack the clone deploys. */
  stack: "tributary:stack",
  /**
   * `templateVersion(declaration)` of the template declaration the clone was last copied from; set by the cloner
   * (it is not in `route.tags`: only the cloner sees the template). `reconcile` updates clones whose value differs
   * from their template's current one.
   */
  templateVersion: "tributary:template-version",
  /**
   * A random id the cloner writes at CreatePipeline, new for every incarnation of a clone (a clone deleted and created
   * again under the same name gets a new one). The delete reads it with the tag check it already makes, and the
   * teardown of that incarnation's stack derives its idempotency token from it (`teardownToken`).
   */
  incarnation: "tributary:incarnation",
  /** When the clone's latest run started (ISO 8601, UTC), written by the cloner on CodePipeline's `STARTED` event. */
  lastRun: "tributary:last-run",
  /** Until when the clone's stack is kept however idle it is (ISO 8601), written by `tributary keep`. */
  keepUntil: "tributary:keep-until",
  /** The idle deadline (ISO 8601) of the last idle notice the cloner sent, so that each deadline is announced once. */
  idleNotice: "tributary:idle-notice",
} as const;

/**
 * AWS limits that names and values must respect.
 *
 * @example
 * name.length <= LIMITS.pipelineName; // always true for names core makes
 */
export const LIMITS = {
  /** CodePipeline pipeline name, `[A-Za-z0-9.@\-_]+`. */
  pipelineName: 100,
  /** CloudFormation stack name, `[A-Za-z][-A-Za-z0-9]*`. */
  stackName: 128,
  /** Resource tag value. */
  tagValue: 256,
  /** Resource tag key. */
  tagKey: 128,
  /** CodePipeline action configuration value (the source action's `BranchName`). */
  configurationValue: 1000,
  /** CodePipeline pipeline variable value. */
  variableValue: 1000,
  /** Total size of a Lambda function's environment variables (keys and values). */
  lambdaEnvironmentBytes: 4096,
} as const;

/**
 * The prefix git uses for branch references.
 *
 * @example
 * "refs/heads/feature/x".startsWith(BRANCH_REF_PREFIX); // true
 */
export const BRANCH_REF_PREFIX = "refs/heads/";
