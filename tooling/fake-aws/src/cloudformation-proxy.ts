/**
 * A recording proxy in front of moto for the AWS CLI, with one thing moto cannot do: a slow or failing stack
 * deletion. moto deletes a stack synchronously inside DeleteStack (`moto/cloudformation/models.py`,
 * `FakeStack.delete`), so a caller never sees `DELETE_IN_PROGRESS` or `DELETE_FAILED`. For the one stack named in
 * `deletion`, the proxy answers DeleteStack itself (CloudFormation's DeleteStack returns no data: the deletion runs
 * asynchronously), reports the stack's `StackStatus` as `DELETE_IN_PROGRESS` (or `DELETE_FAILED`) on the next
 * DescribeStacks calls, and only then passes the held DeleteStack on to moto. moto also answers every
 * `DescribeChangeSet` in one page; with `changeSetPageSize` the proxy pages moto's own answer as CloudFormation pages
 * a large change set: at most that many `Changes` per page and a `NextToken` (opaque, as the API reference says) on
 * every page but the last, each page otherwise moto's response. moto creates a change set synchronously, so a caller
 * never sees one still being created; with `changeSetStatus` the proxy reports every `DescribeChangeSet` answer's
 * `Status` as that (a `ChangeSetStatus` of botocore's cloudformation model) and, for a status before
 * `CREATE_COMPLETE`, its `ExecutionStatus` as `UNAVAILABLE` ("because CloudFormation is still creating it", the
 * model's documentation of `ExecutionStatus`). Every other byte goes to moto unchanged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the proxy passed on or answered. */
export interface ProxiedCall {
  /** The SigV4 signing name (`cloudformation`, `s3`). */
  readonly service: string;
  /** The query protocol's `Action`, or `<METHOD> <path>` for REST services such as S3. */
  readonly operation: string;
  /** The query protocol's form parameters (`StackName`, `Tags.member.1.Key`), for query requests. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The SigV4 credential scope's access key id and region: whose credentials signed the call, for where. */
  readonly signedBy?: { readonly accessKeyId: string; readonly region: string };
}

/** How the deletion of one stack looks to callers. */
export interface SimulatedDeletion {
  readonly stackName: string;
  /** `in-progress`: the next `describeCalls` DescribeStacks see DELETE_IN_PROGRESS, then it is gone. `failed`: DELETE_FAILED for good. */
  readonly outcome:
    | { readonly kind: "in-progress"; readonly describeCalls: number }
    | { readonly kind: "failed" };
}

/** What else the proxy plays. */
export interface ProxyOptions {
  /** Page `DescribeChangeSet` answers to at most this many `Changes` each, linked by `NextToken`. */
  readonly changeSetPageSize?: number;
  /** Report every change set in this status, for example `CREATE_IN_PROGRESS` (one CloudFormation is still creating). */
  readonly changeSetStatus?: ChangeSetStatus;
}

/**
 * CloudFormation's `ChangeSetStatus` (botocore `cloudformation/2010-05-15/service-2.json`, shape `ChangeSetStatus`).
 *
 * @example
 * const status: ChangeSetStatus = "CREATE_IN_PROGRESS";
 */
export type ChangeSetStatus =
  | "CREATE_PENDING"
  | "CREATE_IN_PROGRESS"
  | "CREATE_COMPLETE"
  | "DELETE_PENDING"
  | "DELETE_IN_PROGRESS"
  | "DELETE_COMPLETE"
  | "DELETE_FAILED"
  | "FAILED";

/** Statuses of a change set CloudFormation is still creating: it cannot be executed yet. */
const BEING_CREATED: readonly ChangeSetStatus[] = ["CREATE_PENDING", "CREATE_IN_PROGRESS"];

/** A running proxy. */
export interface CloudFormationProxy {
  readonly url: string;
  readonly calls: ProxiedCall[];
  close(): Promise<void>;
}

const CLOUDFORMATION_NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// `expect: 100-continue` (the CLI's PutObject) is answered by Node's server itself; fetch refuses to forward it.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "host",
  "expect",
]);

/**
 * Starts the proxy on a free port of 127.0.0.1, forwarding to `upstream` (a moto_server URL).
 *
 * @example
 * const proxy = await startCloudFormationProxy(moto.url, { stackName: "acme-dev-feature-x", outcome: { kind: "failed" } });
 * execFileSync("aws", ["cloudformation", "delete-stack", "--stack-name", "acme-dev-feature-x"], { env: { ...moto.environment, AWS_ENDPOINT_URL: proxy.url } });
 */
