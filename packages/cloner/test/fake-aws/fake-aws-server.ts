/**
 * A local HTTP server that speaks the AWS JSON 1.1 protocol for CodePipeline, CodeCommit and CodeBuild and the
 * AWS query protocol (form-encoded POST, XML answers) for SNS, keeps their state in memory, and can inject
 * throttling and latency. Point the SDK at it with `AWS_ENDPOINT_URL`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeAwsError } from "./aws-error";
import { FakeCodeBuild } from "./fake-codebuild";
import { FakeCodeCommit } from "./fake-codecommit";
import { FakeCodePipeline } from "./fake-codepipeline";
import { type RateLimit, RateLimits } from "./fake-rate-limits";
import { FakeResourceGroupsTagging, TAGGING_TARGET_PREFIX } from "./fake-resource-groups-tagging";
import { FakeSns } from "./fake-sns";
import { isObject } from "./json";
import { seededRandom } from "./seeded-random";

/** The `X-Amz-Target` prefixes of the three services. */
const TARGET_PREFIXES = {
  CodePipeline_20150709: "codepipeline",
  CodeCommit_20150413: "codecommit",
  CodeBuild_20161006: "codebuild",
  [TAGGING_TARGET_PREFIX]: "tagging",
} as const;

/** The throttling error each JSON service answers with (the tagging API names it `ThrottledException`). */
const THROTTLING_ERROR: Partial<Record<string, string>> = { tagging: "ThrottledException" };

type Service = (typeof TARGET_PREFIXES)[keyof typeof TARGET_PREFIXES] | "sns";

/** The XML namespace of SNS's query-protocol answers. */
const SNS_NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

/** One request the server received. */
export interface CallRecord {
  readonly service: Service | "unknown";
  readonly operation: string;
  /** HTTP status of the answer (400 for injected throttling, 429 for SNS's). */
  readonly status: number;
  /** The error type answered, if any. */
  readonly errorType: string | undefined;
  /** The parsed request body. */
  readonly input: unknown;
}

/** Fault injection and latency settings; change them at any time through `server.faults`. */
export interface FaultOptions {
  /** Fraction of calls (0..1) answered with `ThrottlingException` (HTTP 400). */
  throttleFraction: number;
  /** Fraction of calls (0..1) answered with `InternalFailure` (HTTP 500). */
  serverErrorFraction: number;
  /** Milliseconds to wait before answering each call. */
  latencyMs: number;
}

/** Options for `startFakeAws`. */
export interface FakeAwsOptions extends Partial<FaultOptions> {
  readonly region?: string;
  readonly accountId?: string;
  readonly repositoryName?: string;
  /** CodeBuild projects that exist. */
  readonly codeBuildProjects?: readonly string[];
  /** Seed of the fault injection's random sequence. */
  readonly seed?: number;
  /** Per-operation request rates (`fake-rate-limits.ts`); none by default. */
  readonly rateLimits?: Readonly<Record<string, RateLimit>>;
  /** Pipelines the region holds at most (CodePipeline's quota); CreatePipeline beyond it fails. Unlimited by default. */
  readonly pipelineQuota?: number;
}

/** A running fake. */
export interface FakeAws {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL`. */
  readonly url: string;
  readonly region: string;
  readonly accountId: string;
  readonly codePipeline: FakeCodePipeline;
  readonly codeCommit: FakeCodeCommit;
  readonly codeBuild: FakeCodeBuild;
  readonly sns: FakeSns;
  readonly tagging: FakeResourceGroupsTagging;
  /** Per-operation request rates; `rateLimits.set({...})` changes them at any time. */
  readonly rateLimits: RateLimits;
  /** Every call received, in order of arrival. */
  readonly calls: CallRecord[];
  readonly faults: FaultOptions;
  /** Calls whose answer was not an injected fault, optionally of one operation. */
  countCalls(operation?: string): number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A query-protocol answer: `<ActionResponse><ActionResult>members</ActionResult><ResponseMetadata/></ActionResponse>`. */
function answerXml(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    "content-type": "text/xml",
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": `fake-${Math.random().toString(36).slice(2)}`,
  });
  response.end(text);
}

function queryResult(action: string, members: Record<string, string>): string {
  const body = Object.entries(members)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join("");
  return `<${action}Response xmlns="${SNS_NAMESPACE}"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${action}Response>`;
}

function queryError(code: string, message: string, status: number): string {
  const type = status >= 500 ? "Receiver" : "Sender";
  return `<ErrorResponse xmlns="${SNS_NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`;
}

function answer(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": `fake-${Math.random().toString(36).slice(2)}`,
    ...(errorType ? { "x-amzn-errortype": errorType } : {}),
  });
  response.end(text);
}

/**
 * Starts the fake on a free local port.
 *
 * @example
 * const aws = await startFakeAws({ repositoryName: "infra", throttleFraction: 1 / 3, seed: 7 });
 * process.env.AWS_ENDPOINT_URL = aws.url;
 * // ... run the cloner ...
 * await aws.close();
 */
