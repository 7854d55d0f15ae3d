/**
 * The teardown build's decision, built from core (`tsup.config.ts` bundles this file with core's ownership rule into
 * `dist/scripts/teardown-check.mjs`, which `teardownBuildSpec()` writes into the build): the bash script of
 * `teardown-buildspec.ts` makes the AWS CLI calls and hands what they answered to this script, which applies core's
 * `teardownDecision`, so the rule lives in core only. Node is on CodeBuild's standard image.
 *
 * Usage (the teardown project's environment carries the request and the rule, `teardownVariables`):
 * - `node teardown-check.mjs name`: core's checks that need no call (prefix, protected stacks); exit 1 to refuse.
 * - `node teardown-check.mjs target`: where the stack is (core's `teardownTargetOf` over `TEARDOWN_TARGETS`), as the
 *   shell that defines `stack_aws`, the AWS CLI of the stack's account and region (the target teardown role's
 *   profile for a remote environment's stack); exit 1 with the reason on a malformed `TEARDOWN_TARGETS`.
 * - `node teardown-check.mjs list-targets`: the listing mode's plan (core's `TARGET_LISTING_MODE`), as shell: for each
 *   distinct target (account, region, role) of `TEARDOWN_TARGETS`, its profile, `target_aws` and a `list_target` call
 *   with the tag filter and the key (core's `targetListingKey`); exit 1 with the reason when it cannot plan.
 * - `node teardown-check.mjs listing <account> <region> <GetResources answer>`: core's `TargetStackListing` of that
 *   target (`buildTargetListing`), as JSON on stdout.
 * - `node teardown-check.mjs decide <facts directory>`: `stack.json` (DescribeStacks' answer, empty when the stack
 *   does not exist) and one `pipeline-*.json` per pipeline read (`{"name": …, "tags": <ListTagsForResource's answer
 *   or null>}`); exit 0 to delete, 10 when there is nothing to delete, 1 to refuse. The message goes to stdout.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildTargetListing,
  isAwsAccountId,
  isAwsRegion,
  MANAGED_TAGS,
  roleArn,
  type TaggedResource,
  type TeardownDecision,
  type TeardownFacts,
  type TeardownRule,
  type TeardownTarget,
  targetListingKey,
  teardownDecision,
  teardownNameCheck,
  teardownRequestOf,
  teardownTargetOf,
} from "@tributary/core";
import { shellQuoted } from "../buildspec-program.js";
import {
  TARGET_PROFILE,
  TARGET_PROFILE_FILE,
  writeTargetProfileCommand,
} from "../environment-pipeline/target-profile.js";

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
 * What each field of a `TEARDOWN_TARGETS` entry must look like to be written into a shell line (core names them so;
 * account and region as every config checks them, core's `isAwsAccountId` and `isAwsRegion`).
 */
const TARGET_FIELDS: Readonly<Record<keyof TeardownTarget, (value: string) => boolean>> = {
  stackPrefix: (value) => /^[A-Za-z0-9-]{1,128}$/.test(value),
  account: isAwsAccountId,
  region: isAwsRegion,
  // IAM role names: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName).
  roleName: (value) => /^[\w+=,.@-]{1,64}$/.test(value),
};

/**
 * `TEARDOWN_TARGETS` read back (core's `teardownTargets`, as JSON; absent or empty: no remote environment), or the
 * reason it cannot be used.
 *
 * @example
 * teardownTargetsOf({ TEARDOWN_TARGETS: "[]" }); // { targets: [] }
 */
