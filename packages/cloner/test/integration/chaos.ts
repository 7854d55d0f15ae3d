/**
 * A model-based chaos run of the bundled cloner (`dist/handler.mjs` in a child process) against the fake account:
 * random repository histories whose events are dropped, duplicated, reordered, delivered late and concurrently, with
 * throttling, server errors, Lambda's retries and a dead-letter redrive; then the scheduled reconciles, a push to every
 * live clone, and the end state checked against core's model. Beside the cloner, the run plays the two things that
 * change the account behind its back: each clone's run deploys the clone's own stack (as the Deploy stage would,
 * with the tags `demo-templates/buildspec.yml` gives it), and each teardown build runs some steps after it started
 * (sometimes failing) and deletes the stack only when core's `teardownDecision` (the rule the teardown script runs)
 * lets it, given what the script would read at that moment. IAM is played too: the fake refuses what the cloner role's policy refuses
 * (`clonerIamModel`), so a foreign pipeline is out of reach only where the policy puts it out of reach. With a remote
 * target (`REMOTE_CHAOS_CONFIG`: dev in another account and region), dev's stacks live in a store of their own that the
 * cloner's GetResources does not list; the list-targets builds the reconciles start write that store's listing into
 * moto's S3 (core's `buildTargetListing`, as the build does), which the cloner reads.
 */

import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  buildTargetListing,
  clonerEnvironment,
  defineConfig,
  environmentRoutes,
  MANAGED_TAGS,
  ownershipRule,
  RECONCILE_CONTINUATION,
  resolveBranch,
  TARGET_LISTING_MODE,
  TARGET_LISTINGS_VARIABLE,
  type TeardownFacts,
  type TeardownRequest,
  type TeardownTarget,
  type TributaryConfig,
  targetListingKey,
  teardownDecision,
  teardownRequestOf,
  teardownTargets,
} from "@tributary/core";
import {
  type AuthorizationRequest,
  environmentPipeline,
  type FakeAws,
  FakeStacks,
  type FixtureEnvironment,
  type MotoServer,
  motoClientOptions,
  type StoredPullRequest,
  type StoredStack,
  seededRandom,
} from "@tributary/fake-aws";
import {
  branchEvent,
  commit,
  pullRequestEvent,
  pullRequestFieldsOf,
  scheduledEvent,
} from "../__fixtures__/events";
import { type ClonerProcess, startCloner } from "./cloner-process";
import { actualClones, CONFIG_INPUT, expectedClones, startAccount } from "./world";

/** The project every chaos history runs. */
export const CHAOS_CONFIG: TributaryConfig = defineConfig(CONFIG_INPUT);

/** The remote target of `REMOTE_CHAOS_CONFIG`: dev's account and region. */
export const CHAOS_TARGET = { account: "333333333333", region: "eu-central-1" } as const;

/** The same project with dev (features, bugfixes and their pull requests) in another account and region. */
export const REMOTE_CHAOS_CONFIG: TributaryConfig = defineConfig({
  ...CONFIG_INPUT,
  environments: {
    dev: { branch: "develop", ...CHAOS_TARGET },
    qa: { branch: null },
    prod: { branch: "main", requiresApproval: true },
  },
});

/** Where a remote history's listings go: moto's S3, a bucket of the runner's own. */
interface ListingStore {
  readonly s3: S3Client;
  readonly bucket: string;
}

/**
 * Branches the histories use. `feature/f1` and `feature/f2` collide with pipelines Tributary did not create: one
 * untagged, one tagged with the project but not `tributary:managed` (someone's hand-made copy).
 */
const BRANCHES = [
  "feature/a",
  "feature/b",
  "bugfix/c",
  "release/1.0",
  "hotfix/d",
  "feature/f1",
  "feature/f2",
] as const;

/** The foreign pipelines of every history, by name, with their tags. */
function foreignPipelines(config: TributaryConfig): Record<string, Record<string, string>> {
  const name = (branch: string) => resolveBranch(config, branch)?.pipelineName ?? branch;
  return {
    [name("feature/f1")]: {},
    [name("feature/f2")]: { [MANAGED_TAGS.project]: config.project },
  };
}

