/**
 * The ephemeral stacks of remote environments, as the reconcile sees them. The cloner never reads a target account:
 * the teardown project, in its listing mode, lists each target's stacks through the target's teardown role and writes
 * a {@link TargetStackListing} into the CI/CD account's artifacts bucket; the next reconcile reads the listings and
 * sweeps those stacks like its own (orphans, idle clocks), and every teardown it starts reads the stack again before it
 * deletes. A listing is as old as the reconcile before, so a stack can be seen one round late or one round after it
 * went (its teardown then finds nothing and succeeds); {@link targetListingMaxAgeMs} bounds how stale a listing may be.
 */

import type { TeardownTarget } from "../config/target-roles.js";
import { teardownTargetOf } from "../config/teardown-target.js";
import type { Action } from "../events/plan.js";
import { stableHash } from "../names/stable-hash.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import { isPlainObject, isRecord } from "../shared/plain-object.js";
import type { ListedStack } from "./stack-sweep.js";

/**
 * The version of the {@link TargetStackListing} format; a listing of another version is not read.
 *
 * @example
 * TARGET_LISTING_VERSION; // 1
 */
export const TARGET_LISTING_VERSION = 1;

/**
 * Where in the artifacts bucket the listings live (one object per target account and region).
 *
 * @example
 * TARGET_LISTING_PREFIX; // "tributary/target-stacks/"
 */
export const TARGET_LISTING_PREFIX = "tributary/target-stacks/";

/**
 * The S3 key of one target's listing.
 *
 * @example
 * targetListingKey("333333333333", "eu-central-1"); // "tributary/target-stacks/333333333333-eu-central-1.json"
 */
export function targetListingKey(account: string, region: string): string {
  return `${TARGET_LISTING_PREFIX}${account}-${region}.json`;
}

/**
 * What the listing build writes for one target account and region: when it listed, and the project's ephemeral-stack
 * candidates there (under a remote environment's prefix), each with its `tributary:` tags only.
 *
 * @example
 * const listing: TargetStackListing = {
 *   version: 1, account: "333333333333", region: "eu-central-1", listedAt: "2026-12-07T22:00:00Z",
 *   stacks: [{ name: "acme-prod-hotfix-fix", tags: { "tributary:ephemeral": "true", "tributary:project": "acme" } }],
 * };
 */
export interface TargetStackListing {
  readonly version: typeof TARGET_LISTING_VERSION;
  readonly account: string;
  readonly region: string;
  /** When the build listed (ISO 8601, UTC). */
  readonly listedAt: string;
  readonly stacks: readonly ListedStack[];
}

/**
 * One resource as the Resource Groups Tagging API's GetResources answers it (`ResourceTagMappingList[]`).
 *
 * @example
 * const resource: TaggedResource = { ResourceARN: "arn:aws:cloudformation:eu-central-1:333333333333:stack/acme-prod-pr-7/1b2c", Tags: [{ Key: "tributary:project", Value: "acme" }] };
 */
export interface TaggedResource {
  readonly ResourceARN?: string | undefined;
  readonly Tags?:
    | readonly { readonly Key?: string | undefined; readonly Value?: string | undefined }[]
    | undefined;
}

/**
 * The account, region and name of a CloudFormation stack ARN
 * (`arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<id>`), or `undefined` for any other ARN.
 *
 * @example
 * stackOfArn("arn:aws:cloudformation:eu-central-1:333333333333:stack/acme-prod-pr-7/1b2c");
 * // { account: "333333333333", region: "eu-central-1", name: "acme-prod-pr-7" }
 */
export function stackOfArn(
  arn: string,
): { readonly account: string; readonly region: string; readonly name: string } | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || parts[2] !== "cloudformation") return undefined;
  const resource = parts.slice(5).join(":").split("/");
  const [type, name] = resource;
  if (type !== "stack" || name === undefined || name === "") return undefined;
  return { account: parts[4] ?? "", region: parts[3] ?? "", name };
}

