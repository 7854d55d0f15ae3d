import { describe, it } from "vitest";
import { expectConfigErrorAt, minimal } from "./__fixtures__/config-errors.js";

describe("Noncompliance: each bad route is named with its value and a fix", () => {
  it.each<[string, unknown, string, unknown]>([
    [
      "a default route to a removed environment",
      { ...minimal, environments: { dev: { branch: "develop" } } },
      "routes.branches.release.environment",
      "qa",
    ],
    ["routes not an object", { ...minimal, routes: [] }, "routes", []],
    ["an unknown routes key", { ...minimal, routes: { tags: {} } }, "routes.tags", {}],
    [
      "a route to an unknown environment",
      { ...minimal, routes: { branches: { feature: { environment: "uat", ephemeral: true } } } },
      "routes.branches.feature.environment",
      "uat",
    ],
    [
      "a route without ephemeral",
      { ...minimal, routes: { branches: { feature: { environment: "dev" } } } },
      "routes.branches.feature.ephemeral",
      undefined,
    ],
    [
      "a route for an unknown kind",
      { ...minimal, routes: { branches: { chore: null } } },
      "routes.branches.chore",
      null,
    ],
    [
      "a route with an unknown key",
      { ...minimal, routes: { branches: { feature: { environment: "dev", ephemeral: true, x: 1 } } } },
      "routes.branches.feature.x",
      1,
    ],
    [
      "a route that is a string",
      { ...minimal, routes: { branches: { feature: "dev" } } },
      "routes.branches.feature",
      "dev",
    ],
    [
      "pull requests enabled as a string",
      { ...minimal, routes: { pullRequests: { enabled: "true" } } },
      "routes.pullRequests.enabled",
      "true",
    ],
    [
      "a PR override to an unknown environment",
      { ...minimal, routes: { pullRequests: { environmentByDestination: { main: "uat" } } } },
      "routes.pullRequests.environmentByDestination.main",
      "uat",
    ],
    [
      "a PR override for an unknown kind",
      { ...minimal, routes: { pullRequests: { environmentByDestination: { trunk: "qa" } } } },
      "routes.pullRequests.environmentByDestination.trunk",
      "qa",
    ],
  ])(
    "given %s, when defined, then ConfigError names the path, value and a fix",
    (_name, input, path, value) => {
      expectConfigErrorAt(input, path, value);
    },
  );
});