/**
 * What the cloner role's policy allows on CodePipeline (PipelineCloner in @tributary/constructs; the real policy is
 * proven by tooling/iam-simulation): reads of the project's pipelines, tag reads of every pipeline under the prefix,
 * starts only of its managed clones, creation and tagging only with the managed tags, update and delete only of
 * managed clones, never of an environment pipeline. A tag condition on a pipeline that does not exist denies (see
 * `AuthorizationRequest`).
 */
export function clonerIamModel(config: TributaryConfig): (request: AuthorizationRequest) => boolean {
  const rule = ownershipRule(config);
  const has = (
    tags: Readonly<Record<string, string>> | undefined,
    required: Readonly<Record<string, string>>,
  ) => tags !== undefined && Object.entries(required).every(([key, value]) => tags[key] === value);
  const requestTags = (input: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(
      (Array.isArray(input.tags) ? input.tags : []).map((tag: { key: string; value: string }) => [
        tag.key,
        tag.value,
      ]),
    );
  return (request) => {
    if (request.service !== "codepipeline" || request.pipeline === undefined) return true;
    const { name, tags } = request.pipeline;
    if (!name.startsWith(rule.namePrefix)) return false;
    const environment = rule.environmentPipelines.includes(name);
    switch (request.operation) {
      case "GetPipeline":
      case "GetPipelineExecution":
      case "ListActionExecutions":
        return has(tags, rule.projectTags);
      case "ListTagsForResource":
        return true;
      case "StartPipelineExecution":
        return has(tags, rule.cloneTags);
      case "CreatePipeline":
        return has(requestTags(request.input), rule.cloneTags);
      case "TagResource":
        return (
          !environment &&
          has(requestTags(request.input), rule.cloneTags) &&
          (tags === undefined || Object.keys(tags).length === 0 || has(tags, rule.cloneTags))
        );
      case "UpdatePipeline":
      case "DeletePipeline":
        return !environment && has(tags, rule.cloneTags);
      default:
        return false;
    }
  };
}

/** One history's shape: how many operations, and the fractions of each delivery fault. */
export interface ChaosProfile {
  readonly operations: number;
  readonly drop: number;
  readonly duplicate: number;
  readonly late: number;
  /** Most events delivered at once (concurrent invocations). */
  readonly concurrency: number;
  readonly throttleFraction: number;
  readonly serverErrorFraction: number;
  /** Fraction of teardown builds started during the history that fail (the stack stays). */
  readonly failedBuilds: number;
}

/** The profile `pnpm test` runs: small histories, every kind of fault. */
export const TEST_PROFILE: ChaosProfile = {
  operations: 24,
  drop: 0.05,
  duplicate: 0.2,
  late: 0.15,
  concurrency: 3,
  throttleFraction: 0.05,
  serverErrorFraction: 0.02,
  failedBuilds: 0.1,
};

/** The profile `pnpm bench` runs: longer histories, the same faults. */
export const BENCH_PROFILE: ChaosProfile = { ...TEST_PROFILE, operations: 36 };

/** What one history left wrong (empty lists when it converged). */
export interface ChaosFindings {
  readonly seed: number;
  /** Ephemeral stacks of the project that no live clone deploys. */
  readonly orphanedStacks: string[];
  /** Pipelines Tributary did not create that a push started. */
  readonly foreignStarts: string[];
  /** Live ephemeral clones whose stack is missing after a push to their branch. */
  readonly clonesWithoutStack: string[];
  /** Clones core expects that are missing, or clones that should be gone. */
  readonly cloneMismatches: string[];
  /** Events that ended in the dead-letter queue and failed again when redriven. */
  readonly deadLetters: number;
  /** Events delivered (duplicates and redrives included). */
  readonly deliveries: number;
}

interface Pending {
  readonly due: number;
  readonly kind: "deploy" | "teardown" | "list";
  readonly key: string;
  run(): void | Promise<void>;
}

/** Deploys run before builds when everything pending runs at once. */
const deployFirst = (item: Pending): number => (item.kind === "deploy" ? 0 : 1);

/** A fake account, the bundled cloner and the things that happen behind their backs (runs and builds). */
class ChaosWorld {
  private readonly pending: Pending[] = [];
  private readonly seenExecutions = new Set<string>();
  private seenBuilds = 0;
  private step = 0;
  readonly foreign: Record<string, Record<string, string>>;
  /**
   * Whether builds may fail (`ChaosProfile.failedBuilds`): during the history; not in the reconcile period the end
   * state is checked after, which must repair what failed before it.
   */
  buildsFail = true;
  /** The remote target's stacks (another account: the cloner's GetResources does not list them). */
  readonly targetStacks: FakeStacks | undefined;
  /** The remote environments' teardown targets (core's `teardownTargets`): stacks under their prefixes are the target's. */
  private readonly remoteTargets: readonly TeardownTarget[];

  constructor(
    readonly config: TributaryConfig,
    readonly aws: FakeAws,
    readonly cloner: ClonerProcess,
    private readonly random: () => number,
    private readonly profile: ChaosProfile,
    private readonly listings?: ListingStore,
  ) {
    this.foreign = foreignPipelines(config);
    this.targetStacks =
      listings === undefined
        ? undefined
        : new FakeStacks({ region: CHAOS_TARGET.region, accountId: CHAOS_TARGET.account });
    this.remoteTargets = teardownTargets(
      config.project,
      config.environments.flatMap((environment) =>
        environment.account === undefined
          ? []
          : [{ name: environment.name, account: environment.account, region: environment.region ?? "" }],
      ),
    );
  }

  /** Where a stack lives: the target's store for a name under a remote environment's prefix, else the account's. */
  storeOf(stackName: string): FakeStacks {
    const remote = this.remoteTargets.some((target) => stackName.startsWith(target.stackPrefix));
    return remote && this.targetStacks !== undefined ? this.targetStacks : this.aws.stacks;
  }

  /** What a list-targets build writes: the target's stacks as GetResources lists them there, now. */
  private async writeListing(): Promise<void> {
    if (this.listings === undefined || this.targetStacks === undefined) return;
    const listing = buildTargetListing({
      project: this.config.project,
      ...CHAOS_TARGET,
      listedAt: new Date().toISOString(),
      targets: this.remoteTargets,
      resources: [...this.targetStacks.stacks.values()].map((stack) => ({
        ResourceARN: stack.arn,
        Tags: [...stack.tags].map(([Key, Value]) => ({ Key, Value })),
      })),
    });
    await this.listings.s3.send(
      new PutObjectCommand({
        Bucket: this.listings.bucket,
        Key: targetListingKey(CHAOS_TARGET.account, CHAOS_TARGET.region),
        Body: JSON.stringify(listing),
      }),
    );
  }

  /** Queues what the cloner just started (runs deploy a few steps later, builds run a few steps later). */
  private collect(): void {
    const { codePipeline, codeBuild } = this.aws;
    for (const run of codePipeline.executions) {
      if (this.seenExecutions.has(run.pipelineExecutionId)) continue;
      this.seenExecutions.add(run.pipelineExecutionId);
      const pipeline = codePipeline.pipelines.get(run.pipelineName);
      const created = pipeline?.created;
      this.pending.push({
        due: this.step + Math.floor(this.random() * 4),
        kind: "deploy",
        key: run.pipelineExecutionId,
        run: () => {
          // A run of a pipeline that was deleted (even if a new one of the same name exists) deploys nothing.
          const current = codePipeline.pipelines.get(run.pipelineName);
          if (!current || current.created !== created) return;
          if (run.variables.Ephemeral !== "true") return;
          if (current.tags.get(MANAGED_TAGS.managed) !== "true") return;
          this.storeOf(run.variables.StackName ?? "").deploy(run.variables.StackName ?? "", {
            [MANAGED_TAGS.project]: this.config.project,
            [MANAGED_TAGS.environment]: run.variables.Environment ?? "",
            [MANAGED_TAGS.stack]: run.variables.StackName ?? "",
            [MANAGED_TAGS.branch]: run.variables.Branch ?? "",
            [MANAGED_TAGS.ephemeral]: run.variables.Ephemeral ?? "",
          });
        },
      });
    }
    for (const build of codeBuild.builds.slice(this.seenBuilds)) {
      const fails = this.random() < this.profile.failedBuilds && this.buildsFail;
      if (build.environmentVariables[TARGET_LISTING_MODE.variable] === TARGET_LISTING_MODE.value) {
        this.pending.push({
          due: this.step + Math.floor(this.random() * 4),
          kind: "list",
          key: build.id,
          run: () => (fails ? undefined : this.writeListing()),
        });
        continue;
      }
      this.pending.push({
        due: this.step + Math.floor(this.random() * 4),
        kind: "teardown",
        key: build.id,
        run: () => {
          if (fails) return;
          const request = teardownRequestOf(build.environmentVariables);
          const decision = teardownDecision(ownershipRule(this.config), request, this.teardownFacts(request));
          if (decision.action === "delete") this.storeOf(request.stackName).delete(request.stackName);
        },
      });
    }
    this.seenBuilds = codeBuild.builds.length;
  }

  /**
   * What the teardown script reads right before it deletes: the stack, the tags of the clone the request names, and
   * of every pipeline the tagging API lists with the stack's tag (read here from the fake's state, strongly consistent).
   */
  private teardownFacts(request: TeardownRequest): TeardownFacts {
    const stack = this.storeOf(request.stackName).stacks.get(request.stackName);
    const { codePipeline } = this.aws;
    const named = request.pipelineName ? [request.pipelineName] : [];
    const listed = [...codePipeline.pipelines.keys()].filter(
      (name) => codePipeline.tagsOf(name)?.[MANAGED_TAGS.stack] === request.stackName,
    );
    return {
      stack: stack && { tags: Object.fromEntries(stack.tags), parentId: stack.parent },
      pipelines: Object.fromEntries([...named, ...listed].map((name) => [name, codePipeline.tagsOf(name)])),
      now: new Date().toISOString(),
    };
  }

  /**
   * Advances one step: runs what is due. `all`: runs everything still pending, deploys first (a listing build runs in
   * its turn among the teardowns, so it may list a stack a teardown deletes right after: the next round's teardown of
   * it finds nothing).
   */
  async advance(all = false): Promise<void> {
    this.collect();
    this.step += 1;
    const due = all
      ? [...this.pending].sort((a, b) => deployFirst(a) - deployFirst(b) || a.due - b.due)
      : this.pending.filter((item) => item.due <= this.step);
    for (const item of due) {
      this.pending.splice(this.pending.indexOf(item), 1);
      await item.run();
    }
  }

  /** Runs everything, again and again, until nothing new was started. */
  async settle(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      this.collect();
      if (this.pending.length === 0) return;
      await this.advance(true);
    }
  }

  /** Every stack of the project, the target's included. */
  allStacks(): StoredStack[] {
    return [...this.aws.stacks.stacks.values(), ...(this.targetStacks?.stacks.values() ?? [])];
  }
}