/**
 * The listing of one target account and region from the GetResources pages the build read there: the stacks of that
 * account and region that a teardown of their name reaches there (`teardownTargetOf` over the targets, core's
 * `teardownTargets`) and that carry the project tag, each once, sorted by name, with only their `tributary:` tags
 * (what the sweep reads; it keeps the object small). Anything else the pages hold is left out.
 *
 * @example
 * buildTargetListing({ project: "acme", account: "333333333333", region: "eu-central-1", listedAt: "2026-12-07T22:00:00Z", targets, resources });
 * // { version: 1, account: "333333333333", region: "eu-central-1", listedAt: "2026-12-07T22:00:00Z", stacks: [{ name: "acme-prod-pr-7", tags: { … } }] }
 */
export function buildTargetListing(input: {
  readonly project: string;
  readonly account: string;
  readonly region: string;
  readonly listedAt: string;
  readonly targets: readonly TeardownTarget[];
  readonly resources: readonly TaggedResource[];
}): TargetStackListing {
  const stacks = new Map<string, ListedStack>();
  for (const resource of input.resources) {
    const stack = resource.ResourceARN === undefined ? undefined : stackOfArn(resource.ResourceARN);
    if (stack === undefined || stack.account !== input.account || stack.region !== input.region) continue;
    // Only where a teardown of this name goes (the rule the teardown build applies), so `sweptStacks` may trust it.
    const target = teardownTargetOf(input.targets, stack.name);
    if (target?.account !== input.account || target.region !== input.region) continue;
    const tags: Record<string, string> = {};
    for (const tag of resource.Tags ?? []) {
      if (tag.Key?.startsWith(MANAGED_TAG_PREFIX)) tags[tag.Key] = tag.Value ?? "";
    }
    if (tags[MANAGED_TAGS.project] !== input.project) continue;
    stacks.set(stack.name, Object.freeze({ name: stack.name, tags: Object.freeze(tags) }));
  }
  return Object.freeze({
    version: TARGET_LISTING_VERSION,
    account: input.account,
    region: input.region,
    listedAt: input.listedAt,
    stacks: Object.freeze([...stacks.values()].sort((a, b) => (a.name < b.name ? -1 : 1))),
  });
}

/** Every tag Tributary manages starts with it (core's `MANAGED_TAGS`). */
const MANAGED_TAG_PREFIX = "tributary:";

/**
 * Why a listing cannot be used, and what to do.
 *
 * @example
 * const problem: TargetListingProblem = { problem: "is 3 days old", fix: "See the teardown project's list-targets builds." };
 */
export interface TargetListingProblem {
  readonly problem: string;
  readonly fix: string;
}

/** One day, in milliseconds. */
const DAY_MS = 24 * 60 * 60 * 1000;
/** One hour, in milliseconds: the slack for the listing build itself. */
const HOUR_MS = 60 * 60 * 1000;
const RATE_UNIT_MS: Readonly<Record<string, number>> = { minute: 60 * 1000, hour: HOUR_MS, day: DAY_MS };

/**
 * How old a listing may be and still be swept: two reconcile periods and an hour for the build (a listing is written
 * by the round before; one failed listing build is tolerated), at least a day. A `cron(…)` schedule has no one
 * period, so its listings may be 8 days old (a weekly reconcile and its slack). Older listings are not used: their
 * stacks would get teardown builds that find nothing, every round.
 *
 * @example
 * targetListingMaxAgeMs("rate(1 hour)"); // 86_400_000 (a day: 3 hours is less)
 * targetListingMaxAgeMs("rate(1 day)");  // 176_400_000 (2 days and an hour)
 * targetListingMaxAgeMs("cron(0 6 ? * MON *)"); // 691_200_000 (8 days)
 */
export function targetListingMaxAgeMs(reconcileSchedule: string): number {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(reconcileSchedule);
  const unit = rate?.[2] === undefined ? undefined : RATE_UNIT_MS[rate[2]];
  if (rate === null || unit === undefined) return 8 * DAY_MS;
  return Math.max(DAY_MS, 2 * Number(rate[1]) * unit + HOUR_MS);
}

/**
 * Reads a listing object (its text) for the target it was fetched for: a {@link TargetStackListing} when it is one,
 * of that account and region, of this version, and no older than `maxAgeMs` at `now`; else the problem and its fix
 * (the reconcile logs it and sweeps that target without a listing: none of its stacks, until a listing is written).
 *
 * @example
 * readTargetListing(text, { account: "333333333333", region: "eu-central-1" }, "2026-12-07T23:00:00Z", targetListingMaxAgeMs("rate(1 hour)"));
 * // { listing: { version: 1, account: "333333333333", … } }
 */
