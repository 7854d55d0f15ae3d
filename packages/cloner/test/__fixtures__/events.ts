/**
 * Realistic EventBridge events, in the shapes of the CodeCommit user guide's event reference
 * ("CodeCommit Repository State Change", "CodeCommit Pull Request State Change") and of scheduled events.
 */

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
let sequence = 0;

/** A fresh EventBridge event id (a UUID-shaped string, unique within the test run). */
export function eventId(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, "0")}`;
}

/** A 40-character commit id derived from a label (`commit("f1")`). */
export function commit(label: string): string {
  const hex = [...label].map((char) => char.charCodeAt(0).toString(16)).join("");
  return hex.padEnd(40, "0").slice(0, 40);
}

function envelope(detailType: string, repository: string, detail: Record<string, unknown>, id = eventId()) {
  return {
    version: "0",
    id,
    "detail-type": detailType,
    source: "aws.codecommit",
    account: ACCOUNT,
    time: "2026-11-27T10:42:07Z",
    region: REGION,
    resources: [`arn:aws:codecommit:${REGION}:${ACCOUNT}:${repository}`],
    detail,
  };
}

/**
 * A branch created, updated (pushed) or deleted.
 *
 * @example
 * branchEvent("referenceCreated", "infra", "feature/login", { commitId: commit("f1") });
 */
export function branchEvent(
  event: "referenceCreated" | "referenceUpdated" | "referenceDeleted",
  repository: string,
  branch: string,
  commits: { commitId?: string; oldCommitId?: string },
  id?: string,
) {
  return envelope(
    "CodeCommit Repository State Change",
    repository,
    {
      callerUserArn: `arn:aws:iam::${ACCOUNT}:user/mary.major`,
      event,
      repositoryName: repository,
      repositoryId: "3f6c2a1e-8b4d-4e7a-9c0f-2d5b7e9a1c3f",
      referenceType: "branch",
      referenceName: branch,
      referenceFullName: `refs/heads/${branch}`,
      ...(commits.commitId ? { commitId: commits.commitId } : {}),
      ...(commits.oldCommitId ? { oldCommitId: commits.oldCommitId } : {}),
    },
    id,
  );
}

/**
 * The fields a pull-request event takes from a pull request the fake repository holds.
 *
 * @example
 * pullRequestEvent("pullRequestCreated", pullRequestFieldsOf("infra", codeCommit.openPullRequest({ ... })));
 */
export function pullRequestFieldsOf(
  repository: string,
  pullRequest: Pick<
    PullRequestFields,
    "pullRequestId" | "sourceBranch" | "destinationBranch" | "sourceCommit" | "destinationCommit"
  >,
): PullRequestFields {
  const { pullRequestId, sourceBranch, destinationBranch, sourceCommit, destinationCommit } = pullRequest;
  return { repository, pullRequestId, sourceBranch, destinationBranch, sourceCommit, destinationCommit };
}

/** What a pull-request event says about the pull request. */
export interface PullRequestFields {
  readonly repository: string;
  readonly pullRequestId: string;
  readonly sourceBranch: string;
  readonly destinationBranch: string;
  readonly sourceCommit: string;
  readonly destinationCommit: string;
  readonly title?: string;
  /** The pull request's revision; a fixed one when absent. */
  readonly revisionId?: string;
}

/**
 * A pull-request event: created, source branch updated, status changed (closed or reopened), merged.
 *
 * @example
 * pullRequestEvent("pullRequestCreated", { repository: "infra", pullRequestId: "1", sourceBranch: "feature/login", destinationBranch: "develop", sourceCommit: commit("f1"), destinationCommit: commit("d1") });
 */
export function pullRequestEvent(
  event:
    | "pullRequestCreated"
    | "pullRequestSourceBranchUpdated"
    | "pullRequestStatusChanged"
    | "pullRequestMergeStatusUpdated",
  fields: PullRequestFields,
  state: { status?: "Open" | "Closed"; merged?: boolean } = {},
  id?: string,
) {
  const status = state.status ?? "Open";
  return envelope(
    "CodeCommit Pull Request State Change",
    fields.repository,
    {
      author: `arn:aws:iam::${ACCOUNT}:user/mary.major`,
      callerUserArn: `arn:aws:iam::${ACCOUNT}:user/mary.major`,
      creationDate: "Fri Nov 27 10:20:01 UTC 2026",
      description: "",
      destinationCommit: fields.destinationCommit,
      destinationReference: `refs/heads/${fields.destinationBranch}`,
      event,
      isMerged: state.merged ? "True" : "False",
      lastModifiedDate: "Fri Nov 27 10:20:01 UTC 2026",
      notificationBody: `A pull request event occurred in the following AWS CodeCommit repository: ${fields.repository}.`,
      pullRequestId: fields.pullRequestId,
      pullRequestStatus: status,
      repositoryNames: [fields.repository],
      revisionId: fields.revisionId ?? "4d7f9a2c8e1b3f5a6c0d2e4f8a9b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f1a2b",
      sourceCommit: fields.sourceCommit,
      sourceReference: `refs/heads/${fields.sourceBranch}`,
      title: fields.title ?? `Merge ${fields.sourceBranch}`,
      ...(state.merged ? { mergeOption: "FAST_FORWARD_MERGE" } : {}),
    },
    id,
  );
}

/**
 * A CodePipeline "Pipeline Execution State Change" (CodePipeline user guide, "Monitoring CodePipeline events").
 *
 * @example
 * pipelineExecutionEvent("acme-dev-pr-1", "00000001-0000-4000-8000-000000000000", "SUCCEEDED");
 */
export function pipelineExecutionEvent(
  pipeline: string,
  executionId: string,
  state: "STARTED" | "SUCCEEDED" | "FAILED" | "STOPPED" | "SUPERSEDED",
  options: { id?: string; time?: string } = {},
) {
  return {
    version: "0",
    id: options.id ?? eventId(),
    "detail-type": "CodePipeline Pipeline Execution State Change",
    source: "aws.codepipeline",
    account: ACCOUNT,
    time: options.time ?? "2026-11-27T12:30:00Z",
    region: REGION,
    resources: [`arn:aws:codepipeline:${REGION}:${ACCOUNT}:${pipeline}`],
    detail: {
      pipeline,
      "execution-id": executionId,
      "execution-trigger": { "trigger-type": "StartPipelineExecution", "trigger-detail": FUNCTION_ARN },
      state,
      version: 1,
      "pipeline-execution-attempt": 1,
    },
  };
}

/**
 * The reconcile schedule's event.
 *
 * @example
 * scheduledEvent();
 */
export function scheduledEvent(id = eventId()) {
  return {
    version: "0",
    id,
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: ACCOUNT,
    time: "2026-11-27T12:00:00Z",
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/acme-reconcile`],
    detail: {},
  };
}

/** The function ARN the fake Lambda context carries (its account and region are the fake's). */
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:acme-cloner`;
