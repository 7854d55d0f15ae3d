/**
 * Runs a bundled Lambda (`dist/handler.mjs`, or `dist/notifier.mjs`), copied alone into a temporary directory, in a child Node.js process (init
 * once, many invocations, like a warm Lambda),
 * pointed at the fake AWS server through `AWS_ENDPOINT_URL`, and simulates EventBridge's asynchronous delivery:
 * a failed invocation is retried twice, then the event goes to the dead-letter queue.
 */
import { type ChildProcess, fork } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CLONER_BUNDLE } from "../../src/functions/cloner/bundle";
import type { LambdaBundle } from "../../src/functions/lambda-bundle";
import { NOTIFIER_BUNDLE as NOTIFIER_BUNDLE_DECLARATION } from "../../src/functions/notifier/bundle";
import { RUN_WIDGET_BUNDLE as RUN_WIDGET_BUNDLE_DECLARATION } from "../../src/functions/run-widget/bundle";
import { FUNCTION_ARN } from "../__fixtures__/events";

/** The access key the bundled Lambda signs with (the fake records comment authors and approvers by it). */
export const CLONER_ACCESS_KEY_ID = "AKIAFAKEFAKEFAKEFAKE";

/** The built file of a Lambda bundle (`dist/<name>.mjs`). */
export function bundlePath(bundle: LambdaBundle): string {
  return fileURLToPath(new URL(`../../dist/${bundle.name}.mjs`, import.meta.url));
}

/** The cloner bundle under test. */
export const BUNDLE = bundlePath(CLONER_BUNDLE);
/** The notifier bundle under test. */
export const NOTIFIER_BUNDLE = bundlePath(NOTIFIER_BUNDLE_DECLARATION);
/** The overview page's widget bundle under test. */
export const RUN_WIDGET_BUNDLE = bundlePath(RUN_WIDGET_BUNDLE_DECLARATION);

/** What the cloner's handler returns. */
export interface ClonerResult {
  eventType: string;
  outcomes: Array<{ action: string; subject: string; outcome: string; reason?: string }>;
}
const RUNTIME = fileURLToPath(new URL("./lambda-runtime.mjs", import.meta.url));

/** What one invocation answered. */
export type Invocation<Result = ClonerResult> =
  | { readonly ok: true; readonly result: Result }
  | { readonly ok: false; readonly error: { name: string; message: string } };

/** A running Lambda process (the cloner's handler unless another bundle was given). */
export interface ClonerProcess<Result = ClonerResult> {
  /** Every stdout and stderr line the function printed, parsed as JSON (Powertools logs and EMF metrics). */
  readonly lines: Array<Record<string, unknown>>;
  /** Events that failed three invocations (Lambda's async retries), as the dead-letter queue would keep them. */
  readonly deadLetters: unknown[];
  /** The init error, if the module failed to load. */
  readonly initError: { name: string; message: string } | undefined;
  invoke(event: unknown): Promise<Invocation<Result>>;
  /** Delivers an event the way EventBridge's async invocation does: up to 3 attempts, then the DLQ. */
  deliver(event: unknown): Promise<Invocation<Result>>;
  /** Sum of one EMF metric over everything printed (arrays of values included), optionally only data points with `reason`. */
  metric(name: string, reason?: string): number;
  close(): Promise<void>;
}

/**
 * Starts the bundled handler (`bundle`, default the cloner's) with `env` (plus fake credentials, region and the
 * fake's endpoint).
 *
 * @example
 * const cloner = await startCloner({ endpoint: aws.url, env: clonerEnvironment(config) });
 * await cloner.deliver(branchEvent("referenceCreated", "infra", "feature/x", { commitId }));
 */
export async function startCloner<Result = ClonerResult>(options: {
  endpoint: string;
  env: Record<string, string>;
  bundle?: string;
}): Promise<ClonerProcess<Result>> {
  const bundle = options.bundle ?? BUNDLE;
  if (!existsSync(bundle)) {
    throw new Error(
      `${bundle} does not exist. Fix: run \`pnpm --filter @tributary/cloner build\` before the integration tests.`,
    );
  }
  // Run a copy outside the repository: with no node_modules around it, the bundle must carry everything it needs.
  const directory = mkdtempSync(join(tmpdir(), "tributary-cloner-"));
  const isolated = join(directory, basename(bundle));
  copyFileSync(bundle, isolated);
  const child: ChildProcess = fork(RUNTIME, [isolated], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: CLONER_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: "fake-secret",
      AWS_ENDPOINT_URL: options.endpoint,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      POWERTOOLS_SERVICE_NAME: "tributary-cloner",
      POWERTOOLS_METRICS_NAMESPACE: "Tributary",
      TEST_FUNCTION_ARN: FUNCTION_ARN,
      NODE_NO_WARNINGS: "1",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const lines: Array<Record<string, unknown>> = [];
  // Powertools writes INFO and EMF to stdout, WARN and ERROR to stderr: in Lambda both end up in the log.
  const collect = (stream: NodeJS.ReadableStream | null | undefined): void => {
    let buffered = "";
    stream?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const part of parts) {
        if (part.trim() === "") continue;
        try {
          lines.push(JSON.parse(part) as Record<string, unknown>);
        } catch {
          lines.push({ raw: part });
        }
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);

  const pending = new Map<
    number,
    { resolve: (invocation: Invocation<Result>) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  /** What the process printed last, for an error that says why it stopped. */
  const tail = (): string =>
    lines
      .slice(-20)
      .map((line) => JSON.stringify(line))
      .join("\n") || "no output";
  // The process's end, as an error: it rejects the init wait and every pending invocation, so that a Lambda process
  // that dies fails its test at once with its output, instead of leaving the test waiting for its timeout.
  let exitError: Error | undefined;
  const ready = new Promise<{ initError?: { name: string; message: string } }>((resolve, reject) => {
    child.on(
      "message",
      (
        message: { type: string; id?: number; initError?: { name: string; message: string } } & Record<
          string,
          unknown
        >,
      ) => {
        if (message.type === "ready") resolve(message);
        if (message.type === "result" && message.id !== undefined) {
          pending.get(message.id)?.resolve(message as unknown as Invocation<Result>);
          pending.delete(message.id);
        }
      },
    );
    child.once("exit", (code, signal) => {
      exitError = new Error(
        `The Lambda process of ${basename(bundle)} exited (${code ?? signal}). Its last output:\n${tail()}`,
      );
      reject(exitError);
      for (const waiting of pending.values()) waiting.reject(exitError);
      pending.clear();
    });
  });
  const { initError } = await ready;
  const deadLetters: unknown[] = [];

  const invoke = (event: unknown): Promise<Invocation<Result>> =>
    new Promise((resolve, reject) => {
      if (exitError !== undefined) {
        reject(exitError);
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ type: "invoke", id, event });
    });

  return {
    lines,
    deadLetters,
    initError,
    invoke,
    async deliver(event) {
      let invocation = await invoke(event);
      for (let retry = 0; retry < 2 && !invocation.ok; retry++) invocation = await invoke(event);
      if (!invocation.ok) deadLetters.push(event);
      return invocation;
    },
    metric(name, reason) {
      let total = 0;
      for (const line of lines) {
        if (!("_aws" in line)) continue;
        if (reason !== undefined && line.reason !== reason) continue;
        // EMF holds one value, or an array when a metric was added several times in one invocation.
        const values = [line[name]].flat();
        for (const value of values) if (typeof value === "number") total += value;
      }
      return total;
    },
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill();
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