export function readTargetListing(
  text: string,
  where: { readonly account: string; readonly region: string },
  now: string,
  maxAgeMs: number,
): { readonly listing: TargetStackListing } | TargetListingProblem {
  const fix = `See the latest builds of the teardown project in list-targets mode (TEARDOWN_MODE=list-targets): they write ${targetListingKey(where.account, where.region)}; the next reconcile starts one.`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: "is not JSON", fix };
  }
  if (!isPlainObject(value)) return { problem: "is not a JSON object", fix };
  if (value.version !== TARGET_LISTING_VERSION) {
    return {
      problem: `has version ${JSON.stringify(value.version)}, not ${TARGET_LISTING_VERSION}`,
      fix: `Deploy the CI/CD stack and the cloner of the same Tributary version; then ${fix}`,
    };
  }
  if (value.account !== where.account || value.region !== where.region) {
    return {
      problem: `lists ${JSON.stringify(value.account)}/${JSON.stringify(value.region)}, not ${where.account}/${where.region}`,
      fix,
    };
  }
  const listedAt = typeof value.listedAt === "string" ? Date.parse(value.listedAt) : Number.NaN;
  const at = Date.parse(now);
  if (!Number.isFinite(listedAt))
    return { problem: `has no time in listedAt (${JSON.stringify(value.listedAt)})`, fix };
  if (Number.isFinite(at) && at - listedAt > maxAgeMs) {
    return {
      problem: `was listed at ${value.listedAt}, ${Math.floor((at - listedAt) / HOUR_MS)} hours before ${now}, more than the ${Math.round(maxAgeMs / HOUR_MS)} hours a listing may be old`,
      fix,
    };
  }
  if (!Array.isArray(value.stacks)) return { problem: "has no stacks list", fix };
  const stacks: ListedStack[] = [];
  for (const [index, stack] of value.stacks.entries()) {
    if (
      !isRecord(stack) ||
      typeof stack.name !== "string" ||
      !isPlainObject(stack.tags) ||
      Object.values(stack.tags).some((tag) => typeof tag !== "string")
    ) {
      return { problem: `has stacks[${index}] that is not { name, tags } with string tags`, fix };
    }
    stacks.push(
      Object.freeze({ name: stack.name, tags: Object.freeze({ ...(stack.tags as Record<string, string>) }) }),
    );
  }
  return {
    listing: Object.freeze({
      version: TARGET_LISTING_VERSION,
      account: where.account,
      region: where.region,
      listedAt: value.listedAt as string,
      stacks: Object.freeze(stacks),
    }),
  };
}

/**
 * The teardown build's mode variable and its listing value: the cloner's reconcile starts the teardown project with
 * {@link targetListingRequestVariables} to have every target listed.
 *
 * @example
 * TARGET_LISTING_MODE; // { variable: "TEARDOWN_MODE", value: "list-targets" }
 */
export const TARGET_LISTING_MODE = Object.freeze({
  variable: "TEARDOWN_MODE",
  value: "list-targets",
} as const);

/**
 * The environment overrides of a listing build's StartBuild.
 *
 * @example
 * targetListingRequestVariables(); // { TEARDOWN_MODE: "list-targets" }
 */
export function targetListingRequestVariables(): Record<string, string> {
  return { [TARGET_LISTING_MODE.variable]: TARGET_LISTING_MODE.value };
}

/**
 * The cloner's variable naming where the listings are and which targets to read (`TargetListingSource` as JSON);
 * absent when every environment deploys in the CI/CD account and region.
 *
 * @example
 * TARGET_LISTINGS_VARIABLE; // "TRIBUTARY_TARGET_LISTINGS"
 */
export const TARGET_LISTINGS_VARIABLE = "TRIBUTARY_TARGET_LISTINGS";

/**
 * Where the cloner reads the listings: the artifacts bucket of the CI/CD account and the targets (account and region)
 * whose listings it reads there.
 *
 * @example
 * const source: TargetListingSource = { bucket: "acme-tributary-cicd-artifacts-1a2b", targets: [{ account: "333333333333", region: "eu-central-1" }] };
 */
