import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  CodeCommitClient,
  CodeCommitServiceException,
  GetCommentsForPullRequestCommand,
  GetPullRequestCommand,
  PostCommentForPullRequestCommand,
  UpdateCommentCommand,
  UpdatePullRequestApprovalStateCommand,
} from "@aws-sdk/client-codecommit";
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-codepipeline";
import { defineConfig, MANAGED_TAGS, previewMarkerLine } from "@tributary/core";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { testClients } from "../test/__fixtures__/cloner-clients";
import { commit, pipelineExecutionEvent } from "../test/__fixtures__/events";
import { lambdaContext } from "../test/__fixtures__/lambda-context";
import { METRICS_NAMESPACE, SERVICE_NAME } from "./constants";
import { createHandler } from "./create-handler";

const config = defineConfig({ project: "acme", repository: "infra" });
const codePipeline = mockClient(CodePipelineClient);
const codeCommit = mockClient(CodeCommitClient);
const PIPELINE = "acme-dev-pr-42";
const EXECUTION = "00000002-0000-4000-8000-000000000000";
const HEAD = commit("head");
const REVISION = "rev-2";

const codeCommitError = (name: string) =>
  new CodeCommitServiceException({
    name,
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
    message: name,
  });

function clone(tags: Record<string, string> = { [MANAGED_TAGS.pullRequest]: "42" }) {
  codePipeline.on(ListTagsForResourceCommand).resolves({
    tags: Object.entries({ [MANAGED_TAGS.managed]: "true", [MANAGED_TAGS.project]: "acme", ...tags }).map(
      ([key, value]) => ({ key, value }),
    ),
  });
}

function run(commitId: string, actions: Array<Record<string, unknown>>) {
  codePipeline.on(GetPipelineExecutionCommand).resolves({
    pipelineExecution: {
      status: "Succeeded",
      artifactRevisions: [{ name: "SourceOutput", revisionId: commitId }],
    },
  });
  codePipeline.on(ListActionExecutionsCommand).resolves({ actionExecutionDetails: actions });
}

const started = new Date("2026-11-27T12:00:00Z");
const source = { stageName: "Source", actionName: "Source", status: "Succeeded", startTime: started };
const testPassed = {
  stageName: "Test",
  actionName: "Test",
  status: "Succeeded",
  startTime: new Date("2026-11-27T12:00:30Z"),
  output: { outputVariables: { LINT_FINDINGS: "0" } },
};
const testFailed = {
  stageName: "Test",
  actionName: "Test",
  status: "Failed",
  startTime: new Date("2026-11-27T12:00:30Z"),
  output: { executionResult: { errorDetails: { message: "Build terminated with state: FAILED" } } },
};

function comments(...contents: string[]) {
  codeCommit.on(GetCommentsForPullRequestCommand).resolves({
    commentsForPullRequestData: [
      { comments: contents.map((content, index) => ({ commentId: `c-${index + 1}`, content })) },
    ],
  });
}

const marker = (executionId: string, startedAt: string) =>
  previewMarkerLine({ pullRequestId: "42", executionId, startedAt });