export async function startCloudFormationProxy(
  upstream: string,
  deletion?: SimulatedDeletion,
  options: ProxyOptions = {},
): Promise<CloudFormationProxy> {
  const calls: ProxiedCall[] = [];
  let held: { headers: [string, string][]; body: Buffer } | undefined;
  let describesWhileHeld = 0;

  const send = async (url: string, method: string, headers: [string, string][], body: Buffer) => {
    const response = await fetch(`${upstream}${url}`, {
      method,
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: Buffer.from(await response.arrayBuffer()),
    };
  };

  const reply = (
    response: ServerResponse,
    status: number,
    headers: Headers | undefined,
    body: Buffer,
  ): void => {
    const out: Record<string, string> = {};
    headers?.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== "content-encoding") out[name] = value;
    });
    response.writeHead(status, { ...out, "content-length": body.length });
    response.end(body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    const method = request.method ?? "GET";
    const url = request.url ?? "/";
    const headers = Object.entries(request.headers).flatMap(([name, value]) =>
      HOP_BY_HOP.has(name) || value === undefined ? [] : [[name, String(value)] as [string, string]],
    );
    // SigV4: Credential=<access key id>/<date>/<region>/<service>/aws4_request.
    const scope = /Credential=([^/]+)\/[^/]+\/([^/]+)\/([^/]+)\//.exec(
      String(request.headers.authorization ?? ""),
    );
    const service = scope?.[3] ?? "unknown";
    const isQuery = String(request.headers["content-type"] ?? "").startsWith(
      "application/x-www-form-urlencoded",
    );
    const form = isQuery ? new URLSearchParams(body.toString("utf8")) : undefined;
    // The query protocol names the operation in the form's Action, JSON 1.1 in X-Amz-Target (Service.Operation).
    const target = String(request.headers["x-amz-target"] ?? "").split(".")[1];
    const operation = form?.get("Action") ?? (target || `${method} ${url}`);
    calls.push({
      service,
      operation,
      ...(form ? { parameters: Object.fromEntries(form) } : {}),
      ...(scope?.[1] && scope[2] ? { signedBy: { accessKeyId: scope[1], region: scope[2] } } : {}),
    });
    const aboutDeletion = deletion !== undefined && form?.get("StackName") === deletion.stackName;

    if (aboutDeletion && operation === "DeleteStack" && held === undefined) {
      held = { headers, body };
      const text = `<DeleteStackResponse xmlns="${CLOUDFORMATION_NAMESPACE}"><ResponseMetadata><RequestId>proxy</RequestId></ResponseMetadata></DeleteStackResponse>`;
      reply(response, 200, new Headers({ "content-type": "text/xml" }), Buffer.from(text));
      return;
    }
    if (aboutDeletion && operation === "DescribeStacks" && held !== undefined && deletion !== undefined) {
      describesWhileHeld += 1;
      const { outcome } = deletion;
      const stillThere = outcome.kind === "failed" || describesWhileHeld <= outcome.describeCalls;
      if (stillThere) {
        const status = outcome.kind === "failed" ? "DELETE_FAILED" : "DELETE_IN_PROGRESS";
        const answered = await send(url, method, headers, body);
        const text = answered.body
          .toString("utf8")
          .replace(/<StackStatus>[A-Z_]+<\/StackStatus>/g, `<StackStatus>${status}</StackStatus>`);
        reply(response, answered.status, answered.headers, Buffer.from(text));
        return;
      }
      if (held.body.length > 0) {
        await send("/", "POST", held.headers, held.body);
        held = { headers: [], body: Buffer.alloc(0) };
      }
    }
    if (
      operation === "DescribeChangeSet" &&
      form !== undefined &&
      (options.changeSetPageSize !== undefined || options.changeSetStatus !== undefined)
    ) {
      const start = Number(form.get("NextToken")?.replace(PAGE_TOKEN, "") ?? "0");
      form.delete("NextToken");
      const answered = await send(url, method, headers, Buffer.from(form.toString(), "utf8"));
      let text = answered.body.toString("utf8");
      if (options.changeSetPageSize !== undefined)
        text = pageChangeSet(text, start, options.changeSetPageSize);
      if (options.changeSetStatus !== undefined) text = reportStatus(text, options.changeSetStatus);
      reply(response, answered.status, answered.headers, Buffer.from(text, "utf8"));
      return;
    }
    const answered = await send(url, method, headers, body);
    reply(response, answered.status, answered.headers, answered.body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(`The proxy could not reach ${upstream}: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const PAGE_TOKEN = "tributary-proxy-page-";

/** The top-level `<member>…</member>` elements of an XML fragment (members nest: Scope, Details). */
function topLevelMembers(xml: string): string[] {
  const members: string[] = [];
  let depth = 0;
  let begin = 0;
  for (const match of xml.matchAll(/<(\/?)member>/g)) {
    if (match[1] === "") {
      if (depth === 0) begin = match.index;
      depth += 1;
    } else {
      depth -= 1;
      if (depth === 0) members.push(xml.slice(begin, match.index + match[0].length));
    }
  }
  return members;
}

/** moto's DescribeChangeSet answer with the change set's `Status` (and, while it is being created, `ExecutionStatus`). */
function reportStatus(xml: string, status: ChangeSetStatus): string {
  const reported = xml.replace(/<Status>[A-Z_]+<\/Status>/, `<Status>${status}</Status>`);
  return BEING_CREATED.includes(status)
    ? reported.replace(
        /<ExecutionStatus>[A-Z_]+<\/ExecutionStatus>/,
        "<ExecutionStatus>UNAVAILABLE</ExecutionStatus>",
      )
    : reported;
}

/** moto's DescribeChangeSet answer cut to the page from `start`, with a NextToken when more changes follow. */
function pageChangeSet(xml: string, start: number, size: number): string {
  const changes = /<Changes>([\s\S]*)<\/Changes>/.exec(xml);
  if (changes === null) return xml;
  const members = topLevelMembers(changes[1] ?? "");
  const page = members.slice(start, start + size);
  const more = start + size < members.length;
  return xml
    .replace(changes[0], `<Changes>${page.join("")}</Changes>`)
    .replace(
      "</DescribeChangeSetResult>",
      `${more ? `<NextToken>${PAGE_TOKEN}${start + size}</NextToken>` : ""}</DescribeChangeSetResult>`,
    );
}
