/**
 * Benchmark of the bundled cloner (`pnpm --filter @tributary/cloner bench`, after `build`). Prints figures and
 * asserts nothing on time:
 * - AWS calls per event (create, push, delete), counted at the fake server, beside the seed's Python function; and
 *   for a GitHub source, per delivery (create, push, delete, PR opened, pushed, closed), AWS calls (the webhook
 *   function's and the cloner's) and GitHub requests;
 * - bundle sizes (the cloner's, the notifier's and the GitHub webhook function's), raw and gzip;
 * - module init time of each bundle: median of 20 cold `node` processes importing it, beside a bare `node -e 0`;
 * - reconcile at 1,000 branches / 200 open PRs and 5,000 / 1,000, against the fake server with 20 ms of latency per
 *   call: cold account, steady state, after the dev template changed, after 10% of branches and PRs went away;
 * - a GitHub reconcile at 1,000 / 200: cold, steady state with the listing pages kept (one Lambda instance; a new
 *   one reading them from S3) and without, AWS calls and GitHub requests (304s apart);
 * - the 1,000 / 200 steady state and deletions again under per-operation rate limits (`THROTTLE_PROFILE`), with the
 *   SDK's adaptive retry. Every request the fake receives is a call, throttled ones included; each operation's
 *   count is split into answered requests and throttled answers (which the SDK retried), so "DeletePipeline 115 +
 *   37 throttled" reads as 115 deletions, not 152;
 * - a template change at about 1,000 and 5,000 clones under the throttle profile, cut into rounds by the Lambda's
 *   5-minute timeout, on a simulated clock (`TIME_SCALE`): rounds, calls, simulated time;
 * - the chaos run (`test/integration/chaos.ts`) over many more histories than `pnpm test` runs, in one account and with
 *   dev in another (its stacks swept from the target's listing).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  buildTargetListing,
  clonerEnvironment,
  defineConfig,
  GITHUB_ENVIRONMENT,
  MANAGED_TAGS,
  RECONCILE_CONTINUATION,
  REFUSAL_TOPIC_VARIABLE,
  TARGET_LISTINGS_VARIABLE,
  type TributaryConfigInput,
  targetListingKey,
  teardownTargets,
  templateVersion,
} from "@tributary/core";
import {
  type CallRecord,
  createSnsInbox,
  type GitHubEvent,
  type MotoServer,
  motoClientOptions,
  signedDelivery,
  startMotoServer,
} from "@tributary/fake-aws";
import { LAMBDA_BUNDLES } from "../src/functions/bundles";
import { CLONER_BUNDLE } from "../src/functions/cloner/bundle";
import { GITHUB_WEBHOOK_BUNDLE } from "../src/functions/github-webhook/bundle";
import { NOTIFIER_BUNDLE } from "../src/functions/notifier/bundle";
import { scheduledEvent } from "../test/__fixtures__/events";
import { functionUrlEvent } from "../test/__fixtures__/function-url";
import { BENCH_PROFILE, runChaos } from "../test/integration/chaos";
import { bundlePath } from "../test/integration/cloner-process";
import {
  reconcileCost,
  seededBranchNames,
  seedGitHubRepository,
} from "../test/integration/github-reconcile-cost";
import {
  CLONER_ARN,
  GITHUB_CONFIG_INPUT,
  type GitHubWorld,
  startGitHubWorld,
  WEBHOOK_SECRET,
} from "../test/integration/github-world";
import { CONFIG_INPUT, operationOf, startWorld, type World } from "../test/integration/world";
import { median } from "./median";

const COLD_PROCESSES = 20;
const LATENCY_MS = 20;

function coldMilliseconds(args: string[], env: NodeJS.ProcessEnv): number[] {
  const times: number[] = [];
  for (let run = 0; run < COLD_PROCESSES; run++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${result.stderr.toString()}`);
    times.push(elapsed);
  }
  return times;
}

async function callsFor(world: World, event: unknown): Promise<{ calls: number; detail: string }> {
  const before = world.aws.calls.length;
  const invocation = await world.cloner.deliver(event);
  if (!invocation.ok) throw new Error(`${invocation.error.name}: ${invocation.error.message}`);
  const calls = world.aws.calls.slice(before);
  return { calls: calls.length, detail: calls.map((call) => call.operation).join(" + ") };
}

async function callsPerEvent(): Promise<void> {
  const world = await startWorld();
  try {
    const create = await callsFor(world, world.git.create("feature/bench", "bench-1"));
    const push = await callsFor(world, world.git.push("feature/bench", "bench-2"));
    const remove = await callsFor(world, world.git.delete("feature/bench"));
    await callsFor(world, world.git.create("release/9.9.9", "release-9"));
    const removeShared = await callsFor(world, world.git.delete("release/9.9.9"));
    console.log("AWS calls per event (counted at the fake server; minimum / seed's Python function)");
    console.log(`  create (feature branch)  ${create.calls}  (${create.detail}); minimum 2, seed 3`);
    console.log(`  push                     ${push.calls}  (${push.detail}); minimum 1, seed 0 with polling`);
    console.log(
      `  delete (shared stack)    ${removeShared.calls}  (${removeShared.detail}); minimum 1, seed 2; the second call is the managed-tag check before deleting`,
    );
    console.log(
      `  delete (ephemeral stack) ${remove.calls}  (${remove.detail}); the extra StartBuild tears the stack down`,
    );
  } finally {
    await world.close();
  }
}

function bundleFigures(): void {
  for (const bundle of LAMBDA_BUNDLES) {
    const bytes = readFileSync(bundlePath(bundle));
    console.log(`Bundle dist/${bundle.name}.mjs (${bundle.entry})`);
    console.log(
      `  size ${bytes.length.toLocaleString("en")} bytes (budget ${bundle.budgetBytes.toLocaleString("en")} bytes), gzip ${gzipSync(bytes).length.toLocaleString("en")} bytes`,
    );
  }
}

function initFigures(): void {
  const base = { PATH: process.env.PATH, AWS_REGION: "eu-west-1", NODE_NO_WARNINGS: "1" };
  const codeCommit = clonerEnvironment(defineConfig(CONFIG_INPUT));
  const github = {
    ...clonerEnvironment(defineConfig(GITHUB_CONFIG_INPUT)),
    [GITHUB_ENVIRONMENT.credentialsSecret]: "acme-github-credentials",
    [GITHUB_ENVIRONMENT.webhookSecret]: "acme-github-webhook",
    [GITHUB_ENVIRONMENT.clonerFunction]: CLONER_ARN,
    [GITHUB_ENVIRONMENT.listingCacheBucket]: "acme-artifacts",
  };
  const cases = [
    ["cloner, CodeCommit source", CLONER_BUNDLE, codeCommit],
    ["cloner, GitHub source", CLONER_BUNDLE, github],
    ["notifier", NOTIFIER_BUNDLE, {}],
    ["GitHub webhook function", GITHUB_WEBHOOK_BUNDLE, github],
  ] as const;
  const bare = median(coldMilliseconds(["-e", "0"], base));
  console.log(`Module init (median of ${COLD_PROCESSES} cold node ${process.versions.node} processes)`);
  console.log(`  node -e 0                                  ${bare.toFixed(1)} ms`);
  for (const [label, bundle, env] of cases) {
    const url = pathToFileURL(bundlePath(bundle)).href;
    const withBundle = median(
      coldMilliseconds(["--input-type=module", "-e", `await import(${JSON.stringify(url)});`], {
        ...base,
        ...env,
      }),
    );
    console.log(
      `  node importing ${`${bundle.name}.mjs (${label})`.padEnd(45)} ${withBundle.toFixed(1)} ms (init ≈ ${(withBundle - bare).toFixed(1)} ms)`,
    );
  }
}

/** One delivery through the webhook function and the cloner: AWS calls and GitHub requests, by name. */
async function deliveryCost(world: GitHubWorld, event: GitHubEvent | undefined): Promise<string> {
  if (event === undefined) throw new Error("no event");
  const webhook = world.webhook;
  if (webhook === undefined) throw new Error("the world has no webhook function");
  const awsBefore = world.aws.calls.length;
  const githubBefore = world.github.requests.length;
  const answer = await webhook.invoke(functionUrlEvent(await signedDelivery(event, WEBHOOK_SECRET)));
  if (!answer.ok) throw new Error(answer.error.message);
  await world.aws.lambda.settled();
  const calls = world.aws.calls.slice(awsBefore).map((call) => call.operation);
  const requests = world.github.requests
    .slice(githubBefore)
    .map((request) => request.operationId ?? request.url);
  return `AWS ${calls.length} (${calls.join(" + ") || "none"}); GitHub ${requests.length}${requests.length ? ` (${requests.join(" + ")})` : ""}`;
}

