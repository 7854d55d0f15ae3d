/**
 * The tables of a GitHub source (`apps/deploy/examples/github.config.ts`): the webhook function, the cloner's and the
 * notifier's GitHub secret and listing object, and each environment pipeline's use of the one connection.
 */
import type { Case } from "./cases.js";
import {
  PARTITION,
  type SynthesizedApp,
  type SynthesizedRole,
  TEST_ACCOUNT,
  TEST_REGION,
} from "./synthesized-app.js";

/** A principal of a GitHub source and its two tables. */
export interface GitHubTable {
  readonly id: string;
  readonly principal: SynthesizedRole;
  readonly mustAllow: readonly Case[];
  readonly mustDeny: readonly Case[];
}

/**
 * The must-allow and must-deny tables of a GitHub source's principals, from its synthesized app.
 *
 * @example
 * const tables = gitHubTables(await synthesizeApp("examples/github.config.ts"));
 */
export function gitHubTables(app: SynthesizedApp): GitHubTable[] {
  const A = TEST_ACCOUNT;
  const R = TEST_REGION;
  const arn = (service: string, resource: string) => `arn:${PARTITION}:${service}:${R}:${A}:${resource}`;

  const secret = (prefix: string) => app.ref(app.logicalId("AWS::SecretsManager::Secret", prefix));
  const webhookSecret = secret("GitHubWebhookSecret");
  const credentials = secret("GitHubCredentials");
  const otherSecret = arn("secretsmanager", "secret:tributary/other/github-credentials-AbCdEf");
  const connection = app.getAtt(
    app.logicalId("AWS::CodeConnections::Connection", "GitHubConnection"),
    "ConnectionArn",
  );
  const otherConnection = arn("codeconnections", "connection/ffffffff-4e5f-6789-abcd-ef0123456789");
  const otherStarConnection = arn("codestar-connections", "connection/ffffffff-4e5f-6789-abcd-ef0123456789");
  const cloner = app.getAtt(app.logicalId("AWS::Lambda::Function", "Cloner"), "Arn");
  const notifier = app.getAtt(app.logicalId("AWS::Lambda::Function", "NotificationsNotifier"), "Arn");
  const artifacts = app.ref(app.logicalId("AWS::S3::Bucket", "BucketsArtifacts"));
  const listing = `arn:${PARTITION}:s3:::${artifacts}/tributary/github-listings/acme.json`;
  const HTTPS = { "aws:SecureTransport": "true" };

  return [
    {
      id: "GitHub webhook function",
      principal: app.role("GitHubWebhookServiceRole"),
      mustAllow: [
        {
          action: "secretsmanager:GetSecretValue",
          resource: webhookSecret,
          why: "the webhook secret, once per cold start",
        },
        { action: "lambda:InvokeFunction", resource: cloner, why: "hand a delivery to the cloner (Event)" },
      ],
      mustDeny: [
        {
          action: "secretsmanager:GetSecretValue",
          resource: credentials,
          why: "the GitHub App's credentials",
        },
        { action: "secretsmanager:GetSecretValue", resource: otherSecret, why: "another project's secret" },
        { action: "secretsmanager:PutSecretValue", resource: webhookSecret, why: "changing its own secret" },
        { action: "lambda:InvokeFunction", resource: notifier, why: "another function" },
        {
          action: "codepipeline:CreatePipeline",
          resource: arn("codepipeline", "acme-dev-feature-x"),
          why: "cloning itself",
        },
        { action: "codeconnections:UseConnection", resource: connection, why: "the repository's code" },
        { action: "s3:GetObject", resource: listing, context: HTTPS, why: "the reconcile's listing pages" },
      ],
    },
    {
      id: "cloner (GitHub)",
      principal: app.role("ClonerServiceRole"),
      mustAllow: [
        { action: "secretsmanager:GetSecretValue", resource: credentials, why: "the App's credentials" },
        { action: "s3:GetObject", resource: listing, context: HTTPS, why: "the kept listing pages" },
        { action: "s3:PutObject", resource: listing, context: HTTPS, why: "keep changed listing pages" },
        {
          action: "events:PutEvents",
          resource: arn("events", "event-bus/default"),
          context: {
            "events:source": ["tributary.cloner"],
            "events:detail-type": ["Tributary Source Closed"],
          },
          why: "a GitHub branch deleted or pull request closed, for the run history",
        },
      ],
      mustDeny: [
        { action: "secretsmanager:GetSecretValue", resource: webhookSecret, why: "the webhook secret" },
        { action: "secretsmanager:GetSecretValue", resource: otherSecret, why: "another project's secret" },
        {
          action: "s3:PutObject",
          resource: `arn:${PARTITION}:s3:::${artifacts}/tributary/github-listings/other.json`,
          context: HTTPS,
          why: "another project's listing",
        },
        {
          action: "s3:PutObject",
          resource: `arn:${PARTITION}:s3:::${artifacts}/acme-dev/x.zip`,
          context: HTTPS,
          why: "pipeline artifacts",
        },
        {
          action: "codecommit:GetPullRequest",
          resource: arn("codecommit", "infra"),
          why: "CodeCommit (none for GitHub)",
        },
        { action: "codeconnections:UseConnection", resource: connection, why: "the repository's code" },
      ],
    },
    {
      id: "notifier (GitHub)",
      principal: app.role("NotificationsNotifierServiceRole"),
      mustAllow: [
        {
          action: "secretsmanager:GetSecretValue",
          resource: credentials,
          why: "comment and gate through the API",
        },
      ],
      mustDeny: [
        { action: "secretsmanager:GetSecretValue", resource: webhookSecret, why: "the webhook secret" },
        {
          action: "codecommit:PostCommentForPullRequest",
          resource: arn("codecommit", "infra"),
          why: "CodeCommit",
        },
        { action: "s3:PutObject", resource: listing, context: HTTPS, why: "the cloner's listing pages" },
      ],
    },
    ...["Dev", "Qa", "Prod"].map((environment) => ({
      id: `${environment.toLowerCase()} pipeline's Source action (GitHub)`,
      principal: app.role(`${environment}PipelineSourceCodePipelineActionRole`),
      mustAllow: [
        {
          action: "codeconnections:UseConnection",
          resource: connection,
          why: "read the branch through the connection",
        },
        {
          action: "s3:PutObject",
          resource: `arn:${PARTITION}:s3:::${artifacts}/acme-${environment.toLowerCase()}/Source/abc.zip`,
          context: HTTPS,
          why: "write the source artifact",
        },
      ],
      mustDeny: [
        { action: "codeconnections:UseConnection", resource: otherConnection, why: "another connection" },
        {
          action: "codestar-connections:UseConnection",
          resource: otherStarConnection,
          why: "another (older) connection",
        },
        {
          action: "codeconnections:PassConnection",
          resource: connection,
          why: "handing the connection to a service",
        },
        { action: "secretsmanager:GetSecretValue", resource: credentials, why: "the App's credentials" },
      ],
    })),
  ];
}