/** Changes the fake repository at random (only changes that make sense now) and returns CodeCommit's events, in order. */
function randomHistory(world: ChaosWorld, random: () => number, length: number): unknown[] {
  const { codeCommit } = world.aws;
  const repository = world.config.repository;
  const events: unknown[] = [];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const fields = (pr: StoredPullRequest) => pullRequestFieldsOf(repository, pr);
  for (let index = 0; index < length; index++) {
    const moves: Array<() => void> = [];
    for (const branch of BRANCHES) {
      const head = codeCommit.branches.get(branch);
      const pullRequests = [...codeCommit.pullRequests.values()].filter((pr) => pr.sourceBranch === branch);
      const open = pullRequests.find((pr) => pr.status === "OPEN");
      const closed = pullRequests.find((pr) => pr.status === "CLOSED" && !pr.merged);
      const next = commit(`${branch}-${index}`);
      if (!head) {
        moves.push(() => {
          codeCommit.pushBranch(branch, next);
          events.push(branchEvent("referenceCreated", repository, branch, { commitId: next }));
        });
        continue;
      }
      const push = () => {
        codeCommit.pushBranch(branch, next);
        events.push(
          branchEvent("referenceUpdated", repository, branch, { commitId: next, oldCommitId: head }),
        );
        if (open) {
          open.sourceCommit = next;
          events.push(pullRequestEvent("pullRequestSourceBranchUpdated", fields(open)));
        }
      };
      moves.push(push, push);
      if (open) {
        moves.push(() => {
          open.status = "CLOSED";
          events.push(pullRequestEvent("pullRequestStatusChanged", fields(open), { status: "Closed" }));
        });
        moves.push(() => {
          open.status = "CLOSED";
          open.merged = true;
          events.push(
            pullRequestEvent("pullRequestMergeStatusUpdated", fields(open), {
              status: "Closed",
              merged: true,
            }),
          );
        });
        continue;
      }
      moves.push(() => {
        codeCommit.deleteBranch(branch);
        events.push(branchEvent("referenceDeleted", repository, branch, { oldCommitId: head }));
      });
      moves.push(() => {
        const pr = codeCommit.openPullRequest({
          title: branch,
          sourceBranch: branch,
          destinationBranch: branch.startsWith("release/") ? "main" : "develop",
        });
        events.push(pullRequestEvent("pullRequestCreated", fields(pr)));
      });
      if (closed) {
        moves.push(() => {
          closed.status = "OPEN";
          events.push(pullRequestEvent("pullRequestStatusChanged", fields(closed), { status: "Open" }));
        });
      }
    }
    pick(moves)();
  }
  return events;
}