function handler() {
  return createHandler({
    config,
    clients: testClients(),
    logger: new Logger({ logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
  });
}

const report = async (state: "SUCCEEDED" | "FAILED" | "STOPPED" = "SUCCEEDED") =>
  handler()(pipelineExecutionEvent(PIPELINE, EXECUTION, state), lambdaContext());

beforeEach(() => {
  codePipeline.reset();
  codeCommit.reset();
  clone();
  codeCommit.on(GetPullRequestCommand).resolves({
    pullRequest: {
      pullRequestId: "42",
      pullRequestStatus: "OPEN",
      revisionId: REVISION,
      pullRequestTargets: [
        { repositoryName: "infra", sourceCommit: HEAD, destinationCommit: commit("dest") },
      ],
    },
  });
  codeCommit.on(UpdatePullRequestApprovalStateCommand).resolves({});
  codeCommit.on(PostCommentForPullRequestCommand).resolves({ comment: { commentId: "c-new" } });
  codeCommit.on(UpdateCommentCommand).resolves({ comment: {} });
  comments();
});

describe("reporting a finished run to its pull request", () => {
  it("given a green run of the PR's head and no living comment, when reported, then it approves the current revision and posts the comment", async () => {
    run(HEAD, [source, testPassed]);

    const result = await report();

    expect(result.outcomes).toEqual([
      {
        action: "reportPipelineRun",
        subject: PIPELINE,
        outcome: "reported",
        reason: "comment: post; approval: approve",
      },
    ]);
    expect(codeCommit.commandCalls(UpdatePullRequestApprovalStateCommand)[0]?.args[0].input).toEqual({
      pullRequestId: "42",
      revisionId: REVISION,
      approvalState: "APPROVE",
    });
    const posted = codeCommit.commandCalls(PostCommentForPullRequestCommand)[0]?.args[0].input;
    expect(posted).toMatchObject({
      pullRequestId: "42",
      repositoryName: "infra",
      afterCommitId: HEAD,
      beforeCommitId: commit("dest"),
    });
    expect(posted?.content?.split("\n")[0]).toBe(marker(EXECUTION, "2026-11-27T12:00:00.000Z"));
    expect(posted?.content).toContain("✅ Pipeline run **succeeded**.");
  });

  it("given an older run's living comment, when reported, then it is updated in place and nothing is posted", async () => {
    run(HEAD, [source, testPassed]);
    comments(
      "a human's comment",
      `${marker("00000001-0000-4000-8000-000000000000", "2026-11-27T11:00:00Z")}\nold`,
    );

    await report();

    expect(codeCommit.commandCalls(UpdateCommentCommand)[0]?.args[0].input).toEqual({
      commentId: "c-2",
      content: expect.stringContaining(`execution=${EXECUTION}`),
    });
    expect(codeCommit.commandCalls(PostCommentForPullRequestCommand)).toHaveLength(0);
  });

  it("given a newer run's living comment, when an older run reports late, then the comment is left alone", async () => {
    run(HEAD, [source, testPassed]);
    comments(`${marker("00000003-0000-4000-8000-000000000000", "2026-11-27T13:00:00Z")}\nnewer`);

    const result = await report();

    expect(result.outcomes[0]?.reason).toBe("comment: skip; approval: approve");
    expect(codeCommit.commandCalls(UpdateCommentCommand)).toHaveLength(0);
    expect(codeCommit.commandCalls(PostCommentForPullRequestCommand)).toHaveLength(0);
  });

  it("given a red Test run of the PR's head, when reported, then it revokes and the comment says Test failed and TaskCat failed", async () => {
    run(HEAD, [source, testFailed]);

    await report("FAILED");

    expect(
      codeCommit.commandCalls(UpdatePullRequestApprovalStateCommand)[0]?.args[0].input.approvalState,
    ).toBe("REVOKE");
    const content = codeCommit.commandCalls(PostCommentForPullRequestCommand)[0]?.args[0].input.content;
    expect(content).toContain(
      "❌ Pipeline run **failed** at `Test` / `Test`: Build terminated with state: FAILED.",
    );
    expect(content).toContain("TaskCat: **failed**");
    expect(content).toContain("No change-set preview: the run stopped before the Preview step.");
  });

  it("given a green run of a commit the PR has moved past, when reported, then no approval changes but the comment is written", async () => {
    run(commit("older"), [source, testPassed]);

    const result = await report();

    expect(result.outcomes[0]?.reason).toBe("comment: post; approval: none");
    expect(codeCommit.commandCalls(UpdatePullRequestApprovalStateCommand)).toHaveLength(0);
  });

  it("given the revision moved on between the read and the approval, when reported, then the run is reported as stale, not failed", async () => {
    run(HEAD, [source, testPassed]);
    codeCommit
      .on(UpdatePullRequestApprovalStateCommand)
      .rejects(codeCommitError("RevisionNotCurrentException"));

    const result = await report();

    expect(result.outcomes[0]).toMatchObject({
      outcome: "reported",
      reason: "comment: post; approval: stale",
    });
  });

  it("given a living comment another author wrote with the marker, when updating is refused, then the cloner posts its own", async () => {
    run(HEAD, [source, testPassed]);
    comments(`${marker("00000001-0000-4000-8000-000000000000", "2026-11-27T11:00:00Z")}\ncopied`);
    codeCommit.on(UpdateCommentCommand).rejects(codeCommitError("CommentNotCreatedByCallerException"));

    await report();

    expect(codeCommit.commandCalls(PostCommentForPullRequestCommand)).toHaveLength(1);
  });

  it("given a pipeline without the PR's tags, when its run is reported, then nothing reaches CodeCommit", async () => {
    clone({ [MANAGED_TAGS.pullRequest]: "7" });

    const result = await report();

    expect(result.outcomes[0]).toMatchObject({ outcome: "ignored" });
    expect(codeCommit.calls()).toHaveLength(0);
  });

  it("given throttling on UpdateComment, when reported, then the failure is rethrown for Lambda's retry", async () => {
    run(HEAD, [source, testPassed]);
    comments(`${marker("00000001-0000-4000-8000-000000000000", "2026-11-27T11:00:00Z")}\nold`);
    codeCommit.on(UpdateCommentCommand).rejects(codeCommitError("ThrottlingException"));

    await expect(report()).rejects.toThrow("ThrottlingException");
  });

  it("given comments on two pages, when the living comment is searched, then both pages are read", async () => {
    run(HEAD, [source, testPassed]);
    codeCommit
      .on(GetCommentsForPullRequestCommand)
      .resolvesOnce({
        commentsForPullRequestData: [{ comments: [{ commentId: "c-1", content: "hi" }] }],
        nextToken: "t",
      })
      .resolves({
        commentsForPullRequestData: [
          {
            comments: [
              {
                commentId: "c-2",
                content: `${marker("00000001-0000-4000-8000-000000000000", "2026-11-27T11:00:00Z")}\nold`,
              },
            ],
          },
        ],
      });

    await report();

    expect(
      codeCommit.commandCalls(GetCommentsForPullRequestCommand).map((call) => call.args[0].input),
    ).toEqual([
      { pullRequestId: "42", maxResults: 500 },
      { pullRequestId: "42", maxResults: 500, nextToken: "t" },
    ]);
    expect(codeCommit.commandCalls(UpdateCommentCommand)[0]?.args[0].input.commentId).toBe("c-2");
  });

  it("given an update of the living comment, when reported, then it costs seven CodePipeline and CodeCommit calls (eight with the S3 read of preview.json)", async () => {
    run(HEAD, [source, testPassed]);
    comments(`${marker("00000001-0000-4000-8000-000000000000", "2026-11-27T11:00:00Z")}\nold`);

    await report();

    const calls = [...codePipeline.calls(), ...codeCommit.calls()].map((call) =>
      (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, ""),
    );
    // Without a reports bucket there is no S3 GetObject; with one, the report costs one more call (integration tests).
    expect(calls.sort()).toEqual(
      [
        "ListTagsForResource",
        "GetPipelineExecution",
        "GetPullRequest",
        "UpdatePullRequestApprovalState",
        "ListActionExecutions",
        "GetCommentsForPullRequest",
        "UpdateComment",
      ].sort(),
    );
  });
});

describe("revoking on a new revision", () => {
  it("given a push to a PR's source, when handled, then the run starts and the event's revision is revoked", async () => {
    const { pullRequestEvent } = await import("../test/__fixtures__/events");
    const { StartPipelineExecutionCommand } = await import("@aws-sdk/client-codepipeline");
    codePipeline.on(StartPipelineExecutionCommand).resolves({ pipelineExecutionId: "e-3" });

    const result = await handler()(
      pullRequestEvent("pullRequestSourceBranchUpdated", {
        repository: "infra",
        pullRequestId: "42",
        sourceBranch: "feature/login",
        destinationBranch: "develop",
        sourceCommit: HEAD,
        destinationCommit: commit("dest"),
        revisionId: "rev-3",
      }),
      lambdaContext(),
    );

    expect(result.outcomes.map((outcome) => outcome.outcome)).toEqual(["started", "revoked"]);
    expect(codeCommit.commandCalls(UpdatePullRequestApprovalStateCommand)[0]?.args[0].input).toEqual({
      pullRequestId: "42",
      revisionId: "rev-3",
      approvalState: "REVOKE",
    });
    expect(codeCommit.commandCalls(GetPullRequestCommand)).toHaveLength(0);
  });
});