export interface TargetListingSource {
  readonly bucket: string;
  readonly targets: readonly { readonly account: string; readonly region: string }[];
}

/**
 * Reads {@link TARGET_LISTINGS_VARIABLE}'s value: the source, or `undefined` when it is absent or empty. Throws a
 * `RangeError` naming the value and the fix when it is not a source (a construct and a cloner of different versions).
 *
 * @example
 * parseTargetListingSource('{"bucket":"acme-artifacts","targets":[{"account":"333333333333","region":"eu-central-1"}]}');
 * // { bucket: "acme-artifacts", targets: [{ account: "333333333333", region: "eu-central-1" }] }
 */
export function parseTargetListingSource(value: string | undefined): TargetListingSource | undefined {
  if (value === undefined || value === "") return undefined;
  const refuse = (): never => {
    throw new RangeError(
      `${TARGET_LISTINGS_VARIABLE} is ${JSON.stringify(value)}, not {"bucket": string, "targets": [{"account": string, "region": string}]}. Fix: deploy the cloner with the PipelineCloner construct of the same version (it sets this variable).`,
    );
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return refuse();
  }
  if (!isPlainObject(parsed) || typeof parsed.bucket !== "string" || parsed.bucket === "") return refuse();
  if (!Array.isArray(parsed.targets)) return refuse();
  const targets = parsed.targets.map((target: unknown) =>
    isPlainObject(target) && typeof target.account === "string" && typeof target.region === "string"
      ? Object.freeze({ account: target.account, region: target.region })
      : refuse(),
  );
  return Object.freeze({ bucket: parsed.bucket, targets: Object.freeze(targets) });
}

/**
 * The idempotency token of the listing build a scheduled reconcile starts: `tributary-` and a hash of the event id and
 * the listing mode (CodeBuild's StartBuild honours a token for 5 minutes), so a redelivered scheduled event starts no
 * second listing, and no teardown's token (`teardownToken`, of a stack name) can equal it.
 *
 * @example
 * targetListingToken("6b2c…"); // "tributary-" + 10 base-36 characters
 */
export function targetListingToken(eventId: string): string {
  return `tributary-${stableHash(`${eventId}/${TARGET_LISTING_MODE.value}`)}`;
}

/**
 * The `listTargetStacks` action of a scheduled reconcile: start the teardown project in its listing mode for these
 * targets, with {@link targetListingToken} of the event.
 *
 * @example
 * listTargetStacksAction("ev-1", [{ account: "333333333333", region: "eu-central-1" }]);
 * // { type: "listTargetStacks", targets: [{ account: "333333333333", region: "eu-central-1" }], idempotencyToken: targetListingToken("ev-1") }
 */
export function listTargetStacksAction(
  eventId: string,
  targets: readonly { readonly account: string; readonly region: string }[],
): Extract<Action, { type: "listTargetStacks" }> {
  return Object.freeze({
    type: "listTargetStacks",
    targets: Object.freeze(
      targets.map((target) => Object.freeze({ account: target.account, region: target.region })),
    ),
    idempotencyToken: targetListingToken(eventId),
  });
}

/**
 * The stacks one reconcile sweeps: every stack of the targets' listings, then the CI/CD account's own (the tagging
 * API's) whose name no listing holds; each name once. A name listed by a target wins because the teardown build picks
 * the account of a stack by its name's prefix (core's `teardownTargetOf`), and a listing holds only the names whose
 * teardown reaches its target: the listed stack is the one a teardown of that name reaches.
 *
 * @example
 * sweptStacks([{ name: "acme-dev-feature-x", tags }], [prodListing]).map((stack) => stack.name);
 * // ["acme-prod-hotfix-fix", "acme-dev-feature-x"]
 */
export function sweptStacks(
  own: readonly ListedStack[],
  listings: readonly TargetStackListing[],
): readonly ListedStack[] {
  const byName = new Map<string, ListedStack>();
  for (const listing of listings) {
    for (const stack of listing.stacks) if (!byName.has(stack.name)) byName.set(stack.name, stack);
  }
  for (const stack of own) if (!byName.has(stack.name)) byName.set(stack.name, stack);
  return Object.freeze([...byName.values()]);
}
