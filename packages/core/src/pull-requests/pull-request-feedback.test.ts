import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { config } from "../__fixtures__/arbitraries.js";
import { defineConfig } from "../config/define-config.js";
import succeeded from "../events/__fixtures__/pipeline-execution-succeeded.json" with { type: "json" };
import { parseEvent } from "../events/parse-event.js";
import { planEvent } from "../events/plan-event.js";
import { fixturePages } from "../preview/__fixtures__/change-sets/build.js";
import { CODECOMMIT_COMMENT_LIMIT, commentSize } from "../preview/comment-markdown.js";
import { findPreviewComment, parsePreviewMarker, previewMarkerLine } from "../preview/preview-marker.js";
import type { FinalRunState } from "../shared/types.js";
import {
  decideApproval,
  decideCommentWrite,
  lintFindingsOf,
  openingComment,
  PENDING_EXECUTION,
  type PipelineRunFacts,
  pipelineRunComment,
  pullRequestClonePrefixes,
  pullRequestCloneTags,
  pullRequestOfClone,
  type RunAction,
  runStartedAt,
} from "./pull-request-feedback.js";

const COMMIT = "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e";
const EXECUTION = "0a1b2c3d-0000-4000-8000-000000000000";
const prodConfig = defineConfig({
  project: "acme",
  repository: "infra-deployment",
  routes: { pullRequests: { environmentByDestination: { main: "prod" } } },
});

const source: RunAction = {
  stageName: "Source",
  actionName: "Source",
  status: "Succeeded",
  startTime: "2026-11-27T15:00:00.000Z",
};
const testPassed: RunAction = {
  stageName: "Test",
  actionName: "Test",
  status: "Succeeded",
  startTime: "2026-11-27T15:00:20.000Z",
  outputVariables: {
    LINT_FINDINGS: "2",
    REPORT_URL:
      "https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/acme-dev-pr-42/x/index.html",
  },
};
const testFailed: RunAction = {
  stageName: "Test",
  actionName: "Test",
  status: "Failed",
  startTime: "2026-11-27T15:00:20.000Z",
  summary: "Build terminated with state: FAILED",
};
const previewDone: RunAction = {
  stageName: "Preview",
  actionName: "Preview",
  status: "Succeeded",
  startTime: "2026-11-27T15:02:00.000Z",
  outputVariables: { PREVIEW_STATUS: "changes" },
};

const facts = (overrides: Partial<PipelineRunFacts> = {}): PipelineRunFacts => ({
  pullRequestId: "42",
  pipelineName: "acme-dev-pr-42",
  executionId: EXECUTION,
  state: "SUCCEEDED",
  commitId: COMMIT,
  region: "eu-west-1",
  eventTime: "2026-11-27T15:09:00Z",
  actions: [source, testPassed, previewDone],
  previewDocument: [{ stack: "acme-dev", environment: "dev", pages: fixturePages("every-action") }],
  reportsBucket: "acme-reports",
  ...overrides,
});

describe("which pipelines are pull-request clones", () => {
  it.each([
    ["acme-dev-pr-42", config, { pullRequestId: "42", environment: "dev" }],
    ["acme-prod-pr-7", prodConfig, { pullRequestId: "7", environment: "prod" }],
    ["acme-dev-feature-login", config, undefined],
    ["acme-dev", config, undefined],
    ["acme-dev-pr-", config, undefined],
    ["acme-dev-pr-4x", config, undefined],
    ["other-dev-pr-42", config, undefined],
    ["acme-staging-pr-42", config, undefined],
  ])("given pipeline %s, then its pull request is %j", (name, settings, expected) => {
    expect(pullRequestOfClone(settings, name)).toEqual(expected);
  });

  it("given the project's environments, then the PR clone prefixes are one per environment and name every PR clone", () => {
    expect(pullRequestClonePrefixes(config)).toEqual(["acme-dev-pr-", "acme-qa-pr-", "acme-prod-pr-"]);
    for (const prefix of pullRequestClonePrefixes(config)) {
      expect(pullRequestOfClone(config, `${prefix}42`)?.pullRequestId).toBe("42");
    }
  });

  it("given a pull request, then its clone's expected tags add the pull request to the managed project tags", () => {
    expect(pullRequestCloneTags(config, "42")).toEqual({
      "tributary:managed": "true",
      "tributary:project": "acme",
      "tributary:pull-request": "42",
    });
  });
});

