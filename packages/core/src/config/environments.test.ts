import { describe, it } from "vitest";
import { expectConfigErrorAt, minimal } from "./__fixtures__/config-errors.js";

describe("Noncompliance: each bad environment field is named with its value and a fix", () => {
  it.each<[string, unknown, string, unknown]>([
    [
      "a TaskCat region that is not a region",
      { ...minimal, environments: { dev: { testRegions: ["Frankfurt"] } } },
      "environments.dev.testRegions[0]",
      "Frankfurt",
    ],
    [
      "an environment named tributary (its stacks would include the app's own)",
      { ...minimal, environments: { tributary: { branch: "develop" } } },
      "environments.tributary",
      "tributary",
    ],
    ["no environment", { ...minimal, environments: {} }, "environments", {}],
    ["an upper-case environment", { ...minimal, environments: { Dev: {} } }, "environments.Dev", "Dev"],
    [
      "an environment of 13 characters",
      { ...minimal, environments: { abcdefghijklm: {} } },
      "environments.abcdefghijklm",
      "abcdefghijklm",
    ],
    ["an environment not an object", { ...minimal, environments: { dev: true } }, "environments.dev", true],
    [
      "an unknown environment key",
      { ...minimal, environments: { dev: { stage: 1 } } },
      "environments.dev.stage",
      1,
    ],
    [
      "an environment on a feature branch",
      { ...minimal, environments: { dev: { branch: "feature/x" } } },
      "environments.dev.branch",
      "feature/x",
    ],
    [
      "two environments on one branch",
      { ...minimal, environments: { dev: { branch: "develop" }, qa: { branch: "develop" } } },
      "environments.qa.branch",
      "develop",
    ],
    [
      "requiresApproval not a boolean",
      { ...minimal, environments: { dev: { requiresApproval: "yes" } } },
      "environments.dev.requiresApproval",
      "yes",
    ],
    [
      "an 11-digit account",
      { ...minimal, environments: { dev: { account: "12345678901" } } },
      "environments.dev.account",
      "12345678901",
    ],
    [
      "a numeric account",
      { ...minimal, environments: { dev: { account: 123456789012 } } },
      "environments.dev.account",
      123456789012,
    ],
    [
      "a bad region",
      { ...minimal, environments: { dev: { region: "Europe" } } },
      "environments.dev.region",
      "Europe",
    ],
  ])(
    "given %s, when defined, then ConfigError names the path, value and a fix",
    (_name, input, path, value) => {
      expectConfigErrorAt(input, path, value);
    },
  );
});