async function gitHubCallsPerEvent(): Promise<void> {
  const world = await startGitHubWorld(moto, { webhook: true });
  try {
    const repository = world.github.repository("acme/infra");
    // Warm both processes (the webhook's secret, the cloner's installation token), as a deployed stack would be.
    await deliveryCost(world, repository.pushBranch("feature/warm")[1]);
    const rows: Array<[string, string]> = [];
    rows.push([
      "create (push, created)",
      await deliveryCost(world, repository.pushBranch("feature/bench")[1]),
    ]);
    rows.push(["push", await deliveryCost(world, repository.pushBranch("feature/bench")[0])]);
    rows.push([
      "delete (push, deleted)",
      await deliveryCost(world, repository.deleteBranch("feature/bench")[1]),
    ]);
    repository.pushBranch("feature/pr");
    const { pullRequest, events } = repository.openPullRequest({ head: "feature/pr", base: "develop" });
    rows.push(["PR opened", await deliveryCost(world, events[0])]);
    const synchronize = repository.pushBranch("feature/pr").find((event) => event.name === "pull_request");
    rows.push(["PR pushed (synchronize)", await deliveryCost(world, synchronize)]);
    rows.push(["PR closed", await deliveryCost(world, repository.closePullRequest(pullRequest.number)[0])]);
    const fork = repository.openPullRequest({ head: "main", base: "develop", fork: "mallory/infra" });
    rows.push(["fork PR opened (notice)", await deliveryCost(world, fork.events[0])]);
    console.log(
      "GitHub: AWS calls and GitHub requests per delivery (webhook function + cloner, warm; counted at the fake and the double)",
    );
    for (const [label, cost] of rows) console.log(`  ${label.padEnd(26)} ${cost}`);
  } finally {
    await world.close();
  }
}

