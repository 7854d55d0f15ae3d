import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  CodeCommitClient,
  GetCommentsForPullRequestCommand,
  GetPullRequestCommand,
  PostCommentForPullRequestCommand,
  UpdateCommentCommand,
} from "@aws-sdk/client-codecommit";
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-codepipeline";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { MANAGED_TAGS, PULL_REQUEST_RUN_KIND, previewMarkerLine } from "@tributary/core";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { commit } from "../../../test/__fixtures__/events";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";
import {
  cloneTags,
  codeCommitError,
  executionOf,
  openPullRequest,
} from "../../../test/__fixtures__/pull-request-clone";
import { METRICS_NAMESPACE, NOTIFIER_SERVICE_NAME } from "../../aws/constants";
import { createNotifier, type NotifierResult } from "./create-notifier";

const codePipeline = mockClient(CodePipelineClient);
const codeCommit = mockClient(CodeCommitClient);
const PIPELINE = "acme-dev-pr-42";
const EXECUTION = "00000002-0000-4000-8000-000000000000";
const HEAD = commit("head");
const REVISION = "rev-2";

function clone(tags: Record<string, string> = { [MANAGED_TAGS.pullRequest]: "42" }) {
  codePipeline.on(ListTagsForResourceCommand).resolves(cloneTags(tags));
}