/**
 * At-least-once, unordered delivery: each event may be dropped, may come again (at once or later), may come late;
 * the result is cut into batches of up to `concurrency` events delivered at the same time.
 */
function deliverySchedule(
  events: readonly unknown[],
  random: () => number,
  profile: ChaosProfile,
): unknown[][] {
  const slots: Array<{ at: number; event: unknown }> = [];
  for (const [index, event] of events.entries()) {
    if (random() < profile.drop) continue;
    const at = random() < profile.late ? index + 2 + random() * 10 : index + random() * 1.5;
    slots.push({ at, event });
    if (random() < profile.duplicate) slots.push({ at: at + random() * 12, event });
  }
  slots.sort((a, b) => a.at - b.at);
  const batches: unknown[][] = [];
  for (let index = 0; index < slots.length; ) {
    const size = 1 + Math.floor(random() * profile.concurrency);
    batches.push(slots.slice(index, index + size).map((slot) => slot.event));
    index += size;
  }
  return batches;
}

/** Environment pipeline names of the fixture by environment, for foreign copies. */
function foreignDeclaration(config: TributaryConfig, name: string, branch: string) {
  const route = environmentRoutes(config).find((candidate) => candidate.environment === "dev");
  const { version: _version, ...declaration } = environmentPipeline(
    (route?.environment ?? "dev") as FixtureEnvironment,
  );
  const stages = (declaration.stages as unknown as Array<Record<string, unknown>>).map((stage, index) =>
    index === 0
      ? {
          ...stage,
          actions: (stage.actions as Array<Record<string, unknown>>).map((action) => ({
            ...action,
            configuration: { ...(action.configuration as object), BranchName: branch },
          })),
        }
      : stage,
  );
  return { ...declaration, name, stages };
}