async function gitHubReconcileFigures(): Promise<void> {
  const world = await startGitHubWorld(moto, {
    listingCache: true,
    pipelineQuota: 2_000,
    clonerEnv: { TEST_REMAINING_TIME_MS: String(5 * 60 * 1000) },
  });
  try {
    seedGitHubRepository(world.github.repository("acme/infra"), { branches: 1_000, pullRequests: 200 });
    world.aws.faults.latencyMs = LATENCY_MS;
    console.log(
      `Reconcile (GitHub source): 1,000 branches, 200 open PRs, ${LATENCY_MS} ms latency per AWS call, listing pages kept in S3 (moto)`,
    );
    const print = (label: string, cost: Awaited<ReturnType<typeof reconcileCost>>) =>
      console.log(
        `  ${label.padEnd(52)} AWS ${String(cost.aws).padStart(5)} calls; GitHub ${cost.githubRequests} requests, ${cost.githubNotModified} of them 304, ${cost.rateLimitUsed} counted against the rate limit; ${(cost.elapsedMs / 1000).toFixed(2)} s`,
      );
    print("cold account (every clone missing)", await reconcileCost(world, world.cloner));
    print("steady state, same Lambda instance (pages in memory)", await reconcileCost(world, world.cloner));
    const fresh = await world.startCloner();
    print("steady state, new Lambda instance (pages from S3)", await reconcileCost(world, fresh));
    await fresh.close();
    const uncached = await world.startCloner({ [GITHUB_ENVIRONMENT.listingCacheBucket]: "" });
    print("steady state without ETags (no kept pages)", await reconcileCost(world, uncached));
    await uncached.close();
  } finally {
    await world.close();
  }
}

