import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveBranch } from "../branches/resolve-branch.js";
import type { Route } from "../branches/route.js";
import { defineConfig } from "../config/define-config.js";
import { resolvePullRequest } from "../pull-requests/resolve-pull-request.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import { idleClock, idleDue, isoTime, keepUntil, routeIdleDays } from "./idle-clock.js";
import { formatIdleNotice, idleNoticeDetail, withIdleNotice } from "./idle-notice.js";

const config = defineConfig({
  project: "acme",
  repository: "infra",
  routes: {
    branches: { feature: { environment: "dev", ephemeral: true, idleDays: 7 } },
    pullRequests: { idleDays: 3 },
  },
});
const feature = resolveBranch(config, "feature/login") as Route;
const pullRequest = resolvePullRequest(config, {
  id: "42",
  sourceBranch: "feature/login",
  destinationBranch: "develop",
}) as Route;

describe("routeIdleDays", () => {
  it.each<[string, Route | null, number | undefined]>([
    ["a feature branch with idleDays", feature, 7],
    ["a pull request with idleDays", pullRequest, 3],
    ["a bugfix branch without idleDays", resolveBranch(config, "bugfix/typo"), undefined],
    ["a release branch (shared stack)", resolveBranch(config, "release/1.0.0"), undefined],
    ["develop (the environment pipeline itself)", resolveBranch(config, "develop"), undefined],
  ])("given %s, when read, then %s", (_case, route, expected) => {
    expect(routeIdleDays(config, route as Route)).toBe(expected);
  });
});

describe("idleClock", () => {
  it("given a last run, when read, then the deadline is idleDays later and the notice a day before", () => {
    expect(idleClock(7, { [MANAGED_TAGS.lastRun]: "2026-11-20T10:00:00Z" })).toEqual({
      lastActivity: "2026-11-20T10:00:00Z",
      deadline: "2026-11-27T10:00:00Z",
      noticeAt: "2026-11-26T10:00:00Z",
    });
  });

  it("given no recorded run, when read, then the clock starts at the clone's creation", () => {
    expect(idleClock(7, {}, "2026-11-01T00:00:00Z")?.deadline).toBe("2026-11-08T00:00:00Z");
  });

  it("given a keep beyond the deadline, when read, then the keep is the deadline", () => {
    const tags = {
      [MANAGED_TAGS.lastRun]: "2026-11-20T10:00:00Z",
      [MANAGED_TAGS.keepUntil]: "2026-12-31T00:00:00Z",
    };

    expect(idleClock(7, tags)?.deadline).toBe("2026-12-31T00:00:00Z");
  });

  it("given neither a run nor a creation time (or tags that are not times), when read, then there is no clock", () => {
    expect(idleClock(7, { [MANAGED_TAGS.lastRun]: "yesterday" })).toBeUndefined();
  });

  it("given any run and keep, when read, then the deadline is never before lastActivity + idleDays nor before the keep", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 365 }),
        fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
        fc.option(fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }), { nil: undefined }),
        (days, run, keep) => {
          const tags = {
            [MANAGED_TAGS.lastRun]: isoTime(run),
            ...(keep === undefined ? {} : { [MANAGED_TAGS.keepUntil]: isoTime(keep) }),
          };
          const deadline = Date.parse(idleClock(days, tags)?.deadline ?? "");
          expect(deadline).toBeGreaterThanOrEqual(Math.floor(run / 1000) * 1000 + days * 86_400_000);
          if (keep !== undefined) expect(deadline).toBeGreaterThanOrEqual(Math.floor(keep / 1000) * 1000);
        },
      ),
    );
  });
});

describe("idleDue", () => {
  const clock = idleClock(7, { [MANAGED_TAGS.lastRun]: "2026-11-20T10:00:00Z" });
  if (clock === undefined) throw new Error("no clock");
  const noticed = { [MANAGED_TAGS.idleNotice]: clock.deadline };

  it.each<[string, Record<string, string>, string, string]>([
    ["more than a day before the deadline", {}, "2026-11-25T10:00:00Z", "none"],
    ["a day before, not yet told", {}, "2026-11-26T10:00:00Z", "notice"],
    ["a day before, told", noticed, "2026-11-26T12:00:00Z", "none"],
    ["past the deadline, told", noticed, "2026-11-27T10:00:00Z", "teardown"],
    ["past the deadline, never told (the notice comes first)", {}, "2026-11-28T10:00:00Z", "notice"],
    [
      "past the deadline, told of an earlier deadline",
      { [MANAGED_TAGS.idleNotice]: "2026-11-01T00:00:00Z" },
      "2026-11-28T10:00:00Z",
      "notice",
    ],
  ])("given %s, when checked, then %s", (_case, tags, now, expected) => {
    expect(idleDue(clock, tags, now)).toBe(expected);
  });
});

describe("keepUntil and the notice", () => {
  it("given now and days, when kept, then the keep ends that many days later", () => {
    expect(keepUntil("2026-11-27T10:00:00Z", 14)).toBe("2026-12-11T10:00:00Z");
  });

  it("given a pull request's idle clock, when the notice is formatted, then it names the stack, the deadline and both ways to keep it", () => {
    const clock = idleClock(3, { [MANAGED_TAGS.lastRun]: "2026-11-20T10:00:00Z" });
    if (clock === undefined) throw new Error("no clock");

    const notice = formatIdleNotice(idleNoticeDetail(config, pullRequest, 3, clock));

    expect(notice.subject).toBe("Tributary: stack acme-dev-pr-42 idle, torn down after 2026-11-23T10:00:00Z");
    expect(notice.message).toContain("no run for 3 days (last activity 2026-11-20T10:00:00Z)");
    expect(notice.message).toContain("push to feature/login, or run `pnpm tributary keep pr/42 --days <N>`");
  });
});

describe("the idle notice on a living comment", () => {
  const clock = idleClock(3, { [MANAGED_TAGS.lastRun]: "2026-11-20T10:00:00Z" });
  if (clock === undefined) throw new Error("no clock");
  const detail = idleNoticeDetail(config, pullRequest, 3, clock);
  const living =
    '[//]: # "tributary-preview v=1 pr=42 started=2026-11-20T10:00:00.000Z execution=e-1"\n### Tributary run\n\nbody';

  it("given a living comment, when the notice is added, then it sits below the marker line, which stays first", () => {
    const lines = withIdleNotice(living, detail).split("\n");

    expect(lines[0]).toBe(living.split("\n")[0]);
    expect(lines[1]).toBe('[//]: # "tributary-idle-notice"');
    expect(lines.join("\n")).toContain(
      "Stack acme-dev-pr-42 of pull request 42 (feature/login) is torn down after",
    );
    expect(lines.slice(-3)).toEqual(["### Tributary run", "", "body"]);
  });

  it("given a comment that has a notice, when a later notice is added, then it replaces the earlier one", () => {
    const later = { ...detail, deadline: "2026-12-24T10:00:00Z" };

    const twice = withIdleNotice(withIdleNotice(living, detail), later);

    expect(twice).toBe(withIdleNotice(living, later));
    expect(twice.match(/tributary-idle-notice"/g)).toHaveLength(1);
  });

  it("given a comment at CodeCommit's limit, when the notice is added, then the comment's end is cut to fit", () => {
    const full = `${living}\n${"x".repeat(10_100)}`;

    const text = withIdleNotice(full, detail);

    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(10_240);
    expect(text).toContain("the rest of this comment was cut");
  });
});
