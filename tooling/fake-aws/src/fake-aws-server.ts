/**
 * A local HTTP server for the AWS APIs moto lacks: CodePipeline (pipelines and their executions), CodeCommit
 * (branches, pull requests, comments) and CodeBuild's StartBuild (moto 5.2.1 drops its environment overrides and
 * idempotency token). It speaks the AWS JSON 1.1 protocol, keeps their state in memory and can inject throttling,
 * server errors and latency. Point the SDK at it with `AWS_ENDPOINT_URL`.
 *
 * With `upstream` (a moto_server's URL) it also opens a second port, `proxyUrl`, that forwards every request to
 * moto unchanged and applies the same faults, so services that live in moto (SNS, S3, …) can be throttled too:
 * point them at it with the SDK's service-specific variables (`AWS_ENDPOINT_URL_SNS`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeAwsError } from "./aws-error";
import { FakeCodeBuild } from "./fake-codebuild";
import { FakeCodeCommit } from "./fake-codecommit";
import { FakeCodePipeline } from "./fake-codepipeline";
import { EVENTBRIDGE_TARGET_PREFIX, FakeEventBridge } from "./fake-eventbridge";
import { FakeLambda, INVOKE_PATH } from "./fake-lambda";
import { type RateLimit, RateLimits } from "./fake-rate-limits";
import { FakeResourceGroupsTagging, TAGGING_TARGET_PREFIX } from "./fake-resource-groups-tagging";
import {
  FakeServiceQuotas,
  SERVICE_QUOTAS_TARGET_PREFIX,
  SERVICE_QUOTAS_THROTTLING,
} from "./fake-service-quotas";
import { FakeStacks } from "./fake-stacks";
import { isObject, type JsonObject } from "./json";
import { seededRandom } from "./seeded-random";

/** A service the fake implements: runs one operation of its JSON 1.1 protocol, or throws `FakeAwsError`. */
interface FakeService {
  handle(operation: string, input: JsonObject, caller: string): unknown;
}

/** The name the server records a call under: one of the fake's services, a proxied one, or `unknown`. */
export type ServiceName =
  | "codepipeline"
  | "codecommit"
  | "codebuild"
  | "tagging"
  | "servicequotas"
  | "lambda"
  | "eventbridge"
  | (string & {});

/**
 * One request as the fake's IAM model sees it: the caller, the action and, for a CodePipeline request on one pipeline,
 * that pipeline's name and tags (`undefined` when it does not exist). What a policy's `aws:ResourceTag/<key>`
 * condition reads is the resource's tags; "If the key that you specify in a policy condition is not present in the
 * request context, the values do not match" (IAM user guide, "Condition operators"), so a tag condition on a missing
 * pipeline denies the request: IAM answers AccessDeniedException before the service could answer "not found".
 */
export interface AuthorizationRequest {
  readonly service: ServiceName;
  readonly operation: string;
  readonly caller: string;
  readonly input: JsonObject;
  readonly pipeline?: { readonly name: string; readonly tags: Readonly<Record<string, string>> | undefined };
}

/** One request the server received (on its own port or through the proxy). */
export interface CallRecord {
  /** The fake's service, or for a proxied call the signing name from its `Authorization` header (`sns`). */
  readonly service: ServiceName;
  readonly operation: string;
  /** HTTP status of the answer. */
  readonly status: number;
  /** The error type answered, if any. */
  readonly errorType: string | undefined;
  /** Whether the answer was a fault the server injected (it never reached the service). */
  readonly injected: boolean;
  /** The parsed request body (form parameters for the query protocol). */
  readonly input: unknown;
  /** When the answer was recorded (epoch milliseconds): the tests measure latencies with it. */
  readonly at: number;
}

