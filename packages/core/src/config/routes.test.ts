import { describe, expect, it } from "vitest";
import { expectConfigErrorAt, minimal } from "./__fixtures__/config-errors.js";
import { configToInput } from "./cloner-environment.js";
import { defineConfig } from "./define-config.js";

describe("Compliance: idleDays", () => {
  it("given idleDays on an ephemeral branch route and on pull requests, when defined, then both are kept and survive the cloner's environment", () => {
    const config = defineConfig({
      ...minimal,
      routes: {
        branches: { feature: { environment: "dev", ephemeral: true, idleDays: 7 } },
        pullRequests: { idleDays: 3 },
      },
    });

    expect(config.routes.branches.feature).toEqual({ environment: "dev", ephemeral: true, idleDays: 7 });
    expect(config.routes.pullRequests.idleDays).toBe(3);
    expect(defineConfig(configToInput(config))).toEqual(config);
  });

  it("given no idleDays, when defined, then the routes have none (idle teardown is off by default)", () => {
    const config = defineConfig(minimal);

    expect(config.routes.pullRequests).not.toHaveProperty("idleDays");
    expect(Object.values(config.routes.branches).every((route) => route.idleDays === undefined)).toBe(true);
  });
});

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
    ...[0, -1, 1.5, 366, "7", null].map((idleDays): [string, unknown, string, unknown] => [
      `idleDays ${JSON.stringify(idleDays)} on a route`,
      { ...minimal, routes: { branches: { feature: { environment: "dev", ephemeral: true, idleDays } } } },
      "routes.branches.feature.idleDays",
      idleDays,
    ]),
    [
      "idleDays on a shared route",
      { ...minimal, routes: { branches: { release: { environment: "qa", ephemeral: false, idleDays: 7 } } } },
      "routes.branches.release.idleDays",
      7,
    ],
    [
      "idleDays of pull requests that is not a number",
      { ...minimal, routes: { pullRequests: { idleDays: "a week" } } },
      "routes.pullRequests.idleDays",
      "a week",
    ],
  ])(
    "given %s, when defined, then ConfigError names the path, value and a fix",
    (_name, input, path, value) => {
      expectConfigErrorAt(input, path, value);
    },
  );
});
