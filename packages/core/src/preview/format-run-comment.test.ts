import { describe, expect, it } from "vitest";
import { PreviewError } from "../shared/errors.js";
import { fixturePages } from "./__fixtures__/change-sets/build.js";
import type { RunOutcome } from "./comment-header.js";
import { formatPreviewComment } from "./format-preview-comment.js";
import { formatRunComment } from "./format-run-comment.js";
import { summarizeChangeSets } from "./summarize-change-sets.js";

const commitId = "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e";
const summary = summarizeChangeSets([
  { stack: "acme-dev", environment: "dev", pages: fixturePages("every-action") },
]);

describe("the run line of a comment (table)", () => {
  it.each<[string, RunOutcome, string]>([
    ["a green run", { state: "SUCCEEDED" }, "✅ Pipeline run **succeeded**."],
    ["a red run without a failed action", { state: "FAILED" }, "❌ Pipeline run **failed**."],
    [
      "a red run at Test",
      { state: "FAILED", failedAction: { stage: "Test", action: "Test", summary: "exit 1" } },
      "❌ Pipeline run **failed** at `Test` / `Test`: exit 1.",
    ],
    [
      "a stopped run",
      { state: "STOPPED", failedAction: { stage: "Deploy", action: "ExecuteChangeSet" } },
      "⏹️ Pipeline run **stopped** at `Deploy` / `ExecuteChangeSet`.",
    ],
    [
      "a superseded run",
      { state: "SUPERSEDED" },
      "⏭️ Pipeline run superseded by a newer run of this pull request.",
    ],
    [
      "a run going on",
      { state: "STARTED" },
      "⏳ The pipeline is running; this comment is updated when it finishes.",
    ],
  ])("given %s, then the preview comment and the run comment both say it", (_name, run, line) => {
    expect(formatPreviewComment(summary, { commitId, run })).toContain(`\n\n${line}\n`);
    expect(formatRunComment({ commitId, run })).toContain(`\n\n${line}\n`);
  });

  it("given no run option, then formatPreviewComment's output has no run line (its contract is unchanged)", () => {
    expect(formatPreviewComment(summary, { commitId })).not.toMatch(/Pipeline run|pipeline is running/);
  });

  it("given a run state CodePipeline does not have, then PreviewError names options.run.state", () => {
    expect(() => formatRunComment({ commitId, run: { state: "DONE" } as unknown as RunOutcome })).toThrow(
      PreviewError,
    );
    expect(() => formatRunComment({ commitId, run: { state: "DONE" } as unknown as RunOutcome })).toThrow(
      /options\.run\.state/,
    );
  });

  it("given a failure summary of 100,000 characters, then the run comment still fits CodeCommit's limit", () => {
    const content = formatRunComment({
      commitId,
      run: { state: "FAILED", failedAction: { stage: "Test", action: "Test", summary: "x".repeat(100_000) } },
    });
    expect(new TextEncoder().encode(content).length).toBeLessThanOrEqual(10_240);
    expect(content).toContain("…");
  });
});