/** One reconcile scale: branches (main and develop included) and open pull requests. */
interface Scale {
  readonly branches: number;
  readonly pullRequests: number;
  /**
   * The account's pipeline quota, raised above what the scale needs (the issue's measuring condition): what the
   * fake's Service Quotas answers and its CreatePipeline enforces, and `maxPipelines` too.
   */
  readonly maxPipelines: number;
}

const SCALES: readonly Scale[] = [
  { branches: 1_000, pullRequests: 200, maxPipelines: 2_000 },
  { branches: 5_000, pullRequests: 1_000, maxPipelines: 10_000 },
];

/**
 * Per-operation request rates the throttled run enforces (calls a second, burst). An assumption, not AWS's figures:
 * CodePipeline's quotas page lists pipeline, stage and action counts, not per-API request rates, and no documented
 * request rate for these CodePipeline, CodeCommit, CodeBuild or Resource Groups Tagging API operations could be found
 * to cite. It assumes writes are throttled first and hardest (2 a second, bursts of 5), reads at 5–10 a second, and
 * that each operation has its own bucket per account and region.
 */
const THROTTLE_PROFILE = {
  ListPipelines: { rate: 5, burst: 5 },
  GetPipeline: { rate: 10, burst: 10 },
  ListTagsForResource: { rate: 10, burst: 10 },
  CreatePipeline: { rate: 2, burst: 5 },
  UpdatePipeline: { rate: 2, burst: 5 },
  DeletePipeline: { rate: 2, burst: 5 },
  TagResource: { rate: 2, burst: 5 },
  StartBuild: { rate: 5, burst: 10 },
  GetResources: { rate: 5, burst: 5 },
  ListBranches: { rate: 10, burst: 10 },
  ListPullRequests: { rate: 10, burst: 10 },
  GetPullRequest: { rate: 10, burst: 10 },
} as const;

function seedRepository(world: World, scale: Scale): void {
  for (const branch of seededBranchNames(scale.branches, 2))
    world.aws.codeCommit.pushBranch(branch, "c".repeat(40));
  for (let index = 0; index < scale.pullRequests; index++) {
    world.aws.codeCommit.openPullRequest({
      title: `PR ${index}`,
      sourceBranch: `feature/b${index}`,
      destinationBranch: "develop",
    });
  }
}

/**
 * Delivers a scheduled reconcile and every continuation it puts (as the continuation rule would), one after the
 * other; returns how many invocations (rounds) it took.
 */
async function reconcileRounds(world: World): Promise<number> {
  let rounds = 0;
  for (let next: unknown[] = [scheduledEvent()]; next.length > 0; ) {
    for (const event of next) {
      rounds++;
      const invocation = await world.cloner.deliver(event);
      if (!invocation.ok) throw new Error(`${invocation.error.name}: ${invocation.error.message}`);
    }
    next = world.aws.eventBridge.drain().filter((event) => event.source === RECONCILE_CONTINUATION.source);
  }
  return rounds;
}

