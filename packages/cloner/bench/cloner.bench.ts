/**
 * Benchmark of the bundled cloner (`pnpm --filter @tributary/cloner bench`, after `build`). Prints figures and
 * asserts nothing on time:
 * - AWS calls per event (create, push, delete), counted at the fake server, beside the seed's Python function;
 * - bundle sizes (the cloner's and the notifier's), raw and gzip;
 * - module init time of the bundle: median of 20 cold `node` processes importing it, beside a bare `node -e 0`;
 * - reconcile of 1,000 branches and 200 open PRs against the fake server with 20 ms of latency per call: cold, steady
 *   state (printed with its call count), after the dev template changed (every dev clone updated), after deletions.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { clonerEnvironment, defineConfig } from "@tributary/core";
import { scheduledEvent } from "../test/__fixtures__/events";
import { BUNDLE, NOTIFIER_BUNDLE } from "../test/integration/cloner-process";
import { CONFIG_INPUT, startWorld, type World } from "../test/integration/world";

const COLD_PROCESSES = 20;
const LATENCY_MS = 20;
const BRANCHES = 1_000;
const OPEN_PULL_REQUESTS = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

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
  for (const [label, path] of [
    ["dist/handler.mjs (cloner)", BUNDLE],
    ["dist/notifier.mjs (notifier)", NOTIFIER_BUNDLE],
  ] as const) {
    const bytes = readFileSync(path);
    console.log(`Bundle ${label}`);
    console.log(
      `  size ${bytes.length.toLocaleString("en")} bytes, gzip ${gzipSync(bytes).length.toLocaleString("en")} bytes`,
    );
  }
}

function initFigures(): void {
  const config = defineConfig(CONFIG_INPUT);
  const env = {
    PATH: process.env.PATH,
    AWS_REGION: "eu-west-1",
    NODE_NO_WARNINGS: "1",
    ...clonerEnvironment(config),
  };
  const url = pathToFileURL(BUNDLE).href;
  const bare = coldMilliseconds(["-e", "0"], env);
  const withBundle = coldMilliseconds(
    ["--input-type=module", "-e", `await import(${JSON.stringify(url)});`],
    env,
  );
  console.log(`Module init (median of ${COLD_PROCESSES} cold node ${process.versions.node} processes)`);
  console.log(`  node -e 0                 ${median(bare).toFixed(1)} ms`);
  console.log(
    `  node importing the bundle ${median(withBundle).toFixed(1)} ms (init ≈ ${(median(withBundle) - median(bare)).toFixed(1)} ms)`,
  );
}

async function reconcileFigures(): Promise<void> {
  const world = await startWorld();
  try {
    const kinds = [
      ["feature/", 600],
      ["bugfix/", 200],
      ["release/", 100],
      ["hotfix/", 50],
      ["wip/", BRANCHES - 2 - 950],
    ] as const;
    for (const [prefix, count] of kinds) {
      for (let index = 0; index < count; index++)
        world.aws.codeCommit.pushBranch(`${prefix}b${index}`, "c".repeat(40));
    }
    for (let index = 0; index < OPEN_PULL_REQUESTS; index++) {
      world.aws.codeCommit.openPullRequest({
        title: `PR ${index}`,
        sourceBranch: `feature/b${index}`,
        destinationBranch: "develop",
      });
    }
    world.aws.faults.latencyMs = LATENCY_MS;
    console.log(
      `Reconcile: ${world.aws.codeCommit.branches.size} branches, ${OPEN_PULL_REQUESTS} open PRs, ${LATENCY_MS} ms latency per call`,
    );
    const scenarios: Array<[string, () => void]> = [
      ["cold account (every clone missing)", () => undefined],
      ["steady state (nothing to do)", () => undefined],
      [
        "after the dev template changed (its clones behind)",
        () => {
          const template = world.aws.codePipeline.pipelines.get("acme-dev")?.declaration;
          world.aws.codePipeline.handle("UpdatePipeline", {
            pipeline: {
              ...template,
              variables: [...[template?.variables ?? []].flat(), { name: "Bench", defaultValue: "1" }],
            },
          });
        },
      ],
      ["steady state again", () => undefined],
      [
        "after 100 branches deleted and 50 PRs closed",
        () => {
          for (let index = 500; index < 600; index++) world.aws.codeCommit.deleteBranch(`feature/b${index}`);
          for (const pullRequest of [...world.aws.codeCommit.pullRequests.values()].slice(0, 50))
            pullRequest.status = "CLOSED";
        },
      ],
    ];
    for (const [label, change] of scenarios) {
      change();
      const before = world.aws.calls.length;
      const started = performance.now();
      const invocation = await world.cloner.deliver(scheduledEvent());
      const elapsed = performance.now() - started;
      if (!invocation.ok) throw new Error(`${invocation.error.name}: ${invocation.error.message}`);
      const calls = world.aws.calls.slice(before);
      const byOperation = new Map<string, number>();
      for (const call of calls) byOperation.set(call.operation, (byOperation.get(call.operation) ?? 0) + 1);
      console.log(`  ${label}: ${(elapsed / 1000).toFixed(2)} s wall, ${calls.length} calls`);
      console.log(`    ${[...byOperation].map(([operation, count]) => `${operation} ${count}`).join(", ")}`);
    }
    const expected = world.expectedClones();
    const actual = world.actualClones();
    console.log(`  clones after reconcile: ${actual.length} (core expects ${expected.length})`);
  } finally {
    await world.close();
  }
}

await callsPerEvent();
bundleFigures();
initFigures();
await reconcileFigures();