export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const region = options.region ?? "eu-west-1";
  const accountId = options.accountId ?? "123456789012";
  const codeCommit = new FakeCodeCommit(options.repositoryName ?? "infra");
  const codePipeline = new FakeCodePipeline({
    region,
    accountId,
    branchHead: (branch) => codeCommit.branches.get(branch),
    commitMessage: (commitId) => codeCommit.commitMessages.get(commitId),
  });
  const codeBuild = new FakeCodeBuild(options.codeBuildProjects ?? []);
  const sns = new FakeSns({ region, accountId });
  const tagging = new FakeResourceGroupsTagging(codePipeline);
  const rateLimits = new RateLimits(options.rateLimits);
  const calls: CallRecord[] = [];
  const faults: FaultOptions = {
    throttleFraction: options.throttleFraction ?? 0,
    serverErrorFraction: options.serverErrorFraction ?? 0,
    latencyMs: options.latencyMs ?? 0,
  };
  const random = seededRandom(options.seed ?? 1);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    if (String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      await handleQuery(body, response);
      return;
    }
    const target = String(request.headers["x-amz-target"] ?? "");
    const [prefix = "", operation = ""] = target.split(".");
    const service: Service | "unknown" =
      prefix in TARGET_PREFIXES ? TARGET_PREFIXES[prefix as keyof typeof TARGET_PREFIXES] : "unknown";
    let input: unknown;
    try {
      input = body === "" ? {} : JSON.parse(body);
    } catch {
      input = undefined;
    }
    // Draw both numbers on every call so that the sequence does not depend on the fractions.
    const throttleDraw = random();
    const serverErrorDraw = random();
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const record = (status: number, errorType?: string): void => {
      calls.push({ service, operation, status, errorType, input });
    };
    if (throttleDraw < faults.throttleFraction || !rateLimits.take(operation)) {
      const throttling = THROTTLING_ERROR[service] ?? "ThrottlingException";
      record(400, throttling);
      answer(response, 400, { __type: throttling, message: "Rate exceeded" }, throttling);
      return;
    }
    if (serverErrorDraw < faults.serverErrorFraction) {
      record(500, "InternalFailure");
      answer(
        response,
        500,
        { __type: "InternalFailure", message: "We encountered an internal error." },
        "InternalFailure",
      );
      return;
    }
    try {
      if (!isObject(input))
        throw new FakeAwsError("SerializationException", "The request body is not a JSON object");
      // CodePipeline's LimitExceededException: "The number of pipelines associated with the Amazon Web Services
      // account has exceeded the limit allowed for the account." (service model, CreatePipeline's errors)
      if (
        service === "codepipeline" &&
        operation === "CreatePipeline" &&
        codePipeline.pipelines.size >= (options.pipelineQuota ?? Number.POSITIVE_INFINITY) &&
        !(isObject(input.pipeline) && codePipeline.pipelines.has(String(input.pipeline.name)))
      ) {
        throw new FakeAwsError(
          "LimitExceededException",
          "The number of pipelines associated with the Amazon Web Services account has exceeded the limit allowed for the account.",
        );
      }
      const result =
        service === "codepipeline"
          ? codePipeline.handle(operation, input)
          : service === "codecommit"
            ? codeCommit.handle(operation, input)
            : service === "codebuild"
              ? codeBuild.handle(operation, input)
              : service === "tagging"
                ? tagging.handle(operation, input)
                : (() => {
                    throw new FakeAwsError("UnknownOperationException", `Unknown target '${target}'`);
                  })();
      record(200);
      answer(response, 200, result);
    } catch (error) {
      const failure =
        error instanceof FakeAwsError ? error : new FakeAwsError("InternalFailure", String(error), 500);
      record(failure.status, failure.type);
      answer(response, failure.status, { __type: failure.type, message: failure.message }, failure.type);
    }
  };

  // SNS: the AWS query protocol. Form parameters in, XML out; errors as <ErrorResponse> with SNS's codes.
  const handleQuery = async (body: string, response: ServerResponse): Promise<void> => {
    const params = Object.fromEntries(new URLSearchParams(body));
    const { Action: operation = "", Version: version, ...input } = params;
    const throttleDraw = random();
    const serverErrorDraw = random();
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const fail = (code: string, message: string, status: number): void => {
      calls.push({ service: "sns", operation, status, errorType: code, input });
      answerXml(response, status, queryError(code, message, status));
    };
    if (throttleDraw < faults.throttleFraction) return fail("Throttled", "Rate exceeded", 429);
    if (serverErrorDraw < faults.serverErrorFraction) return fail("InternalError", "Internal error", 500);
    if (version !== "2010-03-31")
      return fail("InvalidParameterValue", `Invalid Version ${String(version)}`, 400);
    try {
      const members = sns.handle(operation, input);
      calls.push({ service: "sns", operation, status: 200, errorType: undefined, input });
      answerXml(response, 200, queryResult(operation, members));
    } catch (error) {
      const failure =
        error instanceof FakeAwsError ? error : new FakeAwsError("InternalError", String(error), 500);
      fail(failure.type, failure.message, failure.status);
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      answer(response, 500, { __type: "InternalFailure", message: String(error) }, "InternalFailure");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    region,
    accountId,
    codePipeline,
    codeCommit,
    codeBuild,
    sns,
    tagging,
    rateLimits,
    calls,
    faults,
    countCalls: (operation) =>
      calls.filter(
        (call) =>
          (operation === undefined || call.operation === operation) &&
          ![
            "ThrottlingException",
            "ThrottledException",
            "InternalFailure",
            "Throttled",
            "InternalError",
          ].includes(call.errorType ?? ""),
      ).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
