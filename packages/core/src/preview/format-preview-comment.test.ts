import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PreviewError } from "../shared/errors.js";
import { previewedStacks } from "./__fixtures__/change-sets/arbitraries.js";
import {
  change,
  changeSetArn,
  fixturePages,
  largeChangeSet,
  page,
} from "./__fixtures__/change-sets/build.js";
import { thrownBy } from "./__fixtures__/change-sets/noncompliance.js";
import { readmeExampleComment } from "./__fixtures__/change-sets/readme-example.js";
import type { StackChangeSets } from "./change-set-pages.js";
import type { PreviewCommentOptions } from "./comment-header.js";
import {
  CODECOMMIT_COMMENT_LIMIT,
  COMMENT_LIMITS,
  commentLimit,
  commentSize,
  GITHUB_COMMENT_LIMIT,
} from "./comment-markdown.js";
import { formatPreviewComment, previewHeadline } from "./format-preview-comment.js";
import { type PreviewMarker, parsePreviewMarker } from "./preview-marker.js";
import type { PreviewSummary } from "./preview-summary.js";
import { summarizeChangeSets } from "./summarize-change-sets.js";

const NO_CHANGES =
  "The submitted information didn't contain changes. Submit different information to create a change set.";
const COMMIT = "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e";
const EXECUTION_URL =
  "https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev-pr-42/executions/e-1/timeline?region=eu-west-1";
const REPORT_URL =
  "https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/x/index.html";
const PREVIEW_URL =
  "https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/x/preview.json";

const dev = (pages = fixturePages("every-action")): StackChangeSets => ({
  stack: "acme-dev",
  environment: "dev",
  pages,
});
const qa: StackChangeSets = { stack: "acme-qa", environment: "qa", pages: fixturePages("missing-parameter") };
const prod: StackChangeSets = { stack: "acme-prod", environment: "prod", pages: fixturePages("no-changes") };

function marker(executionId: string, startedAt: string, pullRequestId = "42"): PreviewMarker {
  return { pullRequestId, executionId, startedAt };
}

/** The resource lines of a comment (not the "… more" and failure lines). */
function resourceLines(comment: string): string[] {
  return comment
    .split("\n")
    .filter((line) => line.startsWith("- ") && !line.startsWith("- …") && !line.startsWith("- ❌"));
}

