/** `tributary plan --example <kind>`: a valid sample EventBridge event of each kind the cloner handles. */
import {
  PULL_REQUEST_STATE_CHANGE,
  REPOSITORY_STATE_CHANGE,
  SCHEDULED_EVENT,
  type TributaryConfig,
} from "@tributary/core";

// Shaped like the examples of the CodeCommit user guide ("Monitoring CodeCommit events"), field for field as
// core's test fixtures (packages/core/src/events/__fixtures__); the test compares them.
const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const USER = `arn:aws:iam::${ACCOUNT}:user/mary.major`;
const COMMIT = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const PREVIOUS_COMMIT = "6e8b2f0a9c4d1e7f3a5b8c0d2e4f6a8b0c1d3e5f";
const DEVELOP_COMMIT = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";

type Example = (config: TributaryConfig) => Record<string, unknown>;

function envelope(
  config: TributaryConfig,
  id: string,
  detailType: string,
  detail: Record<string, unknown>,
): Record<string, unknown> {
  return {
    version: "0",
    id,
    "detail-type": detailType,
    source: "aws.codecommit",
    account: ACCOUNT,
    time: "2026-11-27T10:15:30Z",
    region: REGION,
    resources: [`arn:aws:codecommit:${REGION}:${ACCOUNT}:${config.repository}`],
    detail,
  };
}

function reference(event: "referenceCreated" | "referenceUpdated" | "referenceDeleted", id: string): Example {
  return (config) => {
    const branch = `${config.branches.prefixes.feature}login`;
    const commits =
      event === "referenceCreated"
        ? { commitId: COMMIT }
        : event === "referenceUpdated"
          ? { commitId: COMMIT, oldCommitId: PREVIOUS_COMMIT }
          : { oldCommitId: COMMIT };
    return envelope(config, id, REPOSITORY_STATE_CHANGE, {
      callerUserArn: USER,
      event,
      repositoryName: config.repository,
      repositoryId: "3f6c2a1e-8b4d-4e7a-9c0f-2d5b7e9a1c3f",
      referenceType: "branch",
      referenceName: branch,
      referenceFullName: `refs/heads/${branch}`,
      ...commits,
    });
  };
}

function pullRequest(
  event: string,
  status: "Open" | "Closed",
  merged: boolean,
  id: string,
  what: string,
): Example {
  return (config) => {
    const branch = `${config.branches.prefixes.feature}login`;
    return envelope(config, id, PULL_REQUEST_STATE_CHANGE, {
      author: USER,
      callerUserArn: USER,
      creationDate: "Fri Nov 27 10:20:01 UTC 2026",
      description: "Adds the login page.",
      destinationCommit: DEVELOP_COMMIT,
      destinationReference: `refs/heads/${config.branches.develop}`,
      event,
      isMerged: merged ? "True" : "False",
      lastModifiedDate: "Fri Nov 27 10:20:01 UTC 2026",
      notificationBody: `A pull request event occurred in the following AWS CodeCommit repository: ${config.repository}. User: ${USER}. Event: ${what}. Pull request name: 42.`,
      pullRequestId: "42",
      pullRequestStatus: status,
      repositoryNames: [config.repository],
      revisionId: "4d7f9a2c8e1b3f5a6c0d2e4f8a9b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f1a2b",
      sourceCommit: COMMIT,
      sourceReference: `refs/heads/${branch}`,
      title: "Add login page",
      ...(merged ? { mergeOption: "SQUASH_MERGE" } : {}),
    });
  };
}

/**
 * The sample events, by kind: what `plan --example <kind>` prints, each valid for the given config (its repository,
 * its feature prefix and develop branch).
 *
 * @example
 * EXAMPLE_EVENTS["branch-created"].build(config).detail; // { event: "referenceCreated", referenceName: "feature/login", … }
 */
export const EXAMPLE_EVENTS = {
  "branch-created": {
    description: "a feature branch is pushed for the first time",
    build: reference("referenceCreated", "0b6c7a52-1f8e-4d3b-a6c9-7e2f4b8d1a05"),
  },
  "branch-updated": {
    description: "new commits on the feature branch",
    build: reference("referenceUpdated", "1c7d8b63-2a9f-4e4c-b7da-8f3a5c9e2b16"),
  },
  "branch-deleted": {
    description: "the feature branch is deleted (its clone and ephemeral stack go)",
    build: reference("referenceDeleted", "2d8e9c74-3b0a-4f5d-8ceb-9a4b6d0f3c27"),
  },
  "pull-request-created": {
    description: "pull request 42 from the feature branch into develop is opened",
    build: pullRequest(
      "pullRequestCreated",
      "Open",
      false,
      "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f",
      "Created",
    ),
  },
  "pull-request-source-updated": {
    description: "new commits on the pull request's source branch",
    build: pullRequest(
      "pullRequestSourceBranchUpdated",
      "Open",
      false,
      "d3e4f5a6-b7c8-4d9e-8f0a-2b3c4d5e6f7a",
      "Updated",
    ),
  },
  "pull-request-merged": {
    description: "the pull request is merged (its clone goes)",
    build: pullRequest(
      "pullRequestMergeStatusUpdated",
      "Closed",
      true,
      "a6b7c8d9-e0f1-4a2b-9c3d-5e6f7a8b9c0d",
      "Merged",
    ),
  },
  "pull-request-closed": {
    description: "the pull request is closed without merging (its clone goes)",
    build: pullRequest(
      "pullRequestStatusChanged",
      "Closed",
      false,
      "e4f5a6b7-c8d9-4e0f-9a1b-3c4d5e6f7a8b",
      "Status changed",
    ),
  },
  "scheduled-reconcile": {
    description: "the reconcile schedule fires",
    build: () => ({
      version: "0",
      id: "b7c8d9e0-f1a2-4b3c-8d4e-6f7a8b9c0d1e",
      "detail-type": SCHEDULED_EVENT,
      source: "aws.events",
      account: ACCOUNT,
      time: "2026-11-27T12:00:00Z",
      region: REGION,
      resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/reconcile`],
      detail: {},
    }),
  },
} as const satisfies Record<string, { readonly description: string; readonly build: Example }>;

/**
 * A kind of `EXAMPLE_EVENTS`.
 *
 * @example
 * const kind: ExampleKind = "pull-request-merged";
 */
export type ExampleKind = keyof typeof EXAMPLE_EVENTS;

/**
 * Whether `kind` names a sample event.
 *
 * @example
 * isExampleKind("branch-created"); // true
 */
export function isExampleKind(kind: string): kind is ExampleKind {
  return Object.hasOwn(EXAMPLE_EVENTS, kind);
}

/**
 * The `--help` lines that list the sample events.
 *
 * @example
 * exampleKindsHelp(); // "  branch-created               a feature branch is pushed for the first time\n…"
 */
export function exampleKindsHelp(): string {
  return Object.entries(EXAMPLE_EVENTS)
    .map(([kind, { description }]) => `  ${kind.padEnd(29)}${description}`)
    .join("\n");
}