export function teardownTargetsOf(
  environment: Readonly<Record<string, string | undefined>>,
): { readonly targets: readonly TeardownTarget[] } | { readonly problem: string } {
  const text = environment.TEARDOWN_TARGETS || "[]";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const entries = Array.isArray(parsed) ? (parsed as unknown[]) : [undefined];
  for (const entry of entries) {
    const fields = Object.entries(TARGET_FIELDS) as Array<[keyof TeardownTarget, (value: string) => boolean]>;
    const bad = fields.find(([field, isValid]) => {
      const value = (entry as Record<string, unknown> | null | undefined)?.[field];
      return typeof value !== "string" || !isValid(value);
    });
    if (entry === undefined || bad !== undefined) {
      return {
        problem: `TEARDOWN_TARGETS is not a list of teardown targets (${bad === undefined ? "not a JSON list" : `entry ${JSON.stringify(entry)}, field ${bad[0]}`}): ${text}. Fix: deploy the CI/CD stack again; its teardown project carries core's teardownTargets.`,
      };
    }
  }
  return { targets: entries as TeardownTarget[] };
}

/**
 * The shell that defines `stack_aws` for the requested stack: the AWS CLI as the build itself for a stack in the
 * CI/CD account, else with the target teardown role's profile (written by `writeTargetProfileCommand`, the pipelines'
 * mechanism) in the target's region. The role's partition is the build's own (`CODEBUILD_BUILD_ARN`).
 *
 * @example
 * teardownTargetShell(teardownTargets("acme", [prod]), "acme-prod-feature-x", "arn:aws:codebuild:eu-west-1:111111111111:build/acme-stack-teardown:1");
 */
export function teardownTargetShell(
  targets: readonly TeardownTarget[],
  stackName: string,
  buildArn: string | undefined,
): string {
  const target = teardownTargetOf(targets, stackName);
  if (target === undefined) {
    return [
      `stack_aws() { aws "$@"; }`,
      `echo ${shellQuoted(`Stack ${stackName}: in the CI/CD account`)}`,
    ].join("\n");
  }
  const role = teardownRoleArn(target, buildArn);
  return [
    ...targetCli("stack_aws", role, target.region),
    `echo ${shellQuoted(`Stack ${stackName}: in account ${target.account}, ${target.region}, through ${role}`)}`,
  ].join("\n");
}

/** A target's teardown role ARN, in the build's own partition (`CODEBUILD_BUILD_ARN`, else `aws`). */
function teardownRoleArn(target: TeardownTarget, buildArn: string | undefined): string {
  const partition = /^arn:(aws[a-z-]*):/.exec(buildArn ?? "")?.[1] ?? "aws";
  return roleArn(partition, target.account, target.roleName);
}

/**
 * The shell that writes the target profile of `role` (`writeTargetProfileCommand`) and defines the function `name`:
 * the AWS CLI with that profile in `region`.
 */
function targetCli(name: string, role: string, region: string): string[] {
  return [
    writeTargetProfileCommand(role, region),
    `${name}() { AWS_CONFIG_FILE=${TARGET_PROFILE_FILE} aws --profile ${TARGET_PROFILE} --region '${region}' "$@"; }`,
  ];
}

/**
 * The listing mode's plan as shell, for each distinct target (account, region, role) of `targets`: the profile and
 * `target_aws` of its teardown role, then `list_target <account> <region> <key> <tag filter>` (core's
 * `targetListingKey`; the project tag, `tributary:project=<project>`), counting a failed target in `failures` so the
 * others are still listed.
 *
 * @example
 * targetListingShell(teardownTargets("acme", [prod]), "acme", "arn:aws:codebuild:eu-west-1:111111111111:build/acme-stack-teardown:1");
 */
