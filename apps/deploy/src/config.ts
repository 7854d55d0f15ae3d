/** The deploy app's one typed config: core's Tributary config plus an `app` section for what only the CDK app decides. */
import {
  ConfigError,
  defineConfig as defineTributaryConfig,
  isAwsAccountId,
  isAwsRegion,
  isRecord,
  optionalBoolean,
  optionalString,
  rejectUnknownKeys,
  resolveCicdLocation,
  type TributaryConfig,
  type TributaryConfigInput,
} from "@tributary/core";

/** How the CodeCommit repository is obtained and kept. */
export interface RepositorySettingsInput {
  /**
   * `true`: the app creates the repository in its own stack. `false`: the app imports an existing repository
   * by name (no repository stack is deployed).
   * @default true
   */
  readonly create?: boolean;
  /**
   * Whether a created repository survives `cdk destroy` (CloudFormation `DeletionPolicy: Retain`).
   * @default true
   */
  readonly retainOnDelete?: boolean;
  /**
   * Description of a created repository.
   * @default - "GitFlow source of the Tributary project <project>"
   */
  readonly description?: string;
}

/** What only the CDK app decides: where its own stacks go and how the repository is obtained. */
export interface AppSettingsInput {
  /**
   * Account of the repository and CI/CD stacks (12 digits).
   * @default - environment-agnostic stacks: the account of the credentials `cdk deploy` runs with
   */
  readonly account?: string;
  /**
   * Region of the repository and CI/CD stacks.
   * @default - environment-agnostic stacks: the region of the credentials `cdk deploy` runs with
   */
  readonly region?: string;
  /** The CodeCommit repository: create or import, keep or delete. */
  readonly repository?: RepositorySettingsInput;
  /** The artifacts, staging, reports and access-logs buckets. */
  readonly buckets?: BucketSettingsInput;
  /** The SNS topics. */
  readonly notifications?: NotificationSettingsInput;
}

/** How the notification topics are split. */
export interface NotificationSettingsInput {
  /**
   * `true`: three topics (failures, deployments, approvals) per environment, so each team subscribes to its own;
   * `false`: three topics shared by every environment.
   * @default false
   */
  readonly topicPerEnvironment?: boolean;
}

/** What happens to the CI/CD buckets. */
export interface BucketSettingsInput {
  /**
   * Whether the buckets (and their objects) survive `cdk destroy`. `false` empties and deletes them with the
   * stack (through CDK's auto-delete-objects custom resource); choose it only for throw-away projects.
   * @default true
   */
  readonly retainOnDelete?: boolean;
}

/** The whole input of `tributary.config.ts`: core's config input plus the app's own `app` section. */
export interface DeployConfigInput extends TributaryConfigInput {
  /** Settings only the CDK app uses (core never sees them). */
  readonly app?: AppSettingsInput;
}

/** The app settings with every default filled in. */
export interface AppSettings {
  readonly account: string | undefined;
  readonly region: string | undefined;
  readonly repository: {
    readonly create: boolean;
    readonly retainOnDelete: boolean;
    readonly description: string | undefined;
  };
  readonly buckets: {
    readonly retainOnDelete: boolean;
  };
  readonly notifications: {
    readonly topicPerEnvironment: boolean;
  };
}

/** What `defineConfig` returns: core's validated config and the app's settings, both frozen. */
export interface DeployConfig {
  /** The validated Tributary config (routing, naming, environments) from core's `defineConfig`. */
  readonly tributary: TributaryConfig;
  /** The app's own settings, validated, defaults filled in. */
  readonly app: AppSettings;
}

/**
 * Validates the deploy config: core validates everything but `app`, this function validates `app`.
 * Every problem throws core's `ConfigError` naming the path, the value and the fix.
 *
 * @example
 * export default defineConfig({
 *   project: "acme",
 *   repository: "infra-deployment",
 *   app: { repository: { create: true } },
 * });
 */
export function defineConfig(input: DeployConfigInput): DeployConfig {
  if (!isRecord(input)) {
    // Core reports non-object input at path "" with its own message; this line only runs if it did not.
    defineTributaryConfig(input);
    throw new ConfigError("", input, "is not an object", "Pass an object literal to defineConfig.");
  }
  let app: unknown;
  let tributaryInput: TributaryConfigInput;
  try {
    ({ app, ...tributaryInput } = input);
  } catch {
    // Proxies and throwing getters: a config problem, never a TypeError.
    throw new ConfigError(
      "",
      input,
      "cannot be read as a configuration",
      "Pass a plain object literal or parsed JSON.",
    );
  }
  const tributary = defineTributaryConfig(tributaryInput);
  const settings = parseAppSettings(app);
  return Object.freeze({ tributary, app: withTargetFromEnvironments(tributary, settings) });
}

/**
 * Where the CI/CD stack deploys (core's `resolveCicdLocation`): `app.account` and `app.region`, an unset one taken from
 * the environments when they name exactly one value for it. Environments in other accounts or regions are remote: they
 * need the CI/CD account and region set, and get a target stack each (core's `deploymentTargets`). Any problem is a
 * ConfigError naming the field, the value and the fix.
 */
