/** The CI/CD stack: buckets, one pipeline per environment, the cloner, the notifications, the run history and the dashboard. */
import {
  acknowledgeTributaryFindings,
  DEMO_PROJECT,
  EnvironmentPipeline,
  GitHubSource,
  GitHubWebhook,
  type NotificationTopics,
  PipelineCloner,
  PipelineNotifications,
  PullRequestApprovalRule,
  RunHistoryTable,
  RunWidgetFunction,
  SourceRepository,
  TributaryBuckets,
  TributaryDashboard,
} from "@tributary/constructs";
import {
  artifactKeyAlias,
  deploymentTargets,
  pullRequestApprovalRule,
  reportPrefix,
  stagingPrefix,
} from "@tributary/core";
import { Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { DeployConfig } from "../config";
import type { ResourceGroupSummary } from "../summary";

/**
 * How long the CI/CD buckets keep what they hold: passed to `TributaryBuckets` and printed by the synth summary,
 * so the two cannot disagree.
 *
 * @example
 * BUCKET_RETENTION.reports.toDays(); // 30
 */
export const BUCKET_RETENTION = {
  staging: Duration.days(7),
  reports: Duration.days(30),
  artifactsNoncurrent: Duration.days(30),
  accessLogs: Duration.days(90),
} as const;

/** What each of an environment's three topics receives (the fields of the constructs' `NotificationTopics`). */
const TOPIC_PURPOSES: Readonly<Record<keyof NotificationTopics, string>> = {
  failures:
    "failed executions of every pipeline and clone; the cloner's and the notifier's dead-letter alarms",
  deployments: "successful Deploy stages",
  approvals: "manual approvals waiting for a decision",
};

/** Properties of {@link CiCdStack}. */
export interface CiCdStackProps extends StackProps {
  /** The deploy config. */
  readonly config: DeployConfig;
  /**
   * The cloner Lambda's code.
   * @default - the `@tributary/cloner` bundle (`packages/cloner/dist/handler.mjs`)
   */
  readonly clonerCode?: lambda.Code;
  /**
   * The artifact store of each region other than the stack's own where an environment deploys, by region (the app's
   * artifact-store stacks).
   * @default - none: every environment deploys in the CI/CD region
   */
  readonly artifactStores?: Readonly<Record<string, s3.IBucket>>;
  /**
   * The staging bucket of each region other than the stack's own where an environment deploys, by region (the app's
   * artifact-store stacks): that region's environments stage their nested templates there.
   * @default - none: every environment deploys in the CI/CD region
   */
  readonly stagingBuckets?: Readonly<Record<string, s3.IBucket>>;
}

/**
 * Everything that runs the GitFlow system: the private buckets, one CodePipeline V2 per environment
 * (`<project>-<env>`), the cloner that copies them per branch and pull request, and the SNS notifications.
 * It reads the repository by name, so it works the same whether the repository stack created it or it existed.
 *
 * @example
 * const cicd = new CiCdStack(app, "CiCd", { config, stackName: "acme-tributary-cicd" });
 * cicd.pipelines.map((p) => p.pipelineName); // ["acme-dev", "acme-qa", "acme-prod"]
 */
export class CiCdStack extends Stack {
  /** The CodeCommit repository, imported by name; `undefined` for a GitHub source (see `gitHub`). */
  public readonly source: SourceRepository | undefined;
  /** A GitHub source's connection and credentials secret; `undefined` for CodeCommit. */
  public readonly gitHub: GitHubSource | undefined;
  /** A GitHub source's webhook endpoint (function URL, secret, function); `undefined` for CodeCommit. */
  public readonly gitHubWebhook: GitHubWebhook | undefined;
  /** Artifacts, staging, reports and access-logs buckets. */
  public readonly buckets: TributaryBuckets;
  /** One pipeline per environment, in config order. */
  public readonly pipelines: readonly EnvironmentPipeline[];
  /** The cloner Lambda, its rules and the teardown project. */
  public readonly cloner: PipelineCloner;
  /** The SNS topics and the notification rules. */
  public readonly notifications: PipelineNotifications;
  /**
   * The merge gate: the approval rule template that needs the cloner's approval, associated with the repository
   * (created or imported); `undefined` with `approvals.pullRequestRule: false` or when no pull request into the main
   * or develop branch gets a pipeline.
   */
  public readonly approvalRule: PullRequestApprovalRule | undefined;
  /** The run history: every run of every pipeline and clone (DynamoDB), which the notifier records. */
  public readonly runHistory: RunHistoryTable;
  /** The overview page's Lambda (a custom widget of the dashboard). */
  public readonly runWidget: RunWidgetFunction;
  /** The dashboard: DORA's four keys for prod, the operational view and the overview page. */
  public readonly dashboard: TributaryDashboard;
  /** The deploy config the stack was built from. */
  public readonly config: DeployConfig;

  constructor(scope: Construct, id: string, props: CiCdStackProps) {
    super(scope, id, props);
    this.config = props.config;
    const { tributary, app } = props.config;
    const isGitHub = tributary.source.provider === "github";
    this.source = isGitHub
      ? undefined
      : new SourceRepository(this, "Source", { config: tributary, existing: true });
    this.gitHub = isGitHub ? new GitHubSource(this, "GitHub", { config: tributary }) : undefined;
    const repository = this.source?.repository;
    // Environments in other accounts read the artifacts and staged templates through a customer-managed key whose
    // policy names their roles (an AWS-managed key cannot be shared); a same-account config keeps SSE-S3.
    const targets = deploymentTargets(tributary, { account: app.account, region: app.region });
    const remote = targets.length > 0;
    const encryptionKey = remote
      ? new kms.Key(this, "ArtifactKey", {
          enableKeyRotation: true,
          alias: artifactKeyAlias(tributary.project),
          description: `Tributary ${tributary.project}: the artifacts, staging and reports buckets`,
          removalPolicy: app.buckets.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        })
      : undefined;
    this.buckets = new TributaryBuckets(this, "Buckets", {
      ...(encryptionKey === undefined ? {} : { encryptionKey }),
      removalPolicy: app.buckets.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      stagingExpiration: BUCKET_RETENTION.staging,
      reportsExpiration: BUCKET_RETENTION.reports,
      artifactsNoncurrentExpiration: BUCKET_RETENTION.artifactsNoncurrent,
      accessLogsExpiration: BUCKET_RETENTION.accessLogs,
    });
    this.notifications = new PipelineNotifications(this, "Notifications", {
      config: tributary,
      topicPerEnvironment: app.notifications.topicPerEnvironment,
      reportsBucket: this.buckets.reportsBucket,
    });
    // No approvalTopic: the notifications' approvals rule already reports each approval (with branch, commit and
    // TaskCat report); CodePipeline's own approval notification would send every request twice.
    this.pipelines = tributary.environments.map(
      (environment) =>
        new EnvironmentPipeline(this, `${pascalCase(environment.name)}Pipeline`, {
          config: tributary,
          environment: environment.name,
          ...(this.gitHub ? { source: this.gitHub.pipelineSource } : { repository }),
          buckets: this.buckets,
          ...(props.artifactStores === undefined ? {} : { artifactStores: props.artifactStores }),
          ...(props.stagingBuckets === undefined ? {} : { stagingBuckets: props.stagingBuckets }),
          // The shipped project is the demo (demo-templates/): TaskCat in Test, the website page in Cleanup, an S3
          // bucket and a CloudFront distribution in its stacks.
          projectNeeds: DEMO_PROJECT,
        }),
    );
    this.cloner = new PipelineCloner(this, "Cloner", {
      config: tributary,
      ...(this.gitHub
        ? {
            gitHub: {
              credentials: this.gitHub.credentials,
              // One small object (core's gitHubListingCacheKey): the reconcile's kept listing pages.
              listingCacheBucket: this.buckets.artifactsBucket,
            },
          }
        : { repository }),
      pipelineRoles: this.pipelines.map((pipeline) => pipeline.role),
      // Remote environments' ephemeral stacks: the teardown project lists them into the artifacts bucket, the
      // reconcile reads the listings (a same-account config passes nothing, and synthesizes main's templates).
      ...(remote
        ? {
            targetListings: {
              bucket: this.buckets.artifactsBucket,
              targets: targets.map((target) => ({ account: target.account, region: target.region })),
            },
          }
        : {}),
      // The dead-letter alarm means a branch or pull request did not get its pipeline: a failure like any other.
      alarmTopic: this.notifications.topicsFor(firstEnvironment(tributary)).failures,
      ...(props.clonerCode === undefined ? {} : { code: props.clonerCode }),
    });
    // The living comment of each pull request (its clone's runs, with the Preview step's preview.json): the
    // notifier's, on its own rule; the cloner only approves or revokes.
    this.notifications.notifier.commentOnPullRequests({
      ...(this.gitHub
        ? { gitHub: { config: tributary, credentials: this.gitHub.credentials } }
        : { repository }),
      reportsBucket: this.buckets.reportsBucket,
    });
    // GitHub's deliveries reach the cloner through this endpoint (CodeCommit's through EventBridge rules).
    this.gitHubWebhook = isGitHub
      ? new GitHubWebhook(this, "GitHubWebhook", { config: tributary, cloner: this.cloner.function })
      : undefined;
    // The run history: the notifier records every run (it already sees them finish), the overview page reads it.
    this.runHistory = new RunHistoryTable(this, "RunHistory", {
      config: tributary,
      removalPolicy: app.buckets.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.notifications.notifier.recordRuns({
      table: this.runHistory,
      ...(repository === undefined ? {} : { repository }),
      reportsBucket: this.buckets.reportsBucket,
      hotfixPrefix: tributary.branches.prefixes.hotfix,
    });
    this.runWidget = new RunWidgetFunction(this, "RunWidget", {
      config: tributary,
      table: this.runHistory,
      reportsBucket: this.buckets.reportsBucket,
    });
    this.dashboard = new TributaryDashboard(this, "Dashboard", {
      config: tributary,
      widget: this.runWidget,
      cloner: this.cloner,
      notifier: this.notifications.notifier,
    });
    // Here, not in the repository stack: the approver is the cloner's role, and an imported repository gets it too.
    // CodeCommit's merge gate; GitHub's is the commit status a branch protection rule requires.
    this.approvalRule =
      repository === undefined || pullRequestApprovalRule(tributary) === null
        ? undefined
        : new PullRequestApprovalRule(this, "PullRequestApprovalRule", {
            config: tributary,
            repository,
            approver: this.cloner.role,
          });
    // The constructs acknowledge their own cdk-nag findings as they build; this pass (the constructs' exported
    // acknowledgements, each with its reason) covers grants made between constructs after their constructors ran.
    // Findings outside Tributary's tight patterns stay findings and fail synth.
    acknowledgeTributaryFindings(this, tributary);
  }

  /**
   * The topics, for the synth summary (names are generated by CloudFormation at deploy time).
   *
   * @example
   * cicd.topicSummaries().items.map((topic) => topic.name); // ["FailuresTopic", "DeploymentsTopic", "ApprovalsTopic"]
   */
  public topicSummaries(): ResourceGroupSummary {
    const emails = this.config.tributary.notificationEmails;
    // Each topic's purpose is the field of `topicsByEnvironment` it sits in; shared topics appear once.
    const purposes = new Map<string, string>();
    for (const topics of Object.values(this.notifications.topicsByEnvironment)) {
      for (const field of Object.keys(TOPIC_PURPOSES) as (keyof NotificationTopics)[]) {
        purposes.set(topics[field].node.path, TOPIC_PURPOSES[field]);
      }
    }
    return {
      note: `KMS-encrypted, SSL-only; ${emails.length === 0 ? "no e-mail subscribers, set notificationEmails" : `e-mail to ${emails.join(", ")}`}`,
      items: this.notifications.topics.map((topic) => ({
        name: topic.node.id,
        purpose: purposes.get(topic.node.path) ?? "notifications",
      })),
    };
  }

  /**
   * The buckets, for the synth summary (names are generated by CloudFormation at deploy time).
   *
   * @example
   * cicd.bucketSummaries().note; // "private, SSL-only, encrypted; retained on delete"
   */
  public bucketSummaries(): ResourceGroupSummary {
    const fate = this.config.app.buckets.retainOnDelete
      ? "retained on delete"
      : "emptied and deleted with the stack";
    const buckets = [
      [
        this.buckets.artifactsBucket,
        `pipeline artifacts, versioned (old versions ${days(BUCKET_RETENTION.artifactsNoncurrent)})`,
      ],
      [
        this.buckets.stagingBucket,
        `staged templates (${stagingPrefix("<pipeline>", "<execution>")}/), ${days(BUCKET_RETENTION.staging)}`,
      ],
      [
        this.buckets.reportsBucket,
        `TaskCat reports (${reportPrefix("<pipeline>", "<execution>")}/), ${days(BUCKET_RETENTION.reports)}`,
      ],
      [
        this.buckets.accessLogsBucket,
        `server access logs of the others, ${days(BUCKET_RETENTION.accessLogs)}`,
      ],
    ] as const;
    return {
      note: `private, SSL-only, encrypted; ${fate}`,
      items: buckets.map(([bucket, purpose]) => ({ name: bucket.node.id, purpose })),
    };
  }
}

/** The first environment's name (defineConfig guarantees there is one). */
function firstEnvironment(config: DeployConfig["tributary"]): string {
  const [first] = config.environments;
  if (first === undefined)
    throw new Error("defineConfig guarantees at least one environment; this config has none.");
  return first.name;
}

function days(duration: Duration): string {
  return `${duration.toDays()} days`;
}

/** `dev` → `Dev`, for stable construct IDs (`DevPipeline`). */
function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
