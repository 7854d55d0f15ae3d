/**
 * Runs boto3 snippets against moto from the buildspec tests, to arrange and inspect moto's state in Python (much
 * shorter than one AWS CLI process per call). One interpreter serves a whole test file: starting Python and
 * importing boto3 costs about half a CPU second, which was paid once per snippet, some fifty times per run.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** A Python process with boto3, its `s3` and `cloudformation` clients pointed at moto. */
export interface Boto3Runner {
  /**
   * Runs `script` with `params` (`input`, JSON) and the clients `s3` and `cloudformation` (and `boto3`, `json`,
   * `os`, `sys`) in scope; returns what it printed, parsed as JSON, or undefined when it printed nothing. A Python
   * exception rejects with its traceback.
   */
  run(script: string, input?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** The server loop: one JSON request per line on stdin, one JSON answer per line on stdout. */
const SERVER = `import boto3, contextlib, io, json, os, sys, traceback
s3 = boto3.client("s3")
cloudformation = boto3.client("cloudformation")
answers = sys.stdout
for line in sys.stdin:
    request = json.loads(line)
    printed = io.StringIO()
    scope = {"boto3": boto3, "json": json, "os": os, "sys": sys, "s3": s3, "cloudformation": cloudformation,
             "params": request["params"]}
    try:
        with contextlib.redirect_stdout(printed):
            exec(request["script"], scope)
        answer = {"printed": printed.getvalue()}
    except Exception:
        answer = {"error": traceback.format_exc()}
    answers.write(json.dumps(answer) + "\\n")
    answers.flush()
`;

/**
 * Starts `python3` with boto3 and the environment that points it at moto (`MotoServer.environment`).
 *
 * @example
 * const boto3 = startBoto3(moto.environment);
 * await boto3.run(`print(json.dumps(s3.list_buckets()["Buckets"]))`); // []
 * await boto3.close();
 */
export function startBoto3(environment: Readonly<Record<string, string>>): Boto3Runner {
  const child: ChildProcessWithoutNullStreams = spawn("python3", ["-c", SERVER], {
    env: { ...process.env, ...environment },
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // A missing python3 (ENOENT) or a write after it ended: reported by "close" below with the output.
  child.on("error", (error) => (stderr += `${error.message}\n`));
  child.stdin.on("error", () => undefined);
  const waiting: Array<{ resolve: (answer: string) => void; reject: (error: Error) => void }> = [];
  createInterface({ input: child.stdout }).on("line", (line) => waiting.shift()?.resolve(line));
  let closed: Error | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once("close", (code, signal) => {
      closed = new Error(
        `python3 with boto3 exited (${code ?? signal}): ${stderr.trim() || "no output"}. Fix: bash tooling/setup.sh installs the pinned test tools into .venv.`,
      );
      for (const request of waiting.splice(0)) request.reject(closed);
      resolve();
    }),
  );
  // One request at a time: each waits for the one before it, so answers arrive in the order asked.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run(script, input = {}) {
      const answer = queue.then(
        () =>
          new Promise<string>((resolve, reject) => {
            if (closed !== undefined) {
              reject(closed);
              return;
            }
            waiting.push({ resolve, reject });
            child.stdin.write(`${JSON.stringify({ script, params: input })}\n`);
          }),
      );
      queue = answer.catch(() => undefined);
      return answer.then((line) => {
        const { printed, error } = JSON.parse(line) as { printed?: string; error?: string };
        if (error !== undefined) throw new Error(`boto3 script failed:\n${script}\n${error}`);
        return printed === undefined || printed.trim() === "" ? undefined : JSON.parse(printed);
      });
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