async function reconcileOnce(world: World, label: string): Promise<void> {
  const before = world.aws.calls.length;
  const started = performance.now();
  const rounds = await reconcileRounds(world);
  const elapsed = performance.now() - started;
  if (rounds > 1) console.log(`  (${label}: ${rounds} rounds)`);
  const calls = world.aws.calls.slice(before);
  const isThrottled = (call: CallRecord) => /Throttl|TooManyRequests/.test(call.errorType ?? "");
  const byOperation = new Map<string, { answered: number; throttled: number }>();
  for (const call of calls) {
    const counts = byOperation.get(operationOf(call)) ?? { answered: 0, throttled: 0 };
    if (isThrottled(call)) counts.throttled++;
    else counts.answered++;
    byOperation.set(operationOf(call), counts);
  }
  const throttled = calls.filter(isThrottled).length;
  console.log(
    `  ${label.padEnd(44)} ${calls.length.toLocaleString("en").padStart(7)} calls ${(elapsed / 1000).toFixed(2).padStart(8)} s${throttled ? `  (${throttled} of them throttled answers the SDK retried)` : ""}`,
  );
  console.log(
    `    ${[...byOperation]
      .map(
        ([operation, counts]) =>
          `${operation} ${counts.answered}${counts.throttled ? ` + ${counts.throttled} throttled` : ""}`,
      )
      .join(", ")}`,
  );
}

function changeDevTemplate(world: World): void {
  const template = world.aws.codePipeline.pipelines.get("acme-dev")?.declaration;
  world.aws.codePipeline.handle("UpdatePipeline", {
    pipeline: {
      ...template,
      variables: [...[template?.variables ?? []].flat(), { name: "Bench", defaultValue: "1" }],
    },
  });
}

function deleteTenPercent(world: World): void {
  const branches = [...world.aws.codeCommit.branches.keys()].filter((name) => name.includes("/"));
  for (const [index, branch] of branches.entries())
    if (index % 10 === 0) world.aws.codeCommit.deleteBranch(branch);
  const open = [...world.aws.codeCommit.pullRequests.values()].filter(
    (pullRequest) => pullRequest.status === "OPEN",
  );
  for (const [index, pullRequest] of open.entries()) if (index % 10 === 0) pullRequest.status = "CLOSED";
}

/**
 * A world whose cloner publishes refusals (so a reconcile also reads its refusal-state tag, as in AWS) and whose
 * Service Quotas answers the raised pipeline quota (so a reconcile also makes its one GetServiceQuota).
 */
async function benchWorld(
  scale: Scale,
  clock: Record<string, string> = {},
  remote: { configInput?: Partial<TributaryConfigInput>; clonerEnv?: Record<string, string> } = {},
): Promise<World> {
  // SNS lives in moto: the failures topic the refusal summaries go to.
  await moto.reset();
  await createSnsInbox(moto.url, "acme-failures");
  const world = await startWorld({
    upstream: moto.url,
    pipelineQuota: scale.maxPipelines,
    configInput: { ...CONFIG_INPUT, maxPipelines: scale.maxPipelines, ...remote.configInput },
    clonerEnv: {
      ...remote.clonerEnv,
      [REFUSAL_TOPIC_VARIABLE]: "arn:aws:sns:eu-west-1:123456789012:acme-failures",
      // The PipelineCloner's default Lambda timeout (5 minutes), counted down per invocation: a reconcile that would
      // outlive it continues in rounds.
      TEST_TIMEOUT_MS: String(5 * 60 * 1000),
      ...clock,
    },
  });
  seedRepository(world, scale);
  return world;
}

/**
 * What every ephemeral clone's first run leaves: its own stack, tagged as `demo-templates/buildspec.yml` tags it, and
 * with `nested` a nested stack inheriting those tags (the demo's website stack), so the sweep lists what it would in
 * AWS. Returns how many stacks the tagging API now lists with the project tag.
 */
