import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENVIRONMENT_NAME_PATTERN } from "./environments.js";
import { type TeardownTarget, teardownTargets } from "./target-roles.js";
import { teardownTargetOf } from "./teardown-target.js";

const PROD = { name: "prod", account: "333333333333", region: "eu-central-1" };
const DEV = { name: "dev", account: "222222222222", region: "eu-west-1" };
const TARGETS = teardownTargets("acme", [DEV, PROD]);

describe("teardownTargetOf", () => {
  it.each([
    ["a clone stack of a remote environment", "acme-prod-feature-login", "333333333333"],
    ["a pull request stack of another remote environment", "acme-dev-pr-42", "222222222222"],
    ["a release clone with a hashed suffix", "acme-prod-release-1-2-0--a1b2c3d4", "333333333333"],
  ])(
    "Compliance: given %s, when its target is picked, then it is that environment's account",
    (_case, stack, account) => {
      expect(teardownTargetOf(TARGETS, stack)?.account).toBe(account);
    },
  );

  it.each([
    ["a stack of an environment in the CI/CD account", "acme-qa-feature-login"],
    ["a remote environment's shared stack (no trailing dash)", "acme-prod"],
    ["a stack whose environment name only starts like a remote one", "acme-production-feature-x"],
    ["another project's stack", "other-prod-feature-x"],
    ["an empty name", ""],
  ])(
    "Noncompliance: given %s, when its target is picked, then it is the CI/CD account (undefined)",
    (_case, stack) => {
      expect(teardownTargetOf(TARGETS, stack)).toBeUndefined();
    },
  );

  it("given two prefixes where one starts the other, when a stack under the longer one is picked, then the longer prefix's target wins in either order", () => {
    const short: TeardownTarget = {
      stackPrefix: "acme-prod-",
      account: "333333333333",
      region: "eu-central-1",
      roleName: "a",
    };
    const long: TeardownTarget = {
      stackPrefix: "acme-prod-eu-",
      account: "444444444444",
      region: "eu-west-3",
      roleName: "b",
    };

    expect(teardownTargetOf([short, long], "acme-prod-eu-feature-x")).toBe(long);
    expect(teardownTargetOf([long, short], "acme-prod-eu-feature-x")).toBe(long);
    expect(teardownTargetOf([long, short], "acme-prod-feature-x")).toBe(short);
  });

  it("given any valid environment names, when a clone stack of one is picked, then its own environment's target is the answer and no other prefix matches", () => {
    const environment = fc.stringMatching(ENVIRONMENT_NAME_PATTERN);
    fc.assert(
      fc.property(
        fc.uniqueArray(environment, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.stringMatching(/^[a-z0-9-]{1,40}$/),
        (names, pick, suffix) => {
          const targets = teardownTargets(
            "acme",
            names.map((name, index) => ({
              name,
              account: String(index).padStart(12, "1"),
              region: "eu-west-1",
            })),
          );
          const own = names[pick % names.length] as string;
          const stack = `acme-${own}-${suffix}`;

          expect(teardownTargetOf(targets, stack)?.stackPrefix).toBe(`acme-${own}-`);
          expect(targets.filter((target) => stack.startsWith(target.stackPrefix))).toHaveLength(1);
        },
      ),
    );
  });

  it("given any list of targets and any name, when picked, then the answer's prefix starts the name and no longer prefix does", () => {
    const target = fc.record({
      stackPrefix: fc.stringMatching(/^[a-c-]{0,6}$/),
      account: fc.constant("333333333333"),
      region: fc.constant("eu-west-1"),
      roleName: fc.constant("r"),
    });
    fc.assert(
      fc.property(
        fc.array(target, { maxLength: 6 }),
        fc.stringMatching(/^[a-c-]{0,10}$/),
        (targets, stack) => {
          const answer = teardownTargetOf(targets, stack);
          const matching = targets.filter((candidate) => stack.startsWith(candidate.stackPrefix));

          if (answer === undefined) expect(matching).toEqual([]);
          else {
            expect(stack.startsWith(answer.stackPrefix)).toBe(true);
            for (const other of matching)
              expect(other.stackPrefix.length).toBeLessThanOrEqual(answer.stackPrefix.length);
          }
        },
      ),
    );
  });
});