function withTargetFromEnvironments(tributary: TributaryConfig, settings: AppSettings): AppSettings {
  const location = resolveCicdLocation(tributary.environments, settings);
  const [problem] = location.problems;
  if (problem !== undefined) {
    throw new ConfigError(problem.path, problem.value, problem.reason, problem.fix);
  }
  return Object.freeze({ ...settings, account: location.account, region: location.region });
}

/**
 * Returns whether `value` is what `defineConfig` returns (used to load config files).
 *
 * @example
 * isDeployConfig(defineConfig({ project: "acme", repository: "infra" })); // true
 * isDeployConfig({ project: "acme", repository: "infra" });               // false: a raw input
 */
export function isDeployConfig(value: unknown): value is DeployConfig {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Record<keyof DeployConfig, unknown>>;
  return (
    typeof candidate.tributary === "object" &&
    candidate.tributary !== null &&
    typeof candidate.app === "object" &&
    candidate.app !== null
  );
}

function parseAppSettings(input: unknown): AppSettings {
  if (input === undefined) return freezeSettings(undefined, undefined, {}, {}, {});
  const app = expectObject(
    input,
    "app",
    "Give `app` as an object, e.g. `app: { repository: { create: true } }`.",
  );
  checkAppKeys(app, "app", ["account", "region", "repository", "buckets", "notifications"]);
  const account = appString(app.account, "app.account");
  if (account !== undefined && !isAwsAccountId(account)) {
    throw new ConfigError(
      "app.account",
      account,
      "is not an AWS account id",
      'Use the 12-digit account id, e.g. `app: { account: "123456789012" }`, or leave it out for environment-agnostic stacks.',
    );
  }
  const region = appString(app.region, "app.region");
  if (region !== undefined && !isAwsRegion(region)) {
    throw new ConfigError(
      "app.region",
      region,
      "is not an AWS region name",
      'Use a region such as "eu-west-1", or leave it out for environment-agnostic stacks.',
    );
  }
  const repository =
    app.repository === undefined
      ? {}
      : expectObject(
          app.repository,
          "app.repository",
          "Give `app.repository` as an object, e.g. `{ create: true, retainOnDelete: true }`.",
        );
  checkAppKeys(repository, "app.repository", ["create", "retainOnDelete", "description"]);
  const buckets =
    app.buckets === undefined
      ? {}
      : expectObject(
          app.buckets,
          "app.buckets",
          "Give `app.buckets` as an object, e.g. `{ retainOnDelete: true }`.",
        );
  checkAppKeys(buckets, "app.buckets", ["retainOnDelete"]);
  const notifications =
    app.notifications === undefined
      ? {}
      : expectObject(
          app.notifications,
          "app.notifications",
          "Give `app.notifications` as an object, e.g. `{ topicPerEnvironment: true }`.",
        );
  checkAppKeys(notifications, "app.notifications", ["topicPerEnvironment"]);
  return freezeSettings(account, region, repository, buckets, notifications);
}

function freezeSettings(
  account: string | undefined,
  region: string | undefined,
  repository: Record<string, unknown>,
  buckets: Record<string, unknown>,
  notifications: Record<string, unknown>,
): AppSettings {
  const description = appString(repository.description, "app.repository.description");
  if (description !== undefined && description.length > 1000) {
    throw new ConfigError(
      "app.repository.description",
      description,
      "is longer than CodeCommit's 1000 characters",
      "Shorten the description.",
    );
  }
  return Object.freeze({
    account,
    region,
    repository: Object.freeze({
      create: appBoolean(repository.create, "app.repository.create") ?? true,
      retainOnDelete: appBoolean(repository.retainOnDelete, "app.repository.retainOnDelete") ?? true,
      description,
    }),
    buckets: Object.freeze({
      retainOnDelete: appBoolean(buckets.retainOnDelete, "app.buckets.retainOnDelete") ?? true,
    }),
    notifications: Object.freeze({
      topicPerEnvironment:
        appBoolean(notifications.topicPerEnvironment, "app.notifications.topicPerEnvironment") ?? false,
    }),
  });
}

function expectObject(value: unknown, path: string, fix: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ConfigError(path, value, "is not an object", fix);
  return value;
}

function checkAppKeys(value: Record<string, unknown>, path: string, known: readonly string[]): void {
  rejectUnknownKeys(value, known, (key, bad) => {
    throw new ConfigError(
      `${path}.${key}`,
      bad,
      "is not a known setting",
      `Remove it; the settings under \`${path}\` are ${known.map((k) => `\`${k}\``).join(", ")}.`,
    );
  });
}

function appString(value: unknown, path: string): string | undefined {
  return optionalString(value, (bad) => {
    throw new ConfigError(path, bad, "is not a string", `Give \`${path}\` as a string or leave it out.`);
  });
}

function appBoolean(value: unknown, path: string): boolean | undefined {
  return optionalBoolean(value, (bad) => {
    throw new ConfigError(path, bad, "is not a boolean", `Give \`${path}\` as \`true\` or \`false\`.`);
  });
}
