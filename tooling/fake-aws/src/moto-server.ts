/**
 * Start and stop a real `moto_server` (moto's standalone server, pinned in requirements-test.txt) on 127.0.0.1,
 * for tests of code that talks to the AWS APIs moto implements: S3, SNS, SQS, CloudFormation, CodeBuild,
 * EventBridge, CodePipeline CRUD. Point the SDK or the AWS CLI at `url` with `AWS_ENDPOINT_URL`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
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
  /**
   * How long to wait for the server to answer. A bound for a busy machine, not a speed target: moto imports in
   * about a second alone, but takes tens of seconds on two cores shared with a whole test suite.
   * @default MOTO_START_BOUND_MS
   */
  readonly startTimeoutMs?: number;
  /**
   * Backends to load before the server counts as ready (see {@link MotoPreload}). List every one the tests call.
   * @default [] - each backend loads on its first request
   */
  readonly preload?: readonly MotoPreload[];
  /**
   * Whether each request acts in the account of its credentials. moto takes `MOTO_ACCOUNT_ID` over everything else
   * (moto/core/responses.py, `BaseResponse.get_current_account`: "PRIO 1: Check if we have a Environment Variable
   * set"), so by default every request acts in {@link MOTO_ACCOUNT_ID}. With `true` the server runs without it, and
   * credentials that `sts assume-role` returned for a role of account X act in X (moto/sts/models.py
   * `_create_access_key` files the key under the role ARN's account; moto/iam/models.py `get_account_id_from` finds
   * it); moto's own credentials still act in its default account, {@link MOTO_ACCOUNT_ID}.
   * @default false
   */
  readonly accountsByCredentials?: boolean;
}

/**
 * moto backends that load seconds of Python on their first request, each with a read-only request that loads it.
 * moto imports a service's backend when the service is first called; CloudFormation's imports the model of every
 * resource type it can create: 1.4 CPU s, 68 s measured on two cores at load 30. botocore and the AWS CLI wait 60 s
 * for an answer, then send the request again, and a CreateStack repeated after moto created the stack fails with
 * AlreadyExistsException. Preloaded, the wait happens in {@link startMotoServer}, within its readiness bound.
 */
const PRELOAD_REQUESTS = {
  cloudformation: "Action=ListStacks&Version=2010-05-15",
} as const;

/** A moto backend {@link startMotoServer} can load before the tests call it. */
export type MotoPreload = keyof typeof PRELOAD_REQUESTS;

/** The account id moto answers with unless told otherwise (`MOTO_ACCOUNT_ID`). */
export const MOTO_ACCOUNT_ID = "123456789012";

/**
 * An AWS SDK client's options for a moto server at `endpoint`: its region and the dummy credentials moto accepts
 * (moto checks no signature). S3 clients add `forcePathStyle: true` (moto has no per-bucket host names).
 *
 * @example
 * const dynamo = new DynamoDBClient(motoClientOptions(moto.url));
 */
export function motoClientOptions(endpoint: string, region = "eu-west-1") {
  return { endpoint, region, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } };
}

/**
 * How long {@link startMotoServer} waits for moto to answer by default: three minutes, far above any start-up on a
 * working machine, so that only a server that cannot start fails (with its output and the time waited).
 */
export const MOTO_START_BOUND_MS = 180_000;

/** Thrown when `moto_server` is not installed or does not start; the message says how to install it. */
export class MotoServerError extends Error {
  override readonly name = "MotoServerError";
}

const INSTALL_HINT =
  "Fix: install the pinned Python test tools into the repository's .venv with `bash tooling/setup.sh` (repository root).";