/** Fault injection and latency settings; change them at any time through `server.faults`. */
export interface FaultOptions {
  /** Fraction of calls (0..1) answered with the service's throttling error. */
  throttleFraction: number;
  /** Fraction of calls (0..1) answered with an internal error (HTTP 500). */
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
  /** A moto_server URL: opens `proxyUrl`, which forwards to it with the same fault injection. */
  readonly upstream?: string;
  /** Per-operation request rates (`fake-rate-limits.ts`); none by default. */
  readonly rateLimits?: Readonly<Record<string, RateLimit>>;
  /**
   * Pipelines the region holds at most (CodePipeline's quota): CreatePipeline beyond it fails, and Service Quotas'
   * GetServiceQuota answers it. Unlimited by default, and then GetServiceQuota answers NoSuchResourceException.
   */
  readonly pipelineQuota?: number;
  /**
   * Who signs with which access key id (CodeCommit records comment authors and approvers by ARN).
   *
   * @default - `callerArn(accessKeyId)`: an assumed role named after the key
   */
  readonly callers?: Readonly<Record<string, string>>;
  /**
   * The head of a branch of a repository a `CodeStarSourceConnection` reads (`FullRepositoryId`), for the run that
   * creation starts: a test wires it to the GitHub double (`github.repository(id).branches.get(branch)`).
   *
   * @default - none: such a run builds no known commit
   */
  readonly connectionBranchHead?: (fullRepositoryId: string, branch: string) => string | undefined;
  /**
   * An IAM model: `false` answers the request AccessDeniedException as IAM would, before the service sees it.
   *
   * @default - every request is allowed (the tests that need IAM run the real policies in tooling/iam-simulation)
   */
  readonly authorize?: (request: AuthorizationRequest) => boolean;
}