/** The sum of every stack's "… N more changes not shown". */
function hiddenCount(comment: string): number {
  return [...comment.matchAll(/^- … (\d+) more changes? not shown/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

/** A stack's part of a comment: from its title to the next stack's title or the last line. */
function stackBlock(comment: string, stack: string): string {
  const rest = comment.slice(comment.indexOf(`**\`${stack}\`**`));
  const end = rest.search(/\n\n(\*\*`|---)/);
  return end === -1 ? rest : rest.slice(0, end);
}

describe("formatPreviewComment", () => {
  describe("what the comment shows", () => {
    const summary = summarizeChangeSets([dev()]);

    it.each<[string, Partial<PreviewCommentOptions>, string[], string[]]>([
      [
        "only the commit",
        {},
        [`Commit \`${COMMIT}\``, "### Tributary preview of `4c8f2e1`"],
        ["cfn-lint", "TaskCat", "[//]"],
      ],
      ["no cfn-lint findings", { lint: { findings: 0 } }, ["cfn-lint: 0 findings"], []],
      ["one cfn-lint finding", { lint: { findings: 1 } }, ["cfn-lint: 1 finding"], ["1 findings"]],
      [
        "a passed TaskCat run with its report",
        { taskcat: { passed: true }, reportUrl: REPORT_URL },
        [`TaskCat: passed ([report](${REPORT_URL}))`],
        [],
      ],
      ["a failed TaskCat run", { taskcat: { passed: false } }, ["TaskCat: **failed**"], ["report"]],
      [
        "a TaskCat report without a result",
        { reportUrl: REPORT_URL },
        [`[TaskCat report](${REPORT_URL})`],
        [],
      ],
      [
        "the pipeline execution",
        { executionUrl: EXECUTION_URL },
        [`[pipeline execution](${EXECUTION_URL})`],
        [],
      ],
      [
        "a URL with parentheses and spaces",
        { executionUrl: "https://example.com/a(b)c" },
        ["[pipeline execution](https://example.com/a%28b%29c)"],
        ["a(b)c"],
      ],
    ])("given %s, when formatted, then the comment says so", (_, options, present, absent) => {
      const comment = formatPreviewComment(summary, { commitId: COMMIT, ...options });

      for (const text of present) expect(comment).toContain(text);
      for (const text of absent) expect(comment).not.toContain(text);
    });

    it("given a marker, when formatted, then the marker is the first line and parses back", () => {
      const run = marker("0a1b2c3d-0000-4000-8000-000000000000", "2026-11-27T15:00:00.000Z");
      const comment = formatPreviewComment(summary, { commitId: COMMIT, marker: run });

      expect(comment.split("\n")[0]).toBe(
        '[//]: # "tributary-preview v=1 pr=42 started=2026-11-27T15:00:00.000Z execution=0a1b2c3d-0000-4000-8000-000000000000"',
      );
      expect(parsePreviewMarker(comment)).toEqual(run);
    });

    it("given a stack with no changes, when formatted, then it takes exactly one line", () => {
      const comment = formatPreviewComment(summarizeChangeSets([prod]), { commitId: COMMIT });
      const lines = comment.split("\n").filter((line) => line.includes("acme-prod"));

      expect(lines).toEqual(["**`acme-prod`** (prod): no changes."]);
      expect(comment).toContain("No changes\n");
    });

    it("given a failed change set, when formatted, then the stack shows CloudFormation's reason, escaped for Markdown", () => {
      const comment = formatPreviewComment(summarizeChangeSets([qa]), { commitId: COMMIT });

      expect(comment).toContain(
        "**`acme-qa`** (qa): ❌ **preview failed**: Parameters: \\[DatabasePassword\\] must have values",
      );
      expect(comment).toContain("Preview failed for 1 of 1 stack");
    });

    it("given a failed nested change set, when formatted, then its path and reason are listed under the stack", () => {
      const root = changeSetArn("tributary-preview", 1);
      const nestedIds = Array.from({ length: 7 }, (_, index) => changeSetArn(`nested-${index}`, 10 + index));
      const summary = summarizeChangeSets([
        dev([
          page({
            ChangeSetId: root,
            Status: "FAILED",
            StatusReason: `Nested change set ${nestedIds[0]} was not successfully created: Currently in FAILED.`,
            Changes: nestedIds.map((id, index) =>
              change({
                Action: "Modify",
                LogicalResourceId: `Nested${index}`,
                ResourceType: "AWS::CloudFormation::Stack",
                ChangeSetId: id,
              }),
            ),
          }),
          ...nestedIds.map((id) =>
            page({
              ChangeSetId: id,
              ParentChangeSetId: root,
              Status: "FAILED",
              StatusReason: "Resource is not in the state <b>stackUpdateComplete</b>",
            }),
          ),
        ]),
      ]);
      const comment = formatPreviewComment(summary, { commitId: COMMIT });

      expect(comment).toContain(
        "- ❌ nested stack `Nested0`: Resource is not in the state \\<b\\>stackUpdateComplete\\</b\\>",
      );
      expect(comment).toContain("- ❌ 2 more nested stacks failed");
      expect(comment).not.toContain("`Nested5`:");
    });

    it("given a CREATE change set, when formatted, then the stack is marked new and lists every resource as Add", () => {
      const summary = summarizeChangeSets([
        {
          stack: "acme-dev-pr-42",
          environment: "dev",
          changeSetType: "CREATE",
          pages: fixturePages("create-new-stack"),
        },
      ]);
      const comment = formatPreviewComment(summary, { commitId: COMMIT });

      expect(comment).toContain("**`acme-dev-pr-42`** (dev, new stack): 4 changes, 4 to add");
      expect(resourceLines(comment).every((line) => line.startsWith("- **Add**"))).toBe(true);
    });

    it("given stacks with failures, dangerous changes, changes and none, when formatted, then they come in that order, dangerous lines first", () => {
      const safe = summarizeChangeSets([
        {
          stack: "acme-other",
          environment: "other",
          pages: [
            page({
              ChangeSetId: changeSetArn("x", 5),
              StackName: "acme-other",
              Changes: [
                change({ Action: "Add", LogicalResourceId: "Topic", ResourceType: "AWS::SNS::Topic" }),
              ],
            }),
          ],
        },
      ]).stacks[0];
      const summary = summarizeChangeSets([prod, dev(), qa]);
      const mixed: PreviewSummary = {
        ...summary,
        stacks: [summary.stacks[0], safe, summary.stacks[1], summary.stacks[2]] as PreviewSummary["stacks"],
      };
      const comment = formatPreviewComment(mixed, { commitId: COMMIT });
      const order = ["acme-qa", "acme-dev", "acme-other", "acme-prod"].map((name) =>
        comment.indexOf(`**\`${name}\`**`),
      );

      expect(order).toEqual([...order].sort((a, b) => a - b));
      const lines = resourceLines(comment);
      const firstSafe = lines.findIndex((line) => !line.startsWith("- ⚠️"));
      expect(lines.slice(firstSafe).filter((line) => line.startsWith("- ⚠️"))).toEqual([]);
    });

    it("given a resource with many property changes, when formatted, then six are listed and the rest counted", () => {
      const summary = summarizeChangeSets([
        dev([
          page({
            ChangeSetId: changeSetArn("p", 3),
            Changes: [
              change({
                Action: "Modify",
                LogicalResourceId: "Function",
                ResourceType: "AWS::Lambda::Function",
                Replacement: "False",
                Details: Array.from({ length: 9 }, (_, index) => ({
                  Target: { Attribute: "Properties", Name: `Property${index}`, RequiresRecreation: "Never" },
                  Evaluation: "Static",
                  ChangeSource: "DirectModification",
                })),
              }),
            ],
          }),
        ]),
      ]);

      expect(formatPreviewComment(summary, { commitId: COMMIT })).toContain(
        "`Property5` (DirectModification) and 3 more",
      );
    });
  });

  describe("the size limit", () => {
    it("CODECOMMIT_COMMENT_LIMIT is CodeCommit's documented 10,240 characters", () => {
      expect(CODECOMMIT_COMMENT_LIMIT).toBe(10_240);
    });

    it("commentSize counts UTF-8 bytes, never fewer than characters", () => {
      expect(commentSize("abc")).toBe(3);
      expect(commentSize("é⚠️😀")).toBe(2 + 6 + 4);
    });

    it("given a change set with 500 resources, when formatted, then the comment fits, keeps the dangerous first and counts what it leaves out", () => {
      const summary = summarizeChangeSets([dev(largeChangeSet(500))]);
      const comment = formatPreviewComment(summary, {
        commitId: COMMIT,
        executionUrl: EXECUTION_URL,
        reportUrl: REPORT_URL,
        previewUrl: PREVIEW_URL,
        lint: { findings: 0 },
        taskcat: { passed: true },
        marker: marker("e-1", "2026-11-27T15:00:00Z"),
      });
      const shown = resourceLines(comment);

      expect(commentSize(comment)).toBeLessThanOrEqual(CODECOMMIT_COMMENT_LIMIT);
      expect(commentSize(comment)).toBeGreaterThan(CODECOMMIT_COMMENT_LIMIT - 400);
      expect(shown.length + hiddenCount(comment)).toBe(500);
      expect(shown.every((line) => line.startsWith("- ⚠️"))).toBe(true);
      expect(comment).toContain(`${500 - shown.length} changed resources of 500 not shown`);
      expect(comment).toContain(`Full preview: [JSON](${PREVIEW_URL})`);
      console.log(
        `500-resource comment: ${comment.length} characters, ${commentSize(comment)} UTF-8 bytes, ${shown.length} resources shown, ${hiddenCount(comment)} counted`,
      );
    });

    it("GITHUB_COMMENT_LIMIT is GitHub's 65,536 characters, and each provider's limit comes from its source", () => {
      expect(GITHUB_COMMENT_LIMIT).toBe(65_536);
      expect(commentLimit({ provider: "github" })).toEqual({ size: 65_536, host: "GitHub" });
      expect(commentLimit({ provider: "codecommit" })).toEqual({ size: 10_240, host: "CodeCommit" });
    });

    it("given GitHub's limit and 2,000 resources, when formatted, then the comment fits 65,536 and shows more than CodeCommit's", () => {
      const summary = summarizeChangeSets([dev(largeChangeSet(2000))]);
      const options = { commitId: COMMIT, previewUrl: PREVIEW_URL };
      const onGitHub = formatPreviewComment(summary, { ...options, limit: COMMENT_LIMITS.github });
      const onCodeCommit = formatPreviewComment(summary, options);

      expect(commentSize(onGitHub)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(commentSize(onGitHub)).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 400);
      expect(resourceLines(onGitHub).length).toBeGreaterThan(3 * resourceLines(onCodeCommit).length);
      expect(resourceLines(onGitHub).length + hiddenCount(onGitHub)).toBe(2000);
      expect(onGitHub).toContain("(GitHub comments hold 65,536 characters)");
    });

    it("given a limit below 1 KiB, when formatted, then a PreviewError names options.limit", () => {
      expect(() =>
        formatPreviewComment(summarizeChangeSets([dev(largeChangeSet(3))]), {
          commitId: COMMIT,
          limit: { size: 100, host: "Tiny" },
        }),
      ).toThrow(/options\.limit/);
    });

    it("given a truncated comment without previewUrl, when formatted, then it points to the pipeline's reports", () => {
      const comment = formatPreviewComment(summarizeChangeSets([dev(largeChangeSet(300))]), {
        commitId: COMMIT,
      });

      expect(comment).toContain("The full JSON preview is in the pipeline's reports.");
    });

    it("given 80 failed stacks with long reasons, when formatted, then the comment is cut at the limit with a link", () => {
      const stacks = Array.from({ length: 80 }, (_, index) => ({
        stack: `acme-stack${index}`,
        environment: "dev",
        pages: [
          page({
            ChangeSetId: changeSetArn("p", 100 + index),
            StackName: `acme-stack${index}`,
            Status: "FAILED",
            StatusReason: "x".repeat(2000),
          }),
        ],
      }));
      const comment = formatPreviewComment(summarizeChangeSets(stacks), {
        commitId: COMMIT,
        previewUrl: PREVIEW_URL,
      });

      expect(commentSize(comment)).toBeLessThanOrEqual(CODECOMMIT_COMMENT_LIMIT);
      expect(
        comment.endsWith(`… cut at CodeCommit's comment limit. Full preview: [JSON](${PREVIEW_URL})\n`),
      ).toBe(true);
      expect(
        formatPreviewComment(summarizeChangeSets(stacks), { commitId: COMMIT }).endsWith("limit.\n"),
      ).toBe(true);
    });

    it("the comment never exceeds the limit, and every changed resource is shown or counted as not shown", () => {
      fc.assert(
        fc.property(
          previewedStacks(60),
          fc.record(
            {
              lint: fc.record({ findings: fc.nat(10_000) }),
              taskcat: fc.record({ passed: fc.boolean() }),
              executionUrl: fc.webUrl({ size: "large" }),
              reportUrl: fc.webUrl({ size: "large" }),
              previewUrl: fc.webUrl({ size: "large" }),
            },
            { requiredKeys: [] },
          ),
          (stacks, options) => {
            const summary = summarizeChangeSets(stacks);
            const comment = formatPreviewComment(summary, { commitId: COMMIT, ...options });
            const shown = resourceLines(comment);

            expect(commentSize(comment)).toBeLessThanOrEqual(CODECOMMIT_COMMENT_LIMIT);
            expect(shown.length + hiddenCount(comment)).toBe(summary.counts.total);
            for (const stack of summary.stacks) {
              const block = stackBlock(comment, stack.stack);
              const listed = resourceLines(block).length + hiddenCount(block);
              expect(listed).toBe(stack.counts.total);
              for (const resource of stack.resources) {
                const name = `\`${[...resource.stackPath, resource.logicalId].join("/")}\``;
                if (!block.includes(name)) expect(hiddenCount(block)).toBeGreaterThan(0);
              }
            }
            if (hiddenCount(comment) > 0) {
              expect(comment).toContain(`${hiddenCount(comment)} changed resource`);
            }
          },
        ),
        { numRuns: 150 },
      );
    });
  });

  describe("Noncompliance: a summary that is not one throws PreviewError naming the field", () => {
    const json = (): Record<string, unknown> =>
      JSON.parse(JSON.stringify(summarizeChangeSets([dev(fixturePages("nested-stacks")), qa])));
    const at = (value: Record<string, unknown>, path: string, replacement: unknown) => {
      const parts = path.split(".");
      const last = parts.pop() as string;
      let target: Record<string, unknown> = value;
      for (const part of parts) target = target[part] as Record<string, unknown>;
      target[last] = replacement;
      return value;
    };

    it.each<[string, unknown]>([
      ["status", "maybe"],
      ["counts", null],
      ["stacks", {}],
      ["stacks.0", "acme-dev"],
      ["stacks.0.stack", 1],
      ["stacks.0.environment", undefined],
      ["stacks.0.status", "done"],
      ["stacks.1.reason", 42],
      ["stacks.0.counts", { total: "7" }],
      // fast-check's counterexample: a count that is neither a number nor convertible to one (no callable toString).
      ["stacks.0.counts", { total: 1, add: 0, modify: 0, remove: { toString: false } }],
      ["stacks.0.nestedStacks", null],
      ["stacks.0.nestedStacks.0", { stackPath: "App", status: "changes" }],
      ["stacks.0.resources", "all"],
      [
        "stacks.0.resources.0",
        { logicalId: "A", type: "AWS::SQS::Queue", action: "Explode", stackPath: [], properties: [] },
      ],
    ])(
      "given a summary whose %s is %j, when formatted, then it throws PreviewError at that path",
      (path, value) => {
        const error = thrownBy(() =>
          formatPreviewComment(at(json(), path, value) as never, { commitId: COMMIT }),
        );

        expect(error.path).toBe(`summary.${path}`);
        expect(error.fix).toMatch(/summarizeChangeSets/);
        expect(thrownBy(() => previewHeadline(at(json(), path, value) as never)).path).toBe(
          `summary.${path}`,
        );
      },
    );

    it("given a summary read back from JSON with any one value replaced, formatting only returns a comment or throws PreviewError", () => {
      const paths: string[] = [];
      const walk = (value: unknown, path: string): void => {
        if (path) paths.push(path);
        if (typeof value === "object" && value !== null) {
          for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
        }
      };
      walk(json(), "");
      fc.assert(
        fc.property(fc.constantFrom(...paths), fc.anything(), (path, value) => {
          try {
            const comment = formatPreviewComment(at(json(), path, value) as never, { commitId: COMMIT });
            expect(commentSize(comment)).toBeLessThanOrEqual(CODECOMMIT_COMMENT_LIMIT);
          } catch (error) {
            expect(error).toBeInstanceOf(PreviewError);
          }
        }),
        { numRuns: 1_000 },
      );
    });
  });

  describe("Noncompliance: bad options throw PreviewError naming the option", () => {
    const summary = summarizeChangeSets([dev()]);

    it("given any options, formatting only returns a comment within the limit or throws PreviewError", () => {
      fc.assert(
        fc.property(
          fc.record(
            {
              commitId: fc.oneof(fc.constant(COMMIT), fc.anything()),
              executionUrl: fc.oneof(fc.webUrl(), fc.anything()),
              reportUrl: fc.anything(),
              previewUrl: fc.anything(),
              lint: fc.oneof(fc.record({ findings: fc.integer() }), fc.anything()),
              taskcat: fc.oneof(fc.record({ passed: fc.boolean() }), fc.anything()),
              marker: fc.oneof(
                fc.record({ pullRequestId: fc.string(), executionId: fc.string(), startedAt: fc.string() }),
                fc.anything(),
              ),
            },
            { requiredKeys: [] },
          ),
          (options) => {
            try {
              const comment = formatPreviewComment(summary, options as PreviewCommentOptions);
              expect(commentSize(comment)).toBeLessThanOrEqual(CODECOMMIT_COMMENT_LIMIT);
            } catch (error) {
              expect(error).toBeInstanceOf(PreviewError);
            }
          },
        ),
        { numRuns: 300 },
      );
    });

    it.each<[string, unknown, unknown, string]>([
      ["a summary that is not one", { stacks: [] }, { commitId: COMMIT }, "summary.format"],
      ["no summary", null, { commitId: COMMIT }, "summary.format"],
      ["no options", summary, null, "options"],
      ["no commitId", summary, {}, "options.commitId"],
      ["a commitId that is a branch", summary, { commitId: "feature/login" }, "options.commitId"],
      [
        "a negative lint count",
        summary,
        { commitId: COMMIT, lint: { findings: -1 } },
        "options.lint.findings",
      ],
      [
        "a lint count that is text",
        summary,
        { commitId: COMMIT, lint: { findings: "2" } },
        "options.lint.findings",
      ],
      [
        "a TaskCat result that is text",
        summary,
        { commitId: COMMIT, taskcat: { passed: "yes" } },
        "options.taskcat.passed",
      ],
      [
        "an execution URL that is not a URL",
        summary,
        { commitId: COMMIT, executionUrl: "javascript:alert(1)" },
        "options.executionUrl",
      ],
      [
        "a report URL with a space",
        summary,
        { commitId: COMMIT, reportUrl: "https://a b" },
        "options.reportUrl",
      ],
      [
        "a preview URL that is too long",
        summary,
        { commitId: COMMIT, previewUrl: `https://a/${"x".repeat(2000)}` },
        "options.previewUrl",
      ],
      ["a marker that is text", summary, { commitId: COMMIT, marker: "42" }, "options.marker"],
      [
        "a marker with a pull request name",
        summary,
        { commitId: COMMIT, marker: marker("e-1", "2026-11-27T15:00:00Z", "pr-42") },
        "options.marker.pullRequestId",
      ],
      [
        "a marker with a spaced execution id",
        summary,
        { commitId: COMMIT, marker: marker("e 1", "2026-11-27T15:00:00Z") },
        "options.marker.executionId",
      ],
      [
        "a marker without a start time",
        summary,
        { commitId: COMMIT, marker: marker("e-1", "yesterday") },
        "options.marker.startedAt",
      ],
    ])("given %s, when formatted, then it throws PreviewError at %s", (_, input, options, path) => {
      const error = thrownBy(() =>
        formatPreviewComment(input as PreviewSummary, options as PreviewCommentOptions),
      );

      expect(error.path).toBe(path);
      expect(error.message).toContain("Fix: ");
    });
  });
});