describe("planning a finished run", () => {
  const plan = (raw: unknown) => planEvent(config, parseEvent(raw, config)).actions;
  const withDetail = (detail: Record<string, unknown>) => ({
    ...succeeded,
    detail: { ...succeeded.detail, ...detail },
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a succeeded run of a PR clone", {}, "reportPipelineRun"],
    ["a failed run of a PR clone", { state: "FAILED" }, "reportPipelineRun"],
    ["a stopped run of a PR clone", { state: "STOPPED" }, "reportPipelineRun"],
    ["a superseded run of a PR clone", { state: "SUPERSEDED" }, "ignore"],
    ["a run of a feature clone", { pipeline: "acme-dev-feature-login" }, "ignore"],
    ["a run of an environment pipeline", { pipeline: "acme-dev" }, "ignore"],
    ["a run of another project's clone", { pipeline: "zeta-dev-pr-42" }, "ignore"],
  ])("given %s, then the action is %s", (_name, detail, type) => {
    expect(plan(withDetail(detail)).map((action) => action.type)).toEqual([type]);
  });

  it("given a PR clone's run, then the report names the run and the expected tags", () => {
    expect(plan(succeeded)).toEqual([
      {
        type: "reportPipelineRun",
        pullRequestId: "42",
        pipelineName: "acme-dev-pr-42",
        executionId: EXECUTION,
        state: "SUCCEEDED",
        finishedAt: succeeded.time,
        expectedTags: pullRequestCloneTags(config, "42"),
      },
    ]);
  });
});

describe("the approval after a run (table)", () => {
  const pullRequest = { open: true, sourceCommit: COMMIT, revisionId: "r-2" };
  it.each<[string, FinalRunState, string, typeof pullRequest, string]>([
    ["a green run of the current commit", "SUCCEEDED", COMMIT, pullRequest, "approve"],
    ["a red run of the current commit", "FAILED", COMMIT, pullRequest, "revoke"],
    ["a stopped run of the current commit", "STOPPED", COMMIT, pullRequest, "revoke"],
    ["a superseded run of the current commit", "SUPERSEDED", COMMIT, pullRequest, "none"],
    ["a green run of an older commit", "SUCCEEDED", "0".repeat(40), pullRequest, "none"],
    ["a red run of an older commit", "FAILED", "0".repeat(40), pullRequest, "none"],
    ["a green run of a closed pull request", "SUCCEEDED", COMMIT, { ...pullRequest, open: false }, "none"],
  ])("given %s, then %s", (_name, state, commitId, pr, kind) => {
    const decision = decideApproval({ state, commitId, pullRequest: pr });
    expect(decision.kind).toBe(kind);
    if (decision.kind !== "none") expect(decision.revisionId).toBe("r-2");
    expect(decision.reason).not.toBe("");
  });
});

describe("writing the living comment (table)", () => {
  const marker = { pullRequestId: "42", executionId: "e-2", startedAt: "2026-11-27T15:05:00.000Z" };
  const comment = (executionId: string, startedAt: string, pr = "42") =>
    `${previewMarkerLine({ pullRequestId: pr, executionId, startedAt })}\nbody of ${executionId}`;
  it.each<[string, { commentId: string; content: string } | undefined, string]>([
    ["no living comment", undefined, "post"],
    [
      "the opening comment",
      { commentId: "c-1", content: comment(PENDING_EXECUTION, "2026-11-27T15:00:00Z") },
      "update",
    ],
    [
      "an older run's comment",
      { commentId: "c-1", content: comment("e-1", "2026-11-27T15:00:00Z") },
      "update",
    ],
    [
      "this run's earlier comment",
      { commentId: "c-1", content: comment("e-2", "2026-11-27T15:05:00Z") },
      "update",
    ],
    ["a newer run's comment", { commentId: "c-1", content: comment("e-3", "2026-11-27T15:10:00Z") }, "skip"],
  ])("given %s, then %s", (_name, living, kind) => {
    expect(decideCommentWrite(living, `${previewMarkerLine(marker)}\nnew`, marker).kind).toBe(kind);
  });

  it("given a living comment that already says exactly this, then skip (a redelivered event writes nothing)", () => {
    const content = `${previewMarkerLine(marker)}\nsame`;
    expect(decideCommentWrite({ commentId: "c-1", content }, content, marker)).toEqual({
      kind: "skip",
      commentId: "c-1",
      reason: "the comment already says this",
    });
  });
});

describe("cfn-lint's count from the Test action (table)", () => {
  const test = (outputVariables?: Record<string, string>): RunAction => ({
    stageName: "Test",
    actionName: "Test",
    status: "Succeeded",
    ...(outputVariables ? { outputVariables } : {}),
  });
  it.each([
    ["a whole number", test({ LINT_FINDINGS: "2" }), 2],
    ["zero", test({ LINT_FINDINGS: "0" }), 0],
    ["a negative number", test({ LINT_FINDINGS: "-1" }), undefined],
    ["a fraction", test({ LINT_FINDINGS: "1.5" }), undefined],
    ["text", test({ LINT_FINDINGS: "many" }), undefined],
    ["no variables (a failed build exports none)", test(), undefined],
    ["no Test action", undefined, undefined],
  ])("given %s, then the count is %s", (_case, action, expected) => {
    expect(lintFindingsOf(action)).toBe(expected);
  });
});

