/**
 * The teardown build's decision, built from core (`tsup.config.ts` bundles this file with core's ownership rule into
 * `dist/scripts/teardown-check.mjs`, which `teardownBuildSpec()` writes into the build): the bash script of
 * `teardown-buildspec.ts` makes the AWS CLI calls and hands what they answered to this script, which applies core's
 * `teardownDecision`, so the rule lives in core only. Node is on CodeBuild's standard image.
 *
 * Usage (the teardown project's environment carries the request and the rule, `teardownVariables`):
 * - `node teardown-check.mjs name`: core's checks that need no call (prefix, protected stacks); exit 1 to refuse.
 * - `node teardown-check.mjs decide <facts directory>`: `stack.json` (DescribeStacks' answer, empty when the stack
 *   does not exist) and one `pipeline-*.json` per pipeline read (`{"name": …, "tags": <ListTagsForResource's answer
 *   or null>}`); exit 0 to delete, 10 when there is nothing to delete, 1 to refuse. The message goes to stdout.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type TeardownDecision,
  type TeardownFacts,
  type TeardownRule,
  teardownDecision,
  teardownNameCheck,
  teardownRequestOf,
} from "@tributary/core";

/**
 * The exit codes of the check: delete, nothing to do, refuse.
 *
 * @example
 * TEARDOWN_CHECK_EXIT.nothing; // 10
 */
export const TEARDOWN_CHECK_EXIT = { delete: 0, nothing: 10, refuse: 1 } as const;

/**
 * The rule the teardown project's environment carries (`teardownVariables`), read back.
 *
 * @example
 * teardownRuleOf(process.env).namePrefix; // "acme-"
 */
export function teardownRuleOf(environment: Readonly<Record<string, string | undefined>>): TeardownRule {
  const json = (name: string, fallback: string): unknown => JSON.parse(environment[name] || fallback);
  return {
    namePrefix: environment.TEARDOWN_NAME_PREFIX ?? "",
    ephemeralStackTags: json("TEARDOWN_REQUIRED_TAGS", "{}") as Record<string, string>,
    protectedStacks: json("TEARDOWN_PROTECTED_STACKS", "[]") as string[],
    cloneTags: json("TEARDOWN_CLONE_TAGS", "{}") as Record<string, string>,
  };
}

/** A CLI answer's tag list (`[{Key, Value}]` or `[{key, value}]`) as a record. */
function tagRecord(list: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (!Array.isArray(list)) return record;
  for (const tag of list as Array<Record<string, unknown>>) {
    const key = tag.Key ?? tag.key;
    const value = tag.Value ?? tag.value;
    if (typeof key === "string") record[key] = typeof value === "string" ? value : "";
  }
  return record;
}

/**
 * The facts a directory of CLI answers holds (see the file's usage note).
 *
 * @example
 * teardownFactsOf("/tmp/facts", "2026-11-27T12:00:00Z").stack?.tags; // { "tributary:ephemeral": "true", ... }
 */
export function teardownFactsOf(directory: string, now: string): TeardownFacts {
  const text = readFileSync(join(directory, "stack.json"), "utf8").trim();
  const described =
    text === "" ? undefined : (JSON.parse(text) as { Stacks?: Array<Record<string, unknown>> });
  const stack = described?.Stacks?.[0];
  const pipelines: Record<string, Record<string, string> | undefined> = {};
  for (const file of readdirSync(directory)
    .filter((name) => /^pipeline-.*\.json$/.test(name))
    .sort()) {
    const { name, tags } = JSON.parse(readFileSync(join(directory, file), "utf8")) as {
      name: string;
      tags: { tags?: unknown } | null;
    };
    pipelines[name] = tags === null ? undefined : tagRecord(tags.tags);
  }
  return {
    stack:
      stack === undefined
        ? undefined
        : {
            tags: tagRecord(stack.Tags),
            ...(typeof stack.ParentId === "string" ? { parentId: stack.ParentId } : {}),
          },
    pipelines,
    now,
  };
}

/**
 * Runs the check: prints the decision's message and returns the exit code.
 *
 * @example
 * process.exitCode = runTeardownCheck(["decide", "/tmp/facts"], process.env, new Date().toISOString());
 */
export function runTeardownCheck(
  args: readonly string[],
  environment: Readonly<Record<string, string | undefined>>,
  now: string,
  print: (line: string) => void = (line) => console.log(line),
): number {
  const rule = teardownRuleOf(environment);
  const request = teardownRequestOf(environment);
  const [mode, directory] = args;
  let decision: TeardownDecision | undefined;
  if (mode === "name") decision = teardownNameCheck(rule, request);
  else if (mode === "decide" && directory)
    decision = teardownDecision(rule, request, teardownFactsOf(directory, now));
  else {
    print("Usage: teardown-check.mjs name | decide <facts directory>");
    return TEARDOWN_CHECK_EXIT.refuse;
  }
  if (decision === undefined) return TEARDOWN_CHECK_EXIT.delete;
  print(decision.message);
  return TEARDOWN_CHECK_EXIT[decision.action];
}
