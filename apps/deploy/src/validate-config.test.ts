import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@tributary/core";
import { describe, expect, it } from "vitest";
import { configFile, DUPLICATE_DEV_CONFIG } from "./__fixtures__/config-file";
import { DEFAULT_CONFIG_PATH } from "./load-config";
import {
  ConfigProblemsError,
  formatConfigProblem,
  typeCheckConfigFile,
  validateConfigFile,
} from "./validate-config";

/** A config file whose `defineConfig({...})` body is `body`. */
function configWith(body: string): string {
  return configFile(`export default defineConfig({\n${body}\n});\n`);
}

const line5 = DUPLICATE_DEV_CONFIG.split("\n")[3] ?? "";
/** Where the second `dev` of the duplicate-key config is: line 5 of the file, 1-based column. */
const SECOND_DEV = `5:${line5.lastIndexOf("dev:") + 1}`;

describe("typeCheckConfigFile", () => {
  it("given environments with dev twice, when type-checked, then TS1117 names environments.dev, the later value, both lines and the fix", () => {
    const file = configFile(DUPLICATE_DEV_CONFIG);

    const problems = typeCheckConfigFile(file);

    expect(problems).toEqual([
      {
        path: "environments.dev",
        value: "{ branch: null }",
        problem: `repeats the key "dev" of line 5 at ${file}:${SECOND_DEV} (TS1117: An object literal cannot have multiple properties with the same name): the later entry silently replaces the earlier`,
        fix: 'Keep one "dev" entry in environments and remove or rename the other.',
      },
    ]);
  });

  it("given a value of the wrong type, when type-checked, then the problem names the field, the value and the TypeScript error", () => {
    const file = configWith(
      '  project: "acme",\n  repository: "infra",\n  notificationEmails: ["ops@example.com", 42],',
    );

    const [problem, ...others] = typeCheckConfigFile(file);

    expect(others).toEqual([]);
    expect(problem).toMatchObject({ path: "notificationEmails[1]", value: "42" });
    expect(problem?.problem).toMatch(
      /^is a type error at .*:5:43 \(TS2322: Type 'number' is not assignable to type 'string'\)$/,
    );
  });

  it("given the shipped tributary.config.ts, when type-checked, then it has no problem", () => {
    expect(typeCheckConfigFile(DEFAULT_CONFIG_PATH)).toEqual([]);
  });

  it("given a JSON config, when type-checked, then there is nothing to check (it is only validated)", () => {
    const file = join(mkdtempSync(join(tmpdir(), "tributary-validate-")), "config.json");
    writeFileSync(file, '{ "project": "acme", "repository": "infra" }');

    expect(typeCheckConfigFile(file)).toEqual([]);
  });
});

describe("validateConfigFile", () => {
  it("given environments with dev twice, when validated, then it throws every problem as a ConfigError-style line", async () => {
    const file = configFile(DUPLICATE_DEV_CONFIG);

    const error = await validateConfigFile(file).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(ConfigProblemsError);
    expect((error as ConfigProblemsError).lines).toEqual([
      expect.stringMatching(
        /^Invalid Tributary config at environments\.dev: \{ branch: null \} repeats the key "dev" of line 5 .*\. Fix: Keep one "dev" entry in environments and remove or rename the other\.$/,
      ),
    ]);
  });

  it("given a type error that defineConfig also rejects, when validated, then the field is reported once", async () => {
    const file = configWith('  project: 42,\n  repository: "infra",');

    const error = (await validateConfigFile(file).catch((thrown: unknown) => thrown)) as ConfigProblemsError;

    expect(error.lines).toHaveLength(1);
    expect(error.lines[0]).toMatch(/^Invalid Tributary config at project: 42 is a type error/);
  });

  it("given a well-typed value that defineConfig rejects, when validated, then core's ConfigError is thrown", async () => {
    const file = configWith('  project: "acme",\n  repository: "infra",\n  reconcileSchedule: "every hour",');

    await expect(validateConfigFile(file)).rejects.toThrow(ConfigError);
  });

  it("given reconcileSchedule rate(6 hour), when validated, then the ConfigError names the field, the value and the plural fix", async () => {
    const file = configWith(
      '  project: "acme",\n  repository: "infra",\n  reconcileSchedule: "rate(6 hour)",',
    );

    await expect(validateConfigFile(file)).rejects.toThrow(
      /^Invalid Tributary config at reconcileSchedule: "rate\(6 hour\)" .*\. Fix: Write "rate\(6 hours\)"/,
    );
  });

  it("given the shipped tributary.config.ts, when validated, then it returns the config", async () => {
    const { tributary } = await validateConfigFile(DEFAULT_CONFIG_PATH);

    expect(tributary.environments.map((environment) => environment.name)).toEqual(["dev", "qa", "prod"]);
  });
});

describe("formatConfigProblem", () => {
  it("given a problem, when formatted, then it reads like core's ConfigError message", () => {
    const problem = { path: "project", value: '"Acme"', problem: "must be lower-case", fix: 'Use "acme".' };

    expect(formatConfigProblem(problem)).toBe(
      new ConfigError("project", "Acme", "must be lower-case", 'Use "acme".').message,
    );
  });
});
