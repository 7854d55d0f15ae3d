/**
 * Lambda's `Invoke`, asynchronous only (`X-Amz-Invocation-Type: Event`), as botocore's `lambda` 2015-03-31 model
 * describes it: `POST /2015-03-31/functions/{FunctionName}/invocations` (REST-JSON, not `X-Amz-Target`), the raw
 * payload as the body; the function queues the event and answers 202 with no body ("For the `Event` invocation type,
 * this status code is 202"); "For asynchronous invocations, the maximum payload size is 1 MB"
 * (`RequestTooLargeException`, HTTP 413); an unknown function is `ResourceNotFoundException` (404). The queued event
 * is handed to the function's target, which a test registers (a bundled Lambda in a child process, with Lambda's two
 * retries and its dead-letter queue: `ClonerProcess.deliver`).
 */
import { FakeAwsError } from "./aws-error";

/** Where an asynchronously invoked function's events go. */
export type InvokeTarget = (event: unknown) => Promise<unknown>;

/** The path of Invoke, with the function's name or ARN. */
export const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?.*)?$/;

/** `NamespacedFunctionName`: a name, a partial or a full ARN, with an optional version or alias, 1..256. */
const FUNCTION_NAME =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$/;

/** The asynchronous payload limit, in bytes. */
export const ASYNC_PAYLOAD_MAX = 1024 * 1024;

/**
 * The functions a test registered, and what was invoked.
 *
 * @example
 * aws.lambda.register("acme-cloner", (event) => cloner.deliver(event));
 */
export class FakeLambda {
  private readonly targets = new Map<string, InvokeTarget>();
  /** Events handed to targets and not yet settled (a test awaits `settled()`). */
  private readonly inFlight = new Set<Promise<unknown>>();

  /** Registers a function by its name: its ARN and partial ARN resolve to it too. */
  register(name: string, target: InvokeTarget): void {
    this.targets.set(name, target);
  }

  /** Resolves when every queued event was handled. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Invoke: validates the request, queues the event, answers 202. */
  invoke(rawName: string, invocationType: string | undefined, body: string): { status: number } {
    const name = decodeURIComponent(rawName);
    if (name.length > 256 || !FUNCTION_NAME.test(name)) {
      throw new FakeAwsError(
        "ValidationException",
        `1 validation error detected: Value '${name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern`,
      );
    }
    if (invocationType !== "Event") {
      throw new FakeAwsError(
        "InvalidParameterValueException",
        `The fake serves asynchronous invocations only (X-Amz-Invocation-Type: Event), not ${invocationType ?? "RequestResponse"}`,
      );
    }
    if (Buffer.byteLength(body) > ASYNC_PAYLOAD_MAX) {
      throw new FakeAwsError(
        "RequestTooLargeException",
        "Request must be smaller than 1048576 bytes for the InvokeAsync operation",
        413,
      );
    }
    // The name alone: after `function:` in an ARN, before a version or alias.
    const functionName =
      (name.includes("function:") ? (name.split("function:").at(-1) ?? name) : name).split(":")[0] ?? name;
    const target = this.targets.get(functionName);
    if (!target) {
      throw new FakeAwsError("ResourceNotFoundException", `Function not found: ${name}`, 404);
    }
    let event: unknown;
    try {
      event = JSON.parse(body);
    } catch {
      throw new FakeAwsError("InvalidRequestContentException", "Could not parse request body into json", 400);
    }
    const handled = new Promise<void>((resolve) => setImmediate(resolve)).then(() => target(event));
    this.inFlight.add(handled);
    void handled.finally(() => this.inFlight.delete(handled));
    return { status: 202 };
  }
}
