import { describe, expect, it } from "vitest";
import { configToInput } from "../config/cloner-environment.js";
import { defineConfig } from "../config/define-config.js";
import { ConfigError } from "../shared/errors.js";
import { validateRunHistory } from "./run-history-config.js";

const minimal = { project: "acme", repository: "infra-deployment" };

describe("runHistory in the config", () => {
  it("given no runHistory, when defined, then runs are kept 400 days", () => {
    expect(defineConfig(minimal).runHistory).toEqual({ ttlDays: 400 });
  });

  it.each([1, 30, 730, 3650])("Compliance: given ttlDays %s, when defined, then it is kept", (ttlDays) => {
    expect(defineConfig({ ...minimal, runHistory: { ttlDays } }).runHistory).toEqual({ ttlDays });
  });

  it.each<[string, unknown, string]>([
    ["not an object", 400, "runHistory"],
    ["an unknown key", { ttl: 400 }, "runHistory.ttl"],
    ["zero days", { ttlDays: 0 }, "runHistory.ttlDays"],
    ["a fraction", { ttlDays: 1.5 }, "runHistory.ttlDays"],
    ["more than ten years", { ttlDays: 3651 }, "runHistory.ttlDays"],
    ["text", { ttlDays: "400" }, "runHistory.ttlDays"],
  ])(
    "Noncompliance: given %s, when validated, then a ConfigError names %s with a fix",
    (_what, input, path) => {
      let caught: unknown;
      try {
        validateRunHistory(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).path).toBe(path);
      expect((caught as ConfigError).fix).not.toBe("");
    },
  );

  it("given a ttl other than the default, when the config goes through the cloner's environment, then it comes back", () => {
    const config = defineConfig({ ...minimal, runHistory: { ttlDays: 30 } });
    expect(configToInput(config).runHistory).toEqual({ ttlDays: 30 });
    expect(defineConfig(configToInput(config))).toEqual(config);
    expect(configToInput(defineConfig(minimal))).not.toHaveProperty("runHistory");
  });
});