function deployEphemeralStacks(world: World, nested: boolean): number {
  for (const name of world.actualClones()) {
    const tags = world.aws.codePipeline.tagsOf(name) ?? {};
    const stack = tags[MANAGED_TAGS.stack];
    if (tags[MANAGED_TAGS.ephemeral] !== "true" || stack === undefined) continue;
    world.aws.stacks.deploy(
      stack,
      {
        [MANAGED_TAGS.project]: "acme",
        [MANAGED_TAGS.environment]: tags[MANAGED_TAGS.environment] ?? "",
        [MANAGED_TAGS.stack]: stack,
        [MANAGED_TAGS.branch]: tags[MANAGED_TAGS.branch] ?? "",
        [MANAGED_TAGS.ephemeral]: "true",
      },
      nested ? ["Website"] : [],
    );
  }
  return world.aws.stacks.stacks.size;
}

async function reconcileFigures(scale: Scale): Promise<void> {
  const world = await benchWorld(scale);
  try {
    world.aws.faults.latencyMs = LATENCY_MS;
    console.log(
      `Reconcile: ${world.aws.codeCommit.branches.size.toLocaleString("en")} branches, ${scale.pullRequests.toLocaleString("en")} open PRs, ${LATENCY_MS} ms latency per call, pipeline quota and maxPipelines ${scale.maxPipelines.toLocaleString("en")}`,
    );
    await reconcileOnce(world, "cold account (every clone missing)");
    await reconcileOnce(world, "steady state, no stack deployed yet");
    const stacks = deployEphemeralStacks(world, false);
    await reconcileOnce(world, `steady state (+ ${stacks.toLocaleString("en")} ephemeral stacks swept)`);
    changeDevTemplate(world);
    await reconcileOnce(world, "after the dev template changed");
    deleteTenPercent(world);
    await reconcileOnce(world, "after 10% of branches and PRs went away");
    // The teardown builds the deletions started have run by the next reconcile: their stacks are gone.
    for (const build of world.aws.codeBuild.builds)
      world.aws.stacks.delete(build.environmentVariables.STACK_NAME ?? "");
    await reconcileOnce(world, "steady state again (stacks torn down by then)");
    const withNested = deployEphemeralStacks(world, true);
    await reconcileOnce(
      world,
      `steady state, one nested stack each (${withNested.toLocaleString("en")} stacks)`,
    );
    console.log(
      `  clones after reconcile: ${world.actualClones().length.toLocaleString("en")} (core expects ${world.expectedClones().length.toLocaleString("en")})`,
    );
  } finally {
    await world.close();
  }
}

/** Two remote targets of `targetFigures`: dev in one account and region, qa in another account. */
const REMOTE_TARGETS = {
  dev: { account: "333333333333", region: "eu-central-1" },
  qa: { account: "444444444444", region: "eu-west-1" },
} as const;
const TARGET_BUCKET = "acme-tributary-cicd-artifacts";

/**
 * The steady state with dev and qa in other accounts (two targets): the same clones, but dev's ephemeral stacks live in
 * its target account, so the cloner's GetResources no longer lists them; it reads them from the listing the
 * list-targets build writes (moto's S3, as core's `buildTargetListing` of that account's stacks).
 */