/** A running fake. */
export interface FakeAws {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL`. */
  readonly url: string;
  /** The fault-injecting proxy in front of `upstream`, for `AWS_ENDPOINT_URL_<SERVICE>`; undefined without one. */
  readonly proxyUrl: string | undefined;
  readonly region: string;
  readonly accountId: string;
  readonly codePipeline: FakeCodePipeline;
  readonly codeCommit: FakeCodeCommit;
  readonly codeBuild: FakeCodeBuild;
  readonly tagging: FakeResourceGroupsTagging;
  /** Service Quotas: CodePipeline's "Total pipelines"; `serviceQuotas.pipelineQuota = n` changes it at any time. */
  readonly serviceQuotas: FakeServiceQuotas;
  /** Lambda's asynchronous Invoke: `lambda.register(name, target)` says where a function's events go. */
  readonly lambda: FakeLambda;
  /** EventBridge PutEvents: what was put on a bus (`eventBridge.drain()` hands it to the test to deliver). */
  readonly eventBridge: FakeEventBridge;
  /** The account's CloudFormation stacks as GetResources lists them (deployed and deleted by the tests). */
  readonly stacks: FakeStacks;
  /** The IAM model (`FakeAwsOptions.authorize`); replace it at any time, `undefined` allows everything. */
  authorize: ((request: AuthorizationRequest) => boolean) | undefined;
  /** Per-operation request rates; `rateLimits.set({...})` changes them at any time. */
  readonly rateLimits: RateLimits;
  /** Every call received, in order of arrival. */
  readonly calls: CallRecord[];
  readonly faults: FaultOptions;
  /** Calls whose answer was not an injected fault, optionally of one operation. */
  countCalls(operation?: string): number;
  /** The ARN the fake sees for requests signed with `accessKeyId` (comment author, approver). */
  callerArn(accessKeyId: string): string;
  close(): Promise<void>;
}

/** How a protocol answers an injected fault. */
interface FaultAnswers {
  throttle(response: ServerResponse): string;
  serverError(response: ServerResponse): string;
}

/**
 * AWS JSON 1.1 faults: throttling is HTTP 400 with the service's own error name, an internal error HTTP 500.
 */
function jsonFaults(throttling: string): FaultAnswers {
  return {
    throttle(response) {
      answer(response, 400, { __type: throttling, message: "Rate exceeded" }, throttling);
      return throttling;
    },
    serverError(response) {
      answer(
        response,
        500,
        { __type: "InternalFailure", message: "We encountered an internal error." },
        "InternalFailure",
      );
      return "InternalFailure";
    },
  };
}

/** CodePipeline, CodeCommit and CodeBuild answer throttling with `ThrottlingException`. */
const JSON_FAULTS = jsonFaults("ThrottlingException");

/** The Resource Groups Tagging API names it `ThrottledException` (its service model's error name). */
const TAGGING_FAULTS = jsonFaults("ThrottledException");

/** Service Quotas names it `TooManyRequestsException` (its service model's error name). */
const SERVICE_QUOTAS_FAULTS = jsonFaults(SERVICE_QUOTAS_THROTTLING);

/**
 * Query-protocol faults, as SNS answers them: `Throttled` with HTTP 429 ("ThrottledException", SNS API reference,
 * Publish errors) and `InternalError` with HTTP 500.
 */
const QUERY_FAULTS: FaultAnswers = {
  throttle(response) {
    answerText(response, 429, "text/xml", queryError("Throttled", "Rate exceeded", "Sender"));
    return "Throttled";
  },
  serverError(response) {
    answerText(response, 500, "text/xml", queryError("InternalError", "Internal error", "Receiver"));
    return "InternalError";
  },
};

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function queryError(code: string, message: string, type: "Sender" | "Receiver"): string {
  return `<ErrorResponse><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`;
}

function answerText(response: ServerResponse, status: number, contentType: string, text: string): void {
  response.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": `fake-${Math.random().toString(36).slice(2)}`,
  });
  response.end(text);
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

function parseJson(body: string): unknown {
  try {
    return body === "" ? {} : JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The signing name of a SigV4 request (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
function signingName(request: IncomingMessage): string {
  return (
    /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(request.headers.authorization ?? ""))?.[1] ??
    "unknown"
  );
}

async function listen(server: Server): Promise<string> {
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}

/** Headers that belong to one hop and must not be forwarded. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);

/**
 * Starts the fake on a free local port (and, with `upstream`, the fault-injecting proxy on another).
 *
 * @example
 * const moto = await startMotoServer();
 * const aws = await startFakeAws({ repositoryName: "infra", throttleFraction: 1 / 3, seed: 7, upstream: moto.url });
 * process.env.AWS_ENDPOINT_URL = aws.url; // CodePipeline, CodeCommit, CodeBuild
 * process.env.AWS_ENDPOINT_URL_SNS = aws.proxyUrl; // SNS lives in moto, throttled like the rest
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
    ...(options.connectionBranchHead ? { connectionBranchHead: options.connectionBranchHead } : {}),
    commitMessage: (commitId) => codeCommit.commitMessages.get(commitId),
  });
  const codeBuild = new FakeCodeBuild(options.codeBuildProjects ?? []);
  const stacks = new FakeStacks({ region, accountId });
  const tagging = new FakeResourceGroupsTagging(codePipeline, stacks);
  const eventBridge = new FakeEventBridge({ region, accountId });
  const serviceQuotas = new FakeServiceQuotas({ region, accountId, pipelineQuota: options.pipelineQuota });
  const lambda = new FakeLambda();
  const rateLimits = new RateLimits(options.rateLimits);
  // The services the fake serves, by the prefix of their `X-Amz-Target` header. Another one is one more entry.
  // `faults`: how the service answers an injected fault, when not with JSON_FAULTS.
  const services: Readonly<
    Record<
      string,
      { readonly name: ServiceName; readonly service: FakeService; readonly faults?: FaultAnswers }
    >
  > = {
    CodePipeline_20150709: { name: "codepipeline", service: codePipeline },
    CodeCommit_20150413: { name: "codecommit", service: codeCommit },
    CodeBuild_20161006: { name: "codebuild", service: codeBuild },
    [TAGGING_TARGET_PREFIX]: { name: "tagging", service: tagging, faults: TAGGING_FAULTS },
    [SERVICE_QUOTAS_TARGET_PREFIX]: {
      name: "servicequotas",
      service: serviceQuotas,
      faults: SERVICE_QUOTAS_FAULTS,
    },
    [EVENTBRIDGE_TARGET_PREFIX]: { name: "eventbridge", service: eventBridge },
  };
  const iam: { authorize: ((request: AuthorizationRequest) => boolean) | undefined } = {
    authorize: options.authorize,
  };
  /** The pipeline a CodePipeline request names (`name`, `pipelineName`, `pipeline.name` or `resourceArn`). */
  const pipelineOf = (input: JsonObject): AuthorizationRequest["pipeline"] => {
    const arnPrefix = `${codePipeline.arnOf("")}`;
    const name =
      typeof input.name === "string"
        ? input.name
        : typeof input.pipelineName === "string"
          ? input.pipelineName
          : isObject(input.pipeline) && typeof input.pipeline.name === "string"
            ? input.pipeline.name
            : typeof input.resourceArn === "string" && input.resourceArn.startsWith(arnPrefix)
              ? input.resourceArn.slice(arnPrefix.length)
              : undefined;
    return name === undefined ? undefined : { name, tags: codePipeline.tagsOf(name) };
  };
  const calls: CallRecord[] = [];
  const faults: FaultOptions = {
    throttleFraction: options.throttleFraction ?? 0,
    serverErrorFraction: options.serverErrorFraction ?? 0,
    latencyMs: options.latencyMs ?? 0,
  };
  const random = seededRandom(options.seed ?? 1);
  const callerArn = (accessKeyId: string): string =>
    options.callers?.[accessKeyId] ?? `arn:aws:sts::${accountId}:assumed-role/${accessKeyId}/fake-session`;

  /** Draws the call's fate; answers and returns true when a fault was injected. */
  const injectFault = async (
    response: ServerResponse,
    answers: FaultAnswers,
    record: (status: number, errorType: string, injected: boolean) => void,
  ): Promise<boolean> => {
    // Draw both numbers on every call so that the sequence does not depend on the fractions.
    const throttleDraw = random();
    const serverErrorDraw = random();
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (throttleDraw < faults.throttleFraction) {
      record(response.statusCode, answers.throttle(response), true);
      return true;
    }
    if (serverErrorDraw < faults.serverErrorFraction) {
      record(response.statusCode, answers.serverError(response), true);
      return true;
    }
    return false;
  };

  const handleInvoke = async (
    functionName: string,
    request: IncomingMessage,
    response: ServerResponse,
    body: string,
  ): Promise<void> => {
    const record = (status: number, errorType: string | undefined, injected = false): void => {
      calls.push({
        service: "lambda",
        operation: "Invoke",
        status,
        errorType,
        injected,
        input: parseJson(body),
        at: Date.now(),
      });
    };
    if (await injectFault(response, JSON_FAULTS, record)) return;
    try {
      const invocationType = request.headers["x-amz-invocation-type"];
      const { status } = lambda.invoke(
        functionName,
        typeof invocationType === "string" ? invocationType : undefined,
        body,
      );
      record(status, undefined);
      response.writeHead(status, {
        "content-length": 0,
        "x-amzn-requestid": `fake-${Math.random().toString(36).slice(2)}`,
      });
      response.end();
    } catch (error) {
      const failure =
        error instanceof FakeAwsError ? error : new FakeAwsError("ServiceException", String(error), 500);
      record(failure.status, failure.type);
      answer(response, failure.status, { __type: failure.type, message: failure.message }, failure.type);
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = (await readBody(request)).toString("utf8");
    const invoke = request.method === "POST" ? INVOKE_PATH.exec(request.url ?? "") : null;
    if (invoke?.[1] !== undefined) return handleInvoke(invoke[1], request, response, body);
    const target = String(request.headers["x-amz-target"] ?? "");
    const [prefix = "", operation = ""] = target.split(".");
    const entry = services[prefix];
    const input = parseJson(body);
    const record = (status: number, errorType: string | undefined, injected = false): void => {
      calls.push({
        service: entry?.name ?? "unknown",
        operation,
        status,
        errorType,
        injected,
        input,
        at: Date.now(),
      });
    };
    const faultAnswers = entry?.faults ?? JSON_FAULTS;
    if (await injectFault(response, faultAnswers, record)) return;
    if (!rateLimits.take(operation)) {
      record(400, faultAnswers.throttle(response), true);
      return;
    }
    try {
      if (!isObject(input))
        throw new FakeAwsError("SerializationException", "The request body is not a JSON object");
      if (!entry)
        throw new FakeAwsError(
          "UnknownOperationException",
          `Unknown target '${target}': the fake serves ${Object.keys(services).join(", ")}; moto serves the rest`,
        );
      const accessKeyId = /Credential=([^/,\s]+)\//.exec(String(request.headers.authorization ?? ""))?.[1];
      const caller = callerArn(accessKeyId ?? "anonymous");
      const pipeline = entry.name === "codepipeline" ? pipelineOf(input) : undefined;
      if (
        iam.authorize &&
        !iam.authorize({ service: entry.name, operation, caller, input, ...(pipeline ? { pipeline } : {}) })
      ) {
        // IAM's answer to an implicit deny (AccessDeniedException, as every JSON 1.1 service returns it).
        const resource = pipeline ? codePipeline.arnOf(pipeline.name) : "*";
        throw new FakeAwsError(
          "AccessDeniedException",
          `User: ${caller} is not authorized to perform: ${entry.name}:${operation} on resource: ${resource} because no identity-based policy allows the ${entry.name}:${operation} action`,
        );
      }
      // CodePipeline's LimitExceededException: "The number of pipelines associated with the Amazon Web Services
      // account has exceeded the limit allowed for the account." (service model, CreatePipeline's errors)
      if (
        entry.name === "codepipeline" &&
        operation === "CreatePipeline" &&
        codePipeline.pipelines.size >= (serviceQuotas.pipelineQuota ?? Number.POSITIVE_INFINITY) &&
        !(isObject(input.pipeline) && codePipeline.pipelines.has(String(input.pipeline.name)))
      ) {
        throw new FakeAwsError(
          "LimitExceededException",
          "The number of pipelines associated with the Amazon Web Services account has exceeded the limit allowed for the account.",
        );
      }
      const result = entry.service.handle(operation, input, caller);
      record(200, undefined);
      answer(response, 200, result);
    } catch (error) {
      const failure =
        error instanceof FakeAwsError ? error : new FakeAwsError("InternalFailure", String(error), 500);
      record(failure.status, failure.type);
      answer(response, failure.status, { __type: failure.type, message: failure.message }, failure.type);
    }
  };

  // The proxy: the same faults, then the request goes to moto byte for byte and moto's answer comes back.
  const forward = async (
    upstream: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> => {
    const body = await readBody(request);
    const text = body.toString("utf8");
    const isQuery = String(request.headers["content-type"] ?? "").startsWith(
      "application/x-www-form-urlencoded",
    );
    const form = isQuery ? Object.fromEntries(new URLSearchParams(text)) : undefined;
    const target = String(request.headers["x-amz-target"] ?? "");
    const operation = form?.Action ?? target.split(".")[1] ?? `${request.method} ${request.url}`;
    const input = form ?? parseJson(text);
    const service = signingName(request);
    const record = (status: number, errorType: string | undefined, injected = false): void => {
      calls.push({ service, operation, status, errorType, injected, input, at: Date.now() });
    };
    if (await injectFault(response, isQuery ? QUERY_FAULTS : JSON_FAULTS, record)) return;
    const headers = Object.entries(request.headers).flatMap(([name, value]) =>
      HOP_BY_HOP.has(name) || value === undefined ? [] : [[name, String(value)] as [string, string]],
    );
    const upstreamResponse = await fetch(`${upstream}${request.url ?? "/"}`, {
      method: request.method ?? "POST",
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    const answered = Buffer.from(await upstreamResponse.arrayBuffer());
    const errorType =
      upstreamResponse.status >= 400
        ? (/<Code>([^<]+)<\/Code>/.exec(answered.toString("utf8"))?.[1] ??
          upstreamResponse.headers.get("x-amzn-errortype") ??
          String(upstreamResponse.status))
        : undefined;
    record(upstreamResponse.status, errorType);
    const forwardedHeaders: Record<string, string> = {};
    upstreamResponse.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== "content-encoding") forwardedHeaders[name] = value;
    });
    response.writeHead(upstreamResponse.status, { ...forwardedHeaders, "content-length": answered.length });
    response.end(answered);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      answer(response, 500, { __type: "InternalFailure", message: String(error) }, "InternalFailure");
    });
  });
  const url = await listen(server);
  const { upstream } = options;
  const proxy =
    upstream === undefined
      ? undefined
      : createServer((request, response) => {
          forward(upstream, request, response).catch((error: unknown) => {
            answerText(
              response,
              502,
              "text/plain",
              `The proxy could not reach ${upstream}: ${String(error)}`,
            );
          });
        });
  const proxyUrl = proxy === undefined ? undefined : await listen(proxy);

  return {
    url,
    proxyUrl,
    region,
    accountId,
    codePipeline,
    codeCommit,
    codeBuild,
    tagging,
    serviceQuotas,
    lambda,
    eventBridge,
    stacks,
    get authorize() {
      return iam.authorize;
    },
    set authorize(authorize) {
      iam.authorize = authorize;
    },
    rateLimits,
    calls,
    faults,
    callerArn,
    countCalls: (operation) =>
      calls.filter((call) => (operation === undefined || call.operation === operation) && !call.injected)
        .length,
    async close() {
      await closeServer(server);
      if (proxy) await closeServer(proxy);
    },
  };
}
