/** Benchmark: routing plus naming (resolveBranch) over 100,000 realistic branch names. Prints figures; asserts nothing. */

import { defineConfig, resolveBranch } from "../src/index.js";

const COUNT = 100_000;
const RUNS = 7;

/** mulberry32: a tiny seeded PRNG, so every run benchmarks the same names. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "login",
  "cart",
  "checkout",
  "api",
  "auth",
  "billing",
  "search",
  "cache",
  "fix",
  "refactor",
  "ui",
  "db",
  "vpc",
  "s3",
  "iam",
  "lambda",
  "ログイン",
  "café",
  "naïve",
  "🚀",
];
const TEAMS = ["payments", "platform", "web", "data", "sre"];

/** Branch names in the proportions a busy repository has: mostly features, then bugfixes, releases, odd ones. */
function branchNames(count: number): string[] {
  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const words = (n: number, separator: string) =>
    Array.from({ length: n }, () => pick(WORDS)).join(separator);
  const names: string[] = [];
  for (let index = 0; index < count; index++) {
    const roll = next();
    const ticket = `${pick(["JIRA", "OPS", "INFRA", "web"])}-${Math.floor(next() * 9999)}`;
    let name: string;
    if (roll < 0.45) name = `feature/${ticket}_${words(1 + Math.floor(next() * 3), "-")}`;
    else if (roll < 0.55) name = `feature/${pick(TEAMS)}/${words(2, "-")}`;
    else if (roll < 0.7) name = `bugfix/${ticket}-${words(2, "_")}`;
    else if (roll < 0.77)
      name = `release/${Math.floor(next() * 5)}.${Math.floor(next() * 20)}.${Math.floor(next() * 10)}`;
    else if (roll < 0.82)
      name = `hotfix/${Math.floor(next() * 5)}.${Math.floor(next() * 20)}.${1 + Math.floor(next() * 9)}`;
    else if (roll < 0.85) name = `support/${Math.floor(next() * 5)}.x`;
    else if (roll < 0.88) name = pick(["main", "develop", "refs/heads/develop"]);
    else if (roll < 0.93)
      name = `${pick(["dependabot/npm_and_yarn", "renovate", "wip", "spike"])}/${words(2, "-")}`;
    else if (roll < 0.98) name = `refs/heads/feature/${ticket.toLowerCase()}-${words(1, "")}`;
    else name = `feature/${words(40 + Math.floor(next() * 60), "-")}`; // 250+ characters
    names.push(name);
  }
  return names;
}

const config = defineConfig({ project: "acme", repository: "infra-deployment" });
const names = branchNames(COUNT);
const averageLength = names.reduce((sum, name) => sum + name.length, 0) / names.length;

let routed = 0;
const durations: number[] = [];
for (let run = 0; run < RUNS; run++) {
  routed = 0;
  const start = performance.now();
  for (const name of names) {
    if (resolveBranch(config, name) !== null) routed++;
  }
  durations.push(performance.now() - start);
}
durations.sort((a, b) => a - b);
const median = durations[Math.floor(durations.length / 2)] as number;
const heapMiB = process.memoryUsage().heapUsed / 1024 / 1024;

console.log(
  `resolveBranch (routing + naming), ${COUNT.toLocaleString("en-US")} branch names, avg ${averageLength.toFixed(1)} chars, ${routed.toLocaleString("en-US")} routed`,
);
console.log(`runs: ${RUNS}, times (ms): ${durations.map((ms) => ms.toFixed(1)).join(", ")}`);
console.log(
  `median: ${median.toFixed(1)} ms  →  ${Math.round(COUNT / (median / 1000)).toLocaleString("en-US")} branches/s`,
);
console.log(`heap used: ${heapMiB.toFixed(1)} MiB (node ${process.version})`);