async function targetFigures(scale: Scale): Promise<void> {
  const world = await benchWorld(
    scale,
    {},
    {
      configInput: {
        environments: {
          dev: { branch: "develop", ...REMOTE_TARGETS.dev },
          qa: { branch: null, ...REMOTE_TARGETS.qa },
          prod: { branch: "main", requiresApproval: true },
        },
      },
      clonerEnv: {
        [TARGET_LISTINGS_VARIABLE]: JSON.stringify({
          bucket: TARGET_BUCKET,
          targets: Object.values(REMOTE_TARGETS),
        }),
      },
    },
  );
  const s3 = new S3Client({ ...motoClientOptions(moto.url), forcePathStyle: true });
  await s3.send(
    new CreateBucketCommand({
      Bucket: TARGET_BUCKET,
      CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
    }),
  );
  try {
    world.aws.faults.latencyMs = LATENCY_MS;
    console.log(
      `Reconcile with two remote targets (dev, qa in other accounts): ${world.aws.codeCommit.branches.size.toLocaleString("en")} branches, ${scale.pullRequests.toLocaleString("en")} open PRs, ${LATENCY_MS} ms latency per call`,
    );
    await reconcileOnce(world, "cold account (every clone missing)");
    await reconcileOnce(world, "steady state, no listing yet");
    // What each list-targets build writes once every ephemeral clone's first run deployed its stack there.
    let listed = 0;
    for (const [name, where] of Object.entries(REMOTE_TARGETS)) {
      const resources = world
        .actualClones()
        .map((clone) => world.aws.codePipeline.tagsOf(clone) ?? {})
        .filter((tags) => tags[MANAGED_TAGS.ephemeral] === "true" && tags[MANAGED_TAGS.environment] === name)
        .map((tags) => ({
          ResourceARN: `arn:aws:cloudformation:${where.region}:${where.account}:stack/${tags[MANAGED_TAGS.stack]}/1`,
          Tags: [
            MANAGED_TAGS.project,
            MANAGED_TAGS.environment,
            MANAGED_TAGS.stack,
            MANAGED_TAGS.branch,
            MANAGED_TAGS.ephemeral,
          ].map((key) => ({ Key: key, Value: tags[key] ?? "" })),
        }));
      const listing = buildTargetListing({
        project: "acme",
        ...where,
        listedAt: scheduledEvent().time,
        targets: teardownTargets("acme", [{ name, ...where }]),
        resources,
      });
      listed += listing.stacks.length;
      await s3.send(
        new PutObjectCommand({
          Bucket: TARGET_BUCKET,
          Key: targetListingKey(where.account, where.region),
          Body: JSON.stringify(listing),
        }),
      );
    }
    await reconcileOnce(
      world,
      `steady state (${listed.toLocaleString("en")} remote stacks in 2 listings, swept: nothing to do)`,
    );
  } finally {
    await world.close();
  }
}

async function throttledFigures(scale: Scale): Promise<void> {
  const world = await benchWorld(scale);
  try {
    await world.cloner.deliver(scheduledEvent());
    world.aws.rateLimits.set(THROTTLE_PROFILE);
    world.aws.faults.latencyMs = LATENCY_MS;
    console.log(
      `Reconcile under per-operation rate limits (assumed profile, THROTTLE_PROFILE), ${scale.branches.toLocaleString("en")} / ${scale.pullRequests.toLocaleString("en")}, adaptive retry`,
    );
    await reconcileOnce(world, "steady state");
    deleteTenPercent(world);
    await reconcileOnce(world, "after 10% of branches and PRs went away");
    console.log(`  dead letters: ${world.cloner.deadLetters.length}`);
  } finally {
    await world.close();
  }
}

/**
 * How much faster the template-change run's clock goes than the wall's: the throttle profile's rates are multiplied by
 * it and the latency divided by it, and the Lambda's clock (`TEST_TIME_SCALE`) counts its 5-minute timeout down that
 * much faster, so a round covers what it would in AWS and the run takes 1/`TIME_SCALE` of its simulated time.
 */
const TIME_SCALE = 20;