describe("the comment of a finished run", () => {
  it("given a green run with a preview, then the preview comment with the run line, lint, TaskCat and links", () => {
    const { content, marker } = pipelineRunComment(facts());
    expect(marker).toEqual({
      pullRequestId: "42",
      executionId: EXECUTION,
      startedAt: "2026-11-27T15:00:00.000Z",
    });
    expect(content.split("\n")[0]).toBe(previewMarkerLine(marker));
    expect(content).toContain("### Tributary preview of `4c8f2e1`");
    expect(content).toContain("✅ Pipeline run **succeeded**.");
    expect(content).toContain("cfn-lint: 2 findings");
    expect(content).toContain("TaskCat: passed ([report](https://s3.console.aws.amazon.com/");
    expect(content).toContain(
      "[pipeline execution](https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev-pr-42/executions/",
    );
    expect(content).toContain("**Replace** `Database`");
  });

  it("given a run whose Test action failed, then the comment says which action failed, that TaskCat failed, and why there is no preview", () => {
    const { content } = pipelineRunComment(
      facts({ state: "FAILED", actions: [source, testFailed], previewDocument: undefined }),
    );
    expect(content).toContain("### Tributary run of `4c8f2e1`");
    expect(content).toContain(
      "❌ Pipeline run **failed** at `Test` / `Test`: Build terminated with state: FAILED.",
    );
    expect(content).toContain("TaskCat: **failed**");
    expect(content).toContain("[pipeline execution](https://eu-west-1.console.aws.amazon.com/");
    expect(content).toContain("No change-set preview: the run stopped before the Preview step.");
    expect(content).not.toContain("cfn-lint");
  });

  it("given a run that failed at Deploy after its preview, then the preview comment names the failed deploy action", () => {
    const deploy: RunAction = {
      stageName: "Deploy",
      actionName: "ExecuteChangeSet",
      status: "Failed",
      startTime: "2026-11-27T15:04:00.000Z",
      summary: "Resource handler returned message: bucket exists",
    };
    const { content } = pipelineRunComment(
      facts({ state: "FAILED", actions: [source, testPassed, previewDone, deploy] }),
    );
    expect(content).toContain(
      "❌ Pipeline run **failed** at `Deploy` / `ExecuteChangeSet`: Resource handler returned message: bucket exists.",
    );
    expect(content).toContain("**Replace** `Database`");
  });

  it("given a preview.json that is not a preview, then the comment reports it instead of failing", () => {
    const { content } = pipelineRunComment(facts({ previewDocument: { not: "a preview" } }));
    expect(content).toContain("No change-set preview: preview.json is not a preview (");
  });

  it("given no action start times, then the run is ordered by the event's time", () => {
    expect(
      runStartedAt([{ stageName: "Test", actionName: "Test", status: "Failed" }], "2026-11-27T15:09:00Z"),
    ).toBe("2026-11-27T15:09:00.000Z");
  });

  it("given any run, then the comment fits CodeCommit's limit, starts with its marker and is found as the living comment", () => {
    const action = fc.record({
      stageName: fc.constantFrom("Source", "Test", "Preview", "Deploy"),
      actionName: fc.constantFrom(
        "Source",
        "Test",
        "Preview",
        "ExecuteChangeSet",
        fc.sample(fc.string(), 1)[0] ?? "x",
      ),
      status: fc.constantFrom("InProgress", "Abandoned", "Succeeded", "Failed"),
      startTime: fc
        .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
        .map((date) => date.toISOString()),
      summary: fc.string({ maxLength: 3_000 }),
      outputVariables: fc.record({
        LINT_FINDINGS: fc.string(),
        REPORT_URL: fc.string(),
        PREVIEW_URL: fc.webUrl(),
      }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom<FinalRunState>("SUCCEEDED", "FAILED", "STOPPED"),
        fc.array(action, { maxLength: 8 }),
        fc.boolean(),
        (state, actions, withPreview) => {
          const run = facts({
            state,
            actions,
            ...(withPreview ? {} : { previewDocument: undefined }),
          });
          const { content, marker } = pipelineRunComment(run);
          expect(commentSize(content)).toBeLessThanOrEqual(CODECOMMIT_COMMENT_LIMIT);
          expect(parsePreviewMarker(content)).toEqual(marker);
          expect(findPreviewComment([{ content }], "42")).toEqual({ content });
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("the opening comment", () => {
  it("given a pull request that opens, then the comment links its pipeline, says it is running, and any run replaces it", () => {
    const { content, marker } = openingComment({
      pullRequestId: "42",
      pipelineName: "acme-dev-pr-42",
      region: "eu-west-1",
      commitId: COMMIT,
      openedAt: "2026-11-27T15:00:00Z",
    });
    expect(marker.executionId).toBe(PENDING_EXECUTION);
    expect(content).toContain(
      "[pipeline execution](https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev-pr-42/view?region=eu-west-1)",
    );
    expect(content).toContain("⏳ The pipeline is running");
    const firstRun = { pullRequestId: "42", executionId: EXECUTION, startedAt: "2026-11-27T15:00:03.000Z" };
    expect(decideCommentWrite({ commentId: "c-1", content }, "new", firstRun).kind).toBe("update");
  });
});