function run(commitId: string, actions: Array<Record<string, unknown>>) {
  codePipeline.on(GetPipelineExecutionCommand).resolves(executionOf(commitId));
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

function notifier() {
  return createNotifier({
    clients: {
      codePipeline: new CodePipelineClient({ region: "eu-west-1" }),
      sns: new SNSClient({ region: "eu-west-1" }),
      codeCommit: new CodeCommitClient({ region: "eu-west-1" }),
      s3: new S3Client({ region: "eu-west-1" }),
    },
    logger: new Logger({ logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: NOTIFIER_SERVICE_NAME }),
  });
}

/** What the pull-request rule's input transformer sends for one run. */
function runInput(state: string, overrides: Record<string, unknown> = {}) {
  return {
    kind: PULL_REQUEST_RUN_KIND,
    eventId: "ev-1",
    pipeline: PIPELINE,
    executionId: EXECUTION,
    state,
    time: "2026-11-27T12:05:00Z",
    region: "eu-west-1",
    account: "123456789012",
    project: "acme",
    repository: "infra",
    ...overrides,
  };
}

const report = async (
  state: "STARTED" | "SUCCEEDED" | "FAILED" | "STOPPED" = "SUCCEEDED",
): Promise<NotifierResult> => notifier()(runInput(state), lambdaContext());

beforeEach(() => {
  codePipeline.reset();
  codeCommit.reset();
  clone();
  codeCommit.on(GetPullRequestCommand).resolves(openPullRequest(REVISION, HEAD));
  codeCommit.on(PostCommentForPullRequestCommand).resolves({ comment: { commentId: "c-new" } });
  codeCommit.on(UpdateCommentCommand).resolves({ comment: {} });
  comments();
});

describe("the living comment, written by the notifier", () => {
  it("given a green run of the PR's head and no living comment, when notified, then it posts the comment and approves nothing", async () => {
    run(HEAD, [source, testPassed]);

    const result = await report();

    expect(result).toEqual({ outcome: "commented", pullRequestId: "42", comment: "post" });
    expect(codeCommit.calls().map((call) => call.args[0].constructor.name)).not.toContain(
      "UpdatePullRequestApprovalStateCommand",
    );
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

  it("given an older run's living comment, when notified, then it is updated in place and nothing is posted", async () => {
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

    expect(result).toMatchObject({ comment: "skip" });
    expect(codeCommit.commandCalls(UpdateCommentCommand)).toHaveLength(0);
    expect(codeCommit.commandCalls(PostCommentForPullRequestCommand)).toHaveLength(0);
  });

  it("given a red Test run of the PR's head, when notified, then the comment says Test failed and TaskCat failed", async () => {
    run(HEAD, [source, testFailed]);

    await report("FAILED");

    const content = codeCommit.commandCalls(PostCommentForPullRequestCommand)[0]?.args[0].input.content;
    expect(content).toContain(
      "❌ Pipeline run **failed** at `Test` / `Test`: Build terminated with state: FAILED.",
    );
    expect(content).toContain("TaskCat: **failed**");
    expect(content).toContain("No change-set preview: the run stopped before the Preview step.");
  });

  it("given a green run of a commit the PR has moved past, when notified, then the comment names the run's own commit", async () => {
    run(commit("older"), [source, testPassed]);

    await report();

    expect(codeCommit.commandCalls(PostCommentForPullRequestCommand)[0]?.args[0].input.content).toContain(
      commit("older").slice(0, 7),
    );
  });

  it("given a run that started and no living comment, when notified, then the first version links the pipeline and reads no actions", async () => {
    run(HEAD, []);

    const result = await report("STARTED");

    expect(result).toMatchObject({ comment: "post" });
    const content = codeCommit.commandCalls(PostCommentForPullRequestCommand)[0]?.args[0].input.content;
    expect(content?.split("\n")[0]).toBe(marker("pending", "2026-11-27T12:05:00.000Z"));
    expect(content).toContain(`Pipeline ${PIPELINE} runs on every push`);
    expect(codePipeline.commandCalls(ListActionExecutionsCommand)).toHaveLength(0);
  });

  it("given a run that started and a living comment (a reopened PR, a later push), when notified, then the comment is left alone", async () => {
    run(HEAD, []);
    comments(`${marker("00000001-0000-4000-8000-000000000000", "2026-11-27T11:00:00Z")}\nold`);

    const result = await report("STARTED");

    expect(result).toMatchObject({ comment: "skip" });
    expect(codeCommit.commandCalls(UpdateCommentCommand)).toHaveLength(0);
    expect(codeCommit.commandCalls(PostCommentForPullRequestCommand)).toHaveLength(0);
  });

  it("given a living comment another author wrote with the marker, when updating is refused, then the notifier posts its own", async () => {
    run(HEAD, [source, testPassed]);
    comments(`${marker("00000001-0000-4000-8000-000000000000", "2026-11-27T11:00:00Z")}\ncopied`);
    codeCommit.on(UpdateCommentCommand).rejects(codeCommitError("CommentNotCreatedByCallerException"));

    await report();

    expect(codeCommit.commandCalls(PostCommentForPullRequestCommand)).toHaveLength(1);
  });

  it("given another project's pull-request clone, when its run is notified, then nothing reaches CodeCommit", async () => {
    clone({ [MANAGED_TAGS.project]: "zeta", [MANAGED_TAGS.pullRequest]: "42" });

    const result = await report();

    expect(result).toMatchObject({ outcome: "ignored" });
    expect(codeCommit.calls()).toHaveLength(0);
  });

  it("given throttling on UpdateComment, when notified, then the failure is rethrown for Lambda's retry", async () => {
    run(HEAD, [source, testPassed]);
    comments(`${marker("00000001-0000-4000-8000-000000000000", "2026-11-27T11:00:00Z")}\nold`);
    codeCommit.on(UpdateCommentCommand).rejects(codeCommitError("ThrottlingException"));

    await expect(report()).rejects.toThrow("ThrottlingException");
  });

  it("given comments on two pages, when the living comment is searched, then both pages are read", async () => {
    run(HEAD, [source, testPassed]);
    const pages = [
      {
        commentsForPullRequestData: [{ comments: [{ commentId: "c-1", content: "hi" }] }],
        nextToken: "t",
      },
      {
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
      },
    ];
    // Each request as it was sent (the SDK's paginator reuses one input object for every page).
    const requests: unknown[] = [];
    codeCommit.on(GetCommentsForPullRequestCommand).callsFake((input: object) => {
      requests.push({ ...input });
      return pages[requests.length - 1];
    });

    await report();

    expect(requests).toEqual([
      { pullRequestId: "42", maxResults: 500 },
      { pullRequestId: "42", maxResults: 500, nextToken: "t" },
    ]);
    expect(codeCommit.commandCalls(UpdateCommentCommand)[0]?.args[0].input.commentId).toBe("c-2");
  });

  it("given input without a repository, when notified, then it is dropped as a bad event and nothing is called", async () => {
    const result = await notifier()(runInput("SUCCEEDED", { repository: undefined }), lambdaContext());

    expect(result).toEqual({ outcome: "dropped", reason: "bad-event" });
    expect([...codePipeline.calls(), ...codeCommit.calls()]).toHaveLength(0);
  });

  it("given an update of the living comment, when notified, then it costs six CodePipeline and CodeCommit calls (seven with the S3 read of preview.json)", async () => {
    run(HEAD, [source, testPassed]);
    comments(`${marker("00000001-0000-4000-8000-000000000000", "2026-11-27T11:00:00Z")}\nold`);

    await report();

    const calls = [...codePipeline.calls(), ...codeCommit.calls()].map((call) =>
      (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, ""),
    );
    // Without a reports bucket there is no S3 GetObject; with one, the comment costs one more call (integration tests).
    expect(calls.sort()).toEqual(
      [
        "ListTagsForResource",
        "GetPipelineExecution",
        "GetPullRequest",
        "ListActionExecutions",
        "GetCommentsForPullRequest",
        "UpdateComment",
      ].sort(),
    );
  });
});
