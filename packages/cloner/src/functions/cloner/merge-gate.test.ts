import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  CodeCommitClient,
  GetPullRequestCommand,
  UpdatePullRequestApprovalStateCommand,
} from "@aws-sdk/client-codecommit";
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-codepipeline";
import { defineConfig, MANAGED_TAGS } from "@tributary/core";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { testClients } from "../../../test/__fixtures__/cloner-clients";
import { commit, pipelineExecutionEvent } from "../../../test/__fixtures__/events";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";
import {
  cloneTags,
  codeCommitError,
  executionOf,
  openPullRequest,
} from "../../../test/__fixtures__/pull-request-clone";
import { METRICS_NAMESPACE, SERVICE_NAME } from "../../aws/constants";
import { createHandler } from "./create-handler";

const config = defineConfig({ project: "acme", repository: "infra" });
const codePipeline = mockClient(CodePipelineClient);
const codeCommit = mockClient(CodeCommitClient);
const PIPELINE = "acme-dev-pr-42";
const EXECUTION = "00000002-0000-4000-8000-000000000000";
const HEAD = commit("head");
const REVISION = "rev-2";

function clone(tags: Record<string, string> = { [MANAGED_TAGS.pullRequest]: "42" }) {
  codePipeline.on(ListTagsForResourceCommand).resolves(cloneTags(tags));
}

function run(commitId: string) {
  codePipeline.on(GetPipelineExecutionCommand).resolves(executionOf(commitId));
}

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
  codeCommit.on(GetPullRequestCommand).resolves(openPullRequest(REVISION, HEAD));
  codeCommit.on(UpdatePullRequestApprovalStateCommand).resolves({});
});

describe("the merge gate after a finished run", () => {
  it("given a green run of the PR's head, when reported, then it approves the current revision and writes no comment", async () => {
    run(HEAD);

    const result = await report();

    expect(result.outcomes).toEqual([
      { action: "reportPipelineRun", subject: PIPELINE, outcome: "reported", reason: "approval: approve" },
    ]);
    expect(codeCommit.commandCalls(UpdatePullRequestApprovalStateCommand)[0]?.args[0].input).toEqual({
      pullRequestId: "42",
      revisionId: REVISION,
      approvalState: "APPROVE",
    });
  });

  it.each<["FAILED" | "STOPPED"]>([["FAILED"], ["STOPPED"]])(
    "given a %s run of the PR's head, when reported, then it revokes the current revision",
    async (state) => {
      run(HEAD);

      const result = await report(state);

      expect(result.outcomes[0]?.reason).toBe("approval: revoke");
      expect(codeCommit.commandCalls(UpdatePullRequestApprovalStateCommand)[0]?.args[0].input).toEqual({
        pullRequestId: "42",
        revisionId: REVISION,
        approvalState: "REVOKE",
      });
    },
  );

  it("given a green run of a commit the PR has moved past, when reported, then no approval changes", async () => {
    run(commit("older"));

    const result = await report();

    expect(result.outcomes[0]?.reason).toBe("approval: none");
    expect(codeCommit.commandCalls(UpdatePullRequestApprovalStateCommand)).toHaveLength(0);
  });

  it("given the revision moved on between the read and the approval, when reported, then the run is reported as stale, not failed", async () => {
    run(HEAD);
    codeCommit
      .on(UpdatePullRequestApprovalStateCommand)
      .rejects(codeCommitError("RevisionNotCurrentException"));

    const result = await report();

    expect(result.outcomes[0]).toMatchObject({ outcome: "reported", reason: "approval: stale" });
  });

  it("given a pipeline without the PR's tags, when its run is reported, then nothing reaches CodeCommit", async () => {
    clone({ [MANAGED_TAGS.pullRequest]: "7" });

    const result = await report();

    expect(result.outcomes[0]).toMatchObject({ outcome: "ignored" });
    expect(codeCommit.calls()).toHaveLength(0);
  });

  it("given throttling on the approval, when reported, then the failure is rethrown for Lambda's retry", async () => {
    run(HEAD);
    codeCommit.on(UpdatePullRequestApprovalStateCommand).rejects(codeCommitError("ThrottlingException"));

    await expect(report()).rejects.toThrow("ThrottlingException");
  });

  it("given an approval, when reported, then it costs four calls and none of them reads or writes a comment", async () => {
    run(HEAD);

    await report();

    const calls = [...codePipeline.calls(), ...codeCommit.calls()].map((call) =>
      (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, ""),
    );
    console.log(`Calls per approval (cloner): ${calls.length} (${calls.join(", ")})`);
    expect(calls).toEqual([
      "ListTagsForResource",
      "GetPipelineExecution",
      "GetPullRequest",
      "UpdatePullRequestApprovalState",
    ]);
  });
});

describe("revoking on a new revision", () => {
  it("given a push to a PR's source, when handled, then the run starts and the event's revision is revoked", async () => {
    const { pullRequestEvent } = await import("../../../test/__fixtures__/events");
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
