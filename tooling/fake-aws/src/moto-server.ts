/**
 * Start and stop a real `moto_server` (moto's standalone server, pinned in requirements-test.txt) on 127.0.0.1,
 * for tests of code that talks to the AWS APIs moto implements: S3, SNS, SQS, CloudFormation, CodeBuild,
 * EventBridge, CodePipeline CRUD. Point the SDK or the AWS CLI at `url` with `AWS_ENDPOINT_URL`.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running moto server. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL`. */
  readonly url: string;
  /** The environment that points the AWS CLI and the SDK at this server with dummy credentials. */
  readonly environment: Readonly<Record<string, string>>;
  /** Forget every resource (moto's `POST /moto-api/reset`). */
  reset(): Promise<void>;
  /** Stop the server and wait for its process to exit. */
  close(): Promise<void>;
}

/** Options of {@link startMotoServer}. */
export interface MotoServerOptions {
  /** The region the environment names. @default "eu-west-1" */
  readonly region?: string;
  /** How long to wait for the server to answer. @default 20_000 */
  readonly startTimeoutMs?: number;
}

/** The account id moto answers with unless told otherwise (`MOTO_ACCOUNT_ID`). */
export const MOTO_ACCOUNT_ID = "123456789012";

/** Thrown when `moto_server` is not installed or does not start; the message says how to install it. */
export class MotoServerError extends Error {
  override readonly name = "MotoServerError";
}

const INSTALL_HINT =
  "Fix: install the pinned Python test tools into the repository's .venv with `bash tooling/setup.sh` (repository root).";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/moto-api/data.json`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Start `moto_server` on a free port of 127.0.0.1 and wait until it answers. Fails (never skips) with a
 * {@link MotoServerError} naming the install command when `moto_server` is missing.
 *
 * @example
 * const moto = await startMotoServer();
 * execFileSync("aws", ["s3", "mb", "s3://demo"], { env: { ...process.env, ...moto.environment } });
 * await moto.close();
 */
export async function startMotoServer(options: MotoServerOptions = {}): Promise<MotoServer> {
  const found = spawnSync("moto_server", ["--help"], { encoding: "utf8" });
  if (found.error !== undefined || found.status !== 0) {
    throw new MotoServerError(
      `moto_server is not installed or does not run (${found.error?.message ?? found.stderr.trim()}). ${INSTALL_HINT}`,
    );
  }
  const region = options.region ?? "eu-west-1";
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // moto logs every request to stderr. A pipe would fill while the test blocks its event loop in execFileSync (the
  // AWS CLI, boto3) and moto would hang on its next log line; a file never fills.
  const logDirectory = mkdtempSync(join(tmpdir(), "tributary-moto-"));
  const logPath = join(logDirectory, "moto_server.log");
  const log = openSync(logPath, "w");
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", log, log],
    env: { ...process.env, MOTO_ACCOUNT_ID },
  });
  closeSync(log);
  // A test run that ends without close() (a crash, a bench that throws) must not leave moto_server running.
  const stopOnExit = (): void => {
    child.kill("SIGKILL");
  };
  process.once("exit", stopOnExit);
  const stderrTail = (): string => readFileSync(logPath, "utf8").slice(-4_000);
  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      process.off("exit", stopOnExit);
      child.kill("SIGKILL");
      throw new MotoServerError(
        `moto_server did not start on ${url}: ${stderrTail().trim() || "no output"}. ${INSTALL_HINT}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    environment: {
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_SESSION_TOKEN: "testing",
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_PAGER: "",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    },
    async reset() {
      const response = await fetch(`${url}/moto-api/reset`, { method: "POST" });
      if (!response.ok) throw new MotoServerError(`moto_server reset answered HTTP ${response.status}`);
    },
    async close() {
      process.off("exit", stopOnExit);
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited(child);
      clearTimeout(timer);
      rmSync(logDirectory, { recursive: true, force: true });
    },
  };
}