/**
 * One warm cloner process for many histories: it talks to a local router that forwards every request to the fake
 * account of the history being run (a fresh account per history; the process is what Lambda would keep warm).
 */
export interface ChaosRunner {
  run(seed: number, profile: ChaosProfile): Promise<ChaosFindings>;
  close(): Promise<void>;
}

/**
 * Starts the bundled cloner once, behind a router to each history's own fake account.
 *
 * @example
 * const runner = await startChaosRunner();
 * const findings = await runner.run(7, TEST_PROFILE);
 * await runner.close();
 */
export async function startChaosRunner(remote?: { readonly moto: MotoServer }): Promise<ChaosRunner> {
  const config = remote === undefined ? CHAOS_CONFIG : REMOTE_CHAOS_CONFIG;
  const listings = remote === undefined ? undefined : await listingStore(remote.moto);
  let target = "";
  const router = createServer((request, response) => {
    const forwarded = httpRequest(
      `${target}${request.url ?? "/"}`,
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on("error", (error) => {
      response.writeHead(502);
      response.end(String(error));
    });
    request.pipe(forwarded);
  });
  router.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => router.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(router.address() as AddressInfo).port}`;
  // Standard retries (the same 5 attempts and backoff): adaptive mode's client-side rate limiter would pace this warm
  // process for the rest of the run after the first throttled answer, which changes how fast it goes, not what it does.
  const cloner = await startCloner({
    endpoint,
    env: {
      ...clonerEnvironment(config),
      AWS_RETRY_MODE: "standard",
      ...(listings === undefined || remote === undefined
        ? {}
        : {
            // The listings are in moto's S3 (the CI/CD artifacts bucket); everything else in the history's fake.
            AWS_ENDPOINT_URL_S3: remote.moto.url,
            [TARGET_LISTINGS_VARIABLE]: JSON.stringify({ bucket: listings.bucket, targets: [CHAOS_TARGET] }),
          }),
    },
  });
  return {
    async run(seed, profile) {
      const aws = await startAccount(config, {
        seed,
        throttleFraction: profile.throttleFraction,
        serverErrorFraction: profile.serverErrorFraction,
        authorize: clonerIamModel(config),
      });
      target = aws.url;
      // A history starts without a listing, like a target just added.
      await listings?.s3.send(
        new DeleteObjectCommand({
          Bucket: listings.bucket,
          Key: targetListingKey(CHAOS_TARGET.account, CHAOS_TARGET.region),
        }),
      );
      try {
        return await runHistory(seed, profile, aws, cloner, config, listings);
      } finally {
        await aws.close();
      }
    },
    async close() {
      await cloner.close();
      router.closeAllConnections();
      await new Promise<void>((resolve) => router.close(() => resolve()));
    },
  };
}

/** A bucket of its own in moto for one runner's listings (runners run histories side by side). */
async function listingStore(moto: MotoServer): Promise<ListingStore> {
  const s3 = new S3Client({ ...motoClientOptions(moto.url), forcePathStyle: true });
  const bucket = `acme-chaos-artifacts-${Math.random().toString(36).slice(2, 10)}`;
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
    }),
  );
  return { s3, bucket };
}

/**
 * Runs the seeds' histories on `parallel` warm cloner processes at once (histories spend most of their time waiting on
 * the SDK's retry backoff) and returns each history's findings, in the seeds' order.
 *
 * @example
 * const results = await runChaos([1, 2, 3], TEST_PROFILE, 3);
 */
export async function runChaos(
  seeds: readonly number[],
  profile: ChaosProfile,
  parallel: number,
  remote?: { readonly moto: MotoServer },
): Promise<ChaosFindings[]> {
  const runners = await Promise.all(
    Array.from({ length: Math.max(1, Math.min(parallel, seeds.length)) }, () => startChaosRunner(remote)),
  );
  const results: ChaosFindings[] = [];
  let next = 0;
  try {
    await Promise.all(
      runners.map(async (runner) => {
        for (let index = next++; index < seeds.length; index = next++)
          results[index] = await runner.run(seeds[index] as number, profile);
      }),
    );
  } finally {
    await Promise.all(runners.map((runner) => runner.close()));
  }
  return results;
}

async function runHistory(
  seed: number,
  profile: ChaosProfile,
  aws: FakeAws,
  cloner: ClonerProcess,
  config: TributaryConfig,
  listings: ListingStore | undefined,
): Promise<ChaosFindings> {
  const random = seededRandom(seed);
  cloner.deadLetters.splice(0);
  const world = new ChaosWorld(config, aws, cloner, random, profile, listings);
  let deliveries = 0;
  try {
    for (const [name, tags] of Object.entries(world.foreign)) {
      aws.codePipeline.handle("CreatePipeline", {
        pipeline: foreignDeclaration(config, name, `foreign-${name}`),
        ...(Object.keys(tags).length > 0
          ? { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) }
          : {}),
      });
    }
    const foreignRunsBefore = new Set(aws.codePipeline.executions.map((run) => run.pipelineExecutionId));
    const deliver = async (event: unknown) => {
      deliveries += 1;
      await cloner.deliver(event);
      // The continuation rule brings a reconcile's next round back to the cloner.
      for (const next of aws.eventBridge.drain())
        if (next.source === RECONCILE_CONTINUATION.source) await deliver(next);
    };
    const events = randomHistory(world, random, profile.operations);
    for (const batch of deliverySchedule(events, random, profile)) {
      await Promise.all(batch.map(deliver));
      await world.advance();
    }
    // The dead-letter queue is redriven once, faults off, as an operator would after the alarm.
    aws.faults.throttleFraction = 0;
    aws.faults.serverErrorFraction = 0;
    const dead = cloner.deadLetters.splice(0);
    for (const event of dead) await deliver(event);
    const deadLetters = cloner.deadLetters.length;
    await world.settle();
    // A remote stack whose clone and branch went long ago (a lost delete, a teardown that ran out of retries): only
    // the sweep, from the target's listing, can find it.
    world.targetStacks?.deploy("acme-dev-feature-lost", {
      [MANAGED_TAGS.project]: config.project,
      [MANAGED_TAGS.environment]: "dev",
      [MANAGED_TAGS.stack]: "acme-dev-feature-lost",
      [MANAGED_TAGS.branch]: "feature/lost",
      [MANAGED_TAGS.ephemeral]: "true",
    });
    world.buildsFail = false;
    for (let round = 0; round < 2; round++) {
      await deliver(scheduledEvent());
      await world.settle();
    }
    // The next push to every live branch (its clone, and its pull request's clone, run and deploy).
    for (const branch of [...aws.codeCommit.branches.keys()]) {
      if (!BRANCHES.includes(branch as (typeof BRANCHES)[number])) continue;
      const head = aws.codeCommit.branches.get(branch);
      const next = commit(`${branch}-final`);
      aws.codeCommit.pushBranch(branch, next);
      await deliver(
        branchEvent("referenceUpdated", config.repository, branch, { commitId: next, oldCommitId: head }),
      );
      for (const pr of aws.codeCommit.pullRequests.values()) {
        if (pr.status !== "OPEN" || pr.sourceBranch !== branch) continue;
        pr.sourceCommit = next;
        await deliver(
          pullRequestEvent("pullRequestSourceBranchUpdated", pullRequestFieldsOf(config.repository, pr)),
        );
      }
    }
    await world.settle();
    return findings(world, seed, foreignRunsBefore, deadLetters, deliveries);
  } finally {
    cloner.deadLetters.splice(0);
  }
}

function findings(
  world: ChaosWorld,
  seed: number,
  foreignRunsBefore: ReadonlySet<string>,
  deadLetters: number,
  deliveries: number,
): ChaosFindings {
  const { aws, config } = world;
  const clones = actualClones(aws);
  const liveStacks = new Set(
    clones
      .map((name) => aws.codePipeline.tagsOf(name)?.[MANAGED_TAGS.stack])
      .filter((stack) => stack !== undefined),
  );
  const orphanedStacks = world
    .allStacks()
    .filter(
      (stack) =>
        stack.parent === undefined &&
        stack.tags.get(MANAGED_TAGS.ephemeral) === "true" &&
        stack.tags.get(MANAGED_TAGS.project) === config.project &&
        !liveStacks.has(stack.name),
    )
    .map((stack) => stack.name);
  const foreignStarts = aws.codePipeline.executions
    .filter((run) => !foreignRunsBefore.has(run.pipelineExecutionId) && run.pipelineName in world.foreign)
    .map((run) => run.pipelineName);
  const expected = new Set(expectedClones(config, aws).filter((name) => !(name in world.foreign)));
  const actual = new Set(clones);
  const cloneMismatches = [
    ...[...expected].filter((name) => !actual.has(name)).map((name) => `missing ${name}`),
    ...[...actual].filter((name) => !expected.has(name)).map((name) => `stale ${name}`),
  ];
  const ephemeralClones = [...expected].filter(
    (name) => aws.codePipeline.tagsOf(name)?.[MANAGED_TAGS.ephemeral] === "true",
  );
  const clonesWithoutStack = ephemeralClones.filter((name) => {
    const stack = aws.codePipeline.tagsOf(name)?.[MANAGED_TAGS.stack];
    return stack === undefined || !world.storeOf(stack).stacks.has(stack);
  });
  return {
    seed,
    orphanedStacks,
    foreignStarts,
    clonesWithoutStack,
    cloneMismatches,
    deadLetters,
    deliveries,
  };
}

/** Whether a history left nothing wrong. */
export function converged(result: ChaosFindings): boolean {
  return (
    result.orphanedStacks.length === 0 &&
    result.foreignStarts.length === 0 &&
    result.clonesWithoutStack.length === 0 &&
    result.cloneMismatches.length === 0 &&
    result.deadLetters === 0
  );
}