/** werkzeug's start-up line (`BaseWSGIServer.log_startup`), printed once the socket listens, with the bound port. */
const LISTENING = /Running on http:\/\/127\.0\.0\.1:(\d+)/;

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/moto-api/data.json`, { signal: AbortSignal.timeout(5_000) });
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
 * Start `moto_server` on a port of 127.0.0.1 that it picks itself and wait until it answers (and has loaded the
 * backends of `preload`). Fails (never skips)
 * with a {@link MotoServerError} naming the install command when `moto_server` is missing, and with its output and
 * the time waited when it does not answer.
 *
 * @example
 * const moto = await startMotoServer();
 * execFileSync("aws", ["s3", "mb", "s3://demo"], { env: { ...process.env, ...moto.environment } });
 * await moto.close();
 */
export async function startMotoServer(options: MotoServerOptions = {}): Promise<MotoServer> {
  const region = options.region ?? "eu-west-1";
  const bound = options.startTimeoutMs ?? MOTO_START_BOUND_MS;
  const started = Date.now();
  // moto logs every request to stderr. A pipe would fill while the test blocks its event loop in execFileSync (the
  // AWS CLI, boto3) and moto would hang on its next log line; a file never fills.
  const logDirectory = mkdtempSync(join(tmpdir(), "tributary-moto-"));
  const logPath = join(logDirectory, "moto_server.log");
  const log = openSync(logPath, "w");
  // Port 0: the kernel gives moto a free port when it binds, and werkzeug prints it. A port picked here and bound
  // later by moto (seconds later on a busy machine) can be taken in between by another test's server, and the
  // readiness probe would then talk to that server. moto reads its own port only to build URLs for Lambda, Batch,
  // Step Functions and CloudFormation custom resources, which no test here runs on moto.
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", "0"], {
    stdio: ["ignore", log, log],
    env: options.accountsByCredentials
      ? Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "MOTO_ACCOUNT_ID"))
      : { ...process.env, MOTO_ACCOUNT_ID },
  });
  closeSync(log);
  let spawnError: Error | undefined;
  child.once("error", (error) => {
    spawnError = error;
  });
  // A test run that ends without close() (a crash, a bench that throws) must not leave moto_server running.
  const stopOnExit = (): void => {
    child.kill("SIGKILL");
  };
  process.once("exit", stopOnExit);
  const output = (): string => readFileSync(logPath, "utf8");
  const fail = (reason: string): never => {
    process.off("exit", stopOnExit);
    child.kill("SIGKILL");
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const printed = output().trim().slice(-4_000) || "no output";
    rmSync(logDirectory, { recursive: true, force: true });
    throw new MotoServerError(
      `moto_server ${reason} after ${seconds} s. Its output: ${printed}. ${INSTALL_HINT}`,
    );
  };

  const url = await (async (): Promise<string> => {
    for (;;) {
      if (spawnError !== undefined) {
        process.off("exit", stopOnExit);
        rmSync(logDirectory, { recursive: true, force: true });
        throw new MotoServerError(
          `moto_server is not installed or does not run (${spawnError.message}). ${INSTALL_HINT}`,
        );
      }
      const port = LISTENING.exec(output())?.[1];
      const listening = port === undefined ? undefined : `http://127.0.0.1:${port}`;
      if (listening !== undefined && (await answers(listening))) return listening;
      if (child.exitCode !== null || child.signalCode !== null) {
        fail(`exited (${child.exitCode ?? child.signalCode}) before it answered`);
      }
      if (Date.now() - started > bound) {
        fail(
          listening === undefined
            ? `did not listen within its ${bound / 1000} s bound`
            : `did not answer on ${listening} within its ${bound / 1000} s bound`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  for (const service of options.preload ?? []) {
    // moto picks the backend of a request to / by the service of the Authorization header's credential scope (it
    // checks no signature), as it does for every signed AWS request.
    const remaining = Math.max(bound - (Date.now() - started), 1);
    const response = await fetch(`${url}/`, {
      method: "POST",
      headers: {
        Authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: PRELOAD_REQUESTS[service],
      signal: AbortSignal.timeout(remaining),
    }).catch((error: unknown) => error as Error);
    if (response instanceof Error || !response.ok) {
      fail(
        `did not load its ${service} backend (${response instanceof Error ? response.message : `HTTP ${response.status}`})`,
      );
    }
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