export function targetListingShell(
  targets: readonly TeardownTarget[],
  project: string,
  buildArn: string | undefined,
): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const target of targets) {
    const key = `${target.account}/${target.region}/${target.roleName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const role = teardownRoleArn(target, buildArn);
    const filter = `Key=${MANAGED_TAGS.project},Values=${project}`;
    lines.push(
      ...targetCli("target_aws", role, target.region),
      `echo ${shellQuoted(`Listing the stacks of ${target.account}, ${target.region}, through ${role}`)}`,
      `list_target '${target.account}' '${target.region}' ${shellQuoted(targetListingKey(target.account, target.region))} ${shellQuoted(filter)} || failures=$((failures + 1))`,
    );
  }
  return lines.join("\n");
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
  else if (mode === "list-targets")
    return withTargets(environment, print, (targets) => printListingPlan(targets, environment, print));
  else if (mode === "listing" && args.length === 4) {
    const [, account, region, file] = args as [string, string, string, string];
    return withTargets(environment, print, (targets) =>
      printListing(targets, { account, region, file }, environment, now, print),
    );
  } else if (mode === "target") {
    return withTargets(environment, print, (targets) => {
      print(teardownTargetShell(targets, request.stackName, environment.CODEBUILD_BUILD_ARN));
      return TEARDOWN_CHECK_EXIT.delete;
    });
  } else {
    print(
      "Usage: teardown-check.mjs name | target | decide <facts directory> | list-targets | listing <account> <region> <GetResources answer>",
    );
    return TEARDOWN_CHECK_EXIT.refuse;
  }
  if (decision === undefined) return TEARDOWN_CHECK_EXIT.delete;
  print(decision.message);
  return TEARDOWN_CHECK_EXIT[decision.action];
}

/** `use` of the targets `TEARDOWN_TARGETS` names, or the reason they cannot be read, printed, and a refusal. */
function withTargets(
  environment: Readonly<Record<string, string | undefined>>,
  print: (line: string) => void,
  use: (targets: readonly TeardownTarget[]) => number,
): number {
  const read = teardownTargetsOf(environment);
  if ("problem" in read) {
    print(read.problem);
    return TEARDOWN_CHECK_EXIT.refuse;
  }
  return use(read.targets);
}

/** The `list-targets` mode: the listing plan (`targetListingShell`), or why the listing cannot be made. */
function printListingPlan(
  targets: readonly TeardownTarget[],
  environment: Readonly<Record<string, string | undefined>>,
  print: (line: string) => void,
): number {
  const project = environment.TRIBUTARY_PROJECT ?? "";
  const problem = !/^[a-z0-9-]+$/.test(project)
    ? `TRIBUTARY_PROJECT is ${JSON.stringify(project)}, not a project name. Fix: deploy the CI/CD stack again; its teardown project sets it.`
    : !environment.TEARDOWN_LISTING_BUCKET
      ? "TEARDOWN_LISTING_BUCKET is empty: the listing has nowhere to go. Fix: call writeTargetListingsTo(artifactsBucket) on the StackTeardown (PipelineCloner does when given targetListings) and deploy it again."
      : undefined;
  if (problem !== undefined) {
    print(problem);
    return TEARDOWN_CHECK_EXIT.refuse;
  }
  print(targetListingShell(targets, project, environment.CODEBUILD_BUILD_ARN));
  return TEARDOWN_CHECK_EXIT.delete;
}

/** The `listing` mode: core's `TargetStackListing` of one target from its GetResources answer, as JSON. */
function printListing(
  targets: readonly TeardownTarget[],
  { account, region, file }: { readonly account: string; readonly region: string; readonly file: string },
  environment: Readonly<Record<string, string | undefined>>,
  now: string,
  print: (line: string) => void,
): number {
  let answer: { ResourceTagMappingList?: TaggedResource[] };
  try {
    answer = JSON.parse(readFileSync(file, "utf8")) as { ResourceTagMappingList?: TaggedResource[] };
  } catch (error) {
    print(
      `The GetResources answer ${file} of ${account} ${region} is not JSON (${String(error)}). Fix: see the build's log above it.`,
    );
    return TEARDOWN_CHECK_EXIT.refuse;
  }
  const listing = buildTargetListing({
    project: environment.TRIBUTARY_PROJECT ?? "",
    account,
    region,
    listedAt: now,
    targets,
    resources: answer.ResourceTagMappingList ?? [],
  });
  print(JSON.stringify(listing));
  return TEARDOWN_CHECK_EXIT.delete;
}