describe("previewHeadline", () => {
  it.each<[string, StackChangeSets[], string]>([
    ["one stack with changes", [dev()], "7 changes (4 dangerous)"],
    ["one stack without changes", [prod], "no changes"],
    [
      "two stacks without changes",
      [
        prod,
        {
          stack: "acme-qa",
          environment: "qa",
          pages: [
            page({
              ChangeSetId: changeSetArn("p", 6),
              StackName: "acme-qa",
              Status: "FAILED",
              StatusReason: NO_CHANGES,
            }),
          ],
        },
      ],
      "no changes in any of 2 stacks",
    ],
    ["changes in one of two stacks", [dev(), prod], "7 changes in 1 of 2 stacks (4 dangerous)"],
    [
      "a failure and changes",
      [dev(), qa, prod],
      "preview failed for 1 of 3 stacks; 7 changes in 1 of 3 stacks (4 dangerous)",
    ],
    [
      "one safe change",
      [
        dev([
          page({
            ChangeSetId: changeSetArn("p", 4),
            Changes: [change({ Action: "Add", LogicalResourceId: "Topic", ResourceType: "AWS::SNS::Topic" })],
          }),
        ]),
      ],
      "1 change",
    ],
  ])("given %s, then the headline says so", (_, stacks, headline) => {
    expect(previewHeadline(summarizeChangeSets(stacks))).toBe(headline);
  });
});

describe("README", () => {
  it("given the README's example comment, then it is formatPreviewComment's output for every-action.json", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const block = /<!-- preview-comment-example -->\n```markdown\n([\s\S]*?)```\n/.exec(readme)?.[1];

    expect(block).toBe(readmeExampleComment());
  });
});