async function templateChangeRounds(scale: Scale): Promise<void> {
  const world = await benchWorld(scale, {
    TEST_TIMEOUT_MS: String(5 * 60 * 1000),
    TEST_TIME_SCALE: String(TIME_SCALE),
  });
  try {
    await reconcileRounds(world);
    const devClones = world
      .actualClones()
      .filter((name) => world.aws.codePipeline.tagsOf(name)?.[MANAGED_TAGS.template] === "acme-dev").length;
    changeDevTemplate(world);
    world.aws.rateLimits.set(
      Object.fromEntries(
        Object.entries(THROTTLE_PROFILE).map(([operation, limit]) => [
          operation,
          { rate: limit.rate * TIME_SCALE, burst: limit.burst * TIME_SCALE },
        ]),
      ),
    );
    world.aws.faults.latencyMs = LATENCY_MS / TIME_SCALE;
    const before = world.aws.calls.length;
    const updatesBefore = world.aws.countCalls("UpdatePipeline");
    const started = performance.now();
    const rounds = await reconcileRounds(world);
    const elapsed = performance.now() - started;
    const calls = world.aws.calls.slice(before);
    const throttled = calls.filter((call) => /Throttl|TooManyRequests/.test(call.errorType ?? "")).length;
    const updates = world.aws.countCalls("UpdatePipeline") - updatesBefore;
    const current = templateVersion(world.aws.codePipeline.pipelines.get("acme-dev")?.declaration);
    const behind = world.actualClones().filter((name) => {
      const tags = world.aws.codePipeline.tagsOf(name) ?? {};
      return tags[MANAGED_TAGS.template] === "acme-dev" && tags[MANAGED_TAGS.templateVersion] !== current;
    }).length;
    console.log(
      `  ${devClones.toLocaleString("en")} dev clones: ${rounds} invocations, ${calls.length.toLocaleString("en")} calls (${throttled.toLocaleString("en")} throttled answers retried), ${updates.toLocaleString("en")} UpdatePipeline for ${devClones.toLocaleString("en")} clones, simulated ${((elapsed * TIME_SCALE) / 1000).toFixed(0)} s (${(elapsed / 1000).toFixed(1)} s of wall time), clones left behind ${behind}, dead letters ${world.cloner.deadLetters.length}`,
    );
  } finally {
    await world.close();
  }
}

async function chaosFigures(remote?: { readonly moto: MotoServer }): Promise<void> {
  const seeds = Array.from({ length: 100 }, (_, index) => 2000 + index);
  const started = performance.now();
  const results = await runChaos(seeds, BENCH_PROFILE, 4, remote);
  const count = (pick: (result: (typeof results)[number]) => number) =>
    results.reduce((sum, result) => sum + pick(result), 0);
  const histories = (pick: (result: (typeof results)[number]) => number) =>
    results.filter((result) => pick(result) > 0).length;
  console.log(
    `Chaos run${remote ? " with dev in another account (its stacks swept from the target's listing)" : ""}: ${results.length} histories of ${BENCH_PROFILE.operations} operations (seeds ${seeds[0]}..${seeds.at(-1)}), ${count((result) => result.deliveries).toLocaleString("en")} deliveries, ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(
    `  orphaned stacks ${count((result) => result.orphanedStacks.length)} (in ${histories((result) => result.orphanedStacks.length)} histories), foreign starts ${count((result) => result.foreignStarts.length)}, live clones without their stack ${count((result) => result.clonesWithoutStack.length)}, clone mismatches ${count((result) => result.cloneMismatches.length)}, dead letters after the redrive ${count((result) => result.deadLetters)}`,
  );
  for (const result of results) {
    if (result.orphanedStacks.length + result.foreignStarts.length + result.clonesWithoutStack.length > 0)
      console.log(`  seed ${result.seed}: ${JSON.stringify(result)}`);
  }
}

const moto = await startMotoServer();
await callsPerEvent();
await gitHubCallsPerEvent();
bundleFigures();
initFigures();
await gitHubReconcileFigures();
for (const scale of SCALES) await reconcileFigures(scale);
await targetFigures(SCALES[0] as Scale);
await throttledFigures(SCALES[0] as Scale);
console.log(
  `Template change under the throttle profile, in rounds of the Lambda's 5-minute timeout (clock x${TIME_SCALE}: rates x${TIME_SCALE}, latency ${LATENCY_MS / TIME_SCALE} ms)`,
);
for (const scale of SCALES) await templateChangeRounds(scale);
await chaosFigures();
await chaosFigures({ moto });
await moto.close();
