import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { thrownBy } from "./__fixtures__/change-sets/noncompliance.js";
import {
  findPreviewComment,
  mayReplacePreviewComment,
  type PreviewMarker,
  parsePreviewMarker,
  previewMarkerLine,
} from "./preview-marker.js";

function marker(executionId: string, startedAt: string, pullRequestId = "42"): PreviewMarker {
  return { pullRequestId, executionId, startedAt };
}

describe("the living comment's marker", () => {
  const existing = (run: PreviewMarker) =>
    `${previewMarkerLine(run)}\n### Tributary preview of \`4c8f2e1\`\n`;

  it("given a marker, when written and parsed, then it round-trips with the start time normalized", () => {
    const line = previewMarkerLine(marker("e-1", "2026-11-27T16:00:00+01:00"));

    expect(line).toBe('[//]: # "tributary-preview v=1 pr=42 started=2026-11-27T15:00:00.000Z execution=e-1"');
    expect(parsePreviewMarker(`${line}\nrest`)).toEqual(marker("e-1", "2026-11-27T15:00:00.000Z"));
  });

  it.each([
    ["a comment by a person", "LGTM, but see the subnet"],
    [
      "a marker on the second line",
      `Hello\n${'[//]: # "tributary-preview v=1 pr=42 started=2026-11-27T15:00:00.000Z execution=e-1"'}`,
    ],
    [
      "another format version",
      '[//]: # "tributary-preview v=2 pr=42 started=2026-11-27T15:00:00.000Z execution=e-1"',
    ],
    [
      "an impossible date",
      '[//]: # "tributary-preview v=1 pr=42 started=2026-13-45T99:00:00Z execution=e-1"',
    ],
  ])("given %s, when parsed, then there is no marker", (_, content) => {
    expect(parsePreviewMarker(content)).toBeUndefined();
  });

  it.each<[string, PreviewMarker, PreviewMarker, boolean, RegExp]>([
    [
      "the same execution (a retry)",
      marker("e-1", "2026-11-27T15:00:00Z"),
      marker("e-1", "2026-11-27T15:00:00Z"),
      true,
      /this execution/,
    ],
    [
      "an execution that started earlier",
      marker("e-1", "2026-11-27T15:00:00Z"),
      marker("e-2", "2026-11-27T15:05:00Z"),
      true,
      /started before/,
    ],
    [
      "an execution that started later",
      marker("e-2", "2026-11-27T15:05:00Z"),
      marker("e-1", "2026-11-27T15:00:00Z"),
      false,
      /started after/,
    ],
    [
      "the same start, a smaller execution id",
      marker("e-1", "2026-11-27T15:00:00Z"),
      marker("e-2", "2026-11-27T15:00:00Z"),
      true,
      /started before/,
    ],
    [
      "the same start, a larger execution id",
      marker("e-2", "2026-11-27T15:00:00Z"),
      marker("e-1", "2026-11-27T15:00:00Z"),
      false,
      /started after/,
    ],
    [
      "another pull request's comment",
      marker("e-1", "2026-11-27T15:00:00Z", "7"),
      marker("e-2", "2026-11-27T15:05:00Z"),
      false,
      /pull request 7, not 42/,
    ],
  ])(
    "given a comment of %s, when a run asks, then the decision follows the start times",
    (_, current, run, replace, reason) => {
      const decision = mayReplacePreviewComment(existing(current), run);

      expect(decision.replace).toBe(replace);
      expect(decision.reason).toMatch(reason);
    },
  );

  it("given a comment without a marker, when a run asks, then it may not replace it", () => {
    expect(mayReplacePreviewComment("LGTM", marker("e-1", "2026-11-27T15:00:00Z"))).toEqual({
      replace: false,
      reason: "the comment is not a Tributary preview comment (no marker on its first line)",
    });
  });

  it("given a run that is not a marker, when it asks, then it throws PreviewError", () => {
    expect(thrownBy(() => mayReplacePreviewComment("LGTM", marker("e-1", "soon"))).path).toBe(
      "options.marker.startedAt",
    );
  });

  it("given runs finishing in any order, when each replaces only what it may, then the comment ends on the newest run", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 8 }),
        fc.func(fc.integer()),
        (starts, order) => {
          const runs = starts.map((start, index) =>
            marker(`e-${index}`, new Date(Date.UTC(2026, 10, 27) + start * 1000).toISOString()),
          );
          const finishing = [...runs].sort((a, b) => order(a.executionId) - order(b.executionId));
          let content: string | undefined;
          for (const run of finishing) {
            if (content === undefined || mayReplacePreviewComment(content, run).replace)
              content = existing(run);
          }
          const newest = [...runs].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
          expect(parsePreviewMarker(content ?? "")?.executionId).toBe(newest?.executionId);
        },
      ),
    );
  });

  it("given a pull request's comments, when searched, then the newest run's undeleted preview comment is found", () => {
    const comments = [
      { commentId: "c-1", content: "LGTM" },
      { commentId: "c-2", content: existing(marker("e-1", "2026-11-27T15:00:00Z")) },
      { commentId: "c-3", content: existing(marker("e-3", "2026-11-27T15:10:00Z")), deleted: true },
      { commentId: "c-4", content: existing(marker("e-2", "2026-11-27T15:05:00Z")) },
      { commentId: "c-5", content: existing(marker("e-9", "2026-11-27T16:00:00Z", "7")) },
      { commentId: "c-6" },
      { commentId: "c-7", content: existing(marker("e-0", "2026-11-27T14:00:00Z")) },
    ];

    expect(findPreviewComment(comments, "42")?.commentId).toBe("c-4");
    expect(findPreviewComment(comments, "8")).toBeUndefined();
  });
});
