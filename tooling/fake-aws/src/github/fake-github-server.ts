/**
 * The GitHub double: an HTTP server on 127.0.0.1 that answers GitHub's REST API for the operations Tributary uses,
 * from a stateful model of its repositories. Point Octokit (`baseUrl`) or `fetch` at `github.url`.
 *
 * Every request is validated against GitHub's OpenAPI description (`@octokit/openapi`, api.github.com); one
 * outside it is answered as GitHub would (404, 400 or 422) and recorded in `github.errors`, which a test asserts is
 * empty. Every answer's body is validated against the operation's response schema, and a mismatch is recorded
 * there too. List answers carry an `etag`; a request with a matching `if-none-match` is answered 304 and does not
 * count against the rate limit. Every request is recorded in `github.requests`.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeClock, FakeGitHubRepository } from "./fake-github-repository";
import { type Caller, type FakeGitHubApp, GitHubAuth, type Permissions } from "./github-auth";
import { GitHubError } from "./github-error";
import { GitHubRateLimit } from "./github-rate-limit";
import { ROUTES } from "./github-routes";
import { declaresStatus, GitHubDescription, type Operation, responseSchema } from "./openapi-description";
import { InvalidRequestError, validateRequest } from "./request-validation";
import { RestResources } from "./rest-resources";
import { validateAgainst } from "./schema-validation";

/**
 * One request the double received.
 *
 * @example
 * github.requests.filter((request) => request.operationId === "pulls/list").length;
 */
export interface GitHubRequestRecord {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  /** The description's operation id, or undefined when the route is no operation of it. */
  readonly operationId: string | undefined;
  readonly status: number;
  /** Whether a rate limit answered it (403/429 from `rateLimit`). */
  readonly rateLimited: boolean;
  /** The parsed JSON body sent, if any. */
  readonly body: unknown;
  /** The body answered (undefined for a 304). */
  readonly answer: unknown;
}

/**
 * A request outside the description, an operation the double does not serve, or an answer outside the schema.
 *
 * @example
 * expect(github.errors).toEqual([]); // each entry names the request and every problem
 */
export interface GitHubDoubleError {
  readonly kind: "invalid-request" | "unsupported-operation" | "invalid-answer";
  readonly method: string;
  readonly url: string;
  readonly problems: readonly string[];
}

/**
 * Options for `startFakeGitHub`.
 *
 * @example
 * await startFakeGitHub({ repositories: { "acme/infra": "main" }, tokens: { [FAKE_GITHUB_TOKEN]: { statuses: "write" } } });
 */
export interface FakeGitHubOptions {
  /** Repositories (`owner/name`) that exist, each with its default branch. @default { "acme/infra": "main" } */
  readonly repositories?: Readonly<Record<string, string>>;
  /** Fine-grained tokens the double accepts, with their repository permissions. @default { [FAKE_GITHUB_TOKEN]: all } */
  readonly tokens?: Readonly<Record<string, Permissions>>;
  /** A GitHub App whose JWTs may create installation tokens. */
  readonly app?: FakeGitHubApp;
  /** The primary rate limit per window. @default 5000 */
  readonly rateLimit?: number;
  /** The double's clock (epoch milliseconds): JWT and installation-token expiry, rate-limit resets. @default Date.now */
  readonly now?: () => number;
}

/**
 * A running double.
 *
 * @example
 * const github: FakeGitHub = await startFakeGitHub();
 * github.countNotModified("repos/list-branches"); // 304s, which cost no rate limit
 */
export interface FakeGitHub {
  /** `http://127.0.0.1:<port>`: Octokit's `baseUrl`. */
  readonly url: string;
  readonly description: GitHubDescription;
  readonly requests: GitHubRequestRecord[];
  /** Requests outside the description and answers outside its schemas: a test asserts this is empty. */
  readonly errors: GitHubDoubleError[];
  readonly rateLimit: GitHubRateLimit;
  readonly auth: GitHubAuth;
  readonly clock: FakeClock;
  /** A repository's state and the developer's actions on it; throws naming the repositories there are. */
  repository(fullName: string): FakeGitHubRepository;
  /** Requests answered other than 304 and not by a rate limit, optionally of one operation: what costs quota. */
  countRequests(operationId?: string): number;
  /** Requests answered 304 Not Modified. */
  countNotModified(operationId?: string): number;
  close(): Promise<void>;
}

/**
 * The token the double accepts by default, with every permission the double checks.
 *
 * @example
 * new Octokit({ baseUrl: github.url, auth: FAKE_GITHUB_TOKEN });
 */
export const FAKE_GITHUB_TOKEN = "github_pat_fake_tributary";

const ALL_PERMISSIONS: Permissions = {
  contents: "read",
  pull_requests: "write",
  issues: "write",
  statuses: "write",
  repository_hooks: "write",
  administration: "read",
};

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function etagOf(text: string): string {
  return `W/"${createHash("sha256").update(text).digest("hex").slice(0, 32)}"`;
}

/**
 * Starts the GitHub double on a free local port.
 *
 * @example
 * const github = await startFakeGitHub({ repositories: { "acme/infra": "main" } });
 * github.repository("acme/infra").pushBranch("develop");
 * const octokit = new Octokit({ baseUrl: github.url, auth: FAKE_GITHUB_TOKEN });
 * await octokit.rest.repos.listBranches({ owner: "acme", repo: "infra", per_page: 100 });
 * expect(github.errors).toEqual([]);
 * await github.close();
 */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const description = GitHubDescription.load();
  const resources = new RestResources(description);
  const clock = new FakeClock();
  const repositories = new Map(
    Object.entries(options.repositories ?? { "acme/infra": "main" }).map(([fullName, defaultBranch]) => [
      fullName.toLowerCase(),
      new FakeGitHubRepository(fullName, defaultBranch, clock),
    ]),
  );
  const now = options.now ?? (() => Date.now());
  const auth = new GitHubAuth(options.tokens ?? { [FAKE_GITHUB_TOKEN]: ALL_PERMISSIONS }, options.app, now);
  const rateLimit = new GitHubRateLimit({ limit: options.rateLimit ?? 5000 }, now);
  const requests: GitHubRequestRecord[] = [];
  const errors: GitHubDoubleError[] = [];
  // The 404 of an unknown repository, as GitHub answers one the caller cannot see.
  const repositoryFor = (path: Readonly<Record<string, unknown>>) => (): FakeGitHubRepository => {
    const found = repositories.get(`${String(path.owner)}/${String(path.repo)}`.toLowerCase());
    if (!found)
      throw new GitHubError(404, "Not Found", "https://docs.github.com/rest/repos/repos#get-a-repository");
    return found;
  };

  const checkAnswer = (
    operation: Operation | undefined,
    method: string,
    url: string,
    status: number,
    body: unknown,
  ) => {
    if (!operation || status === 304) return;
    // Errors the description does not declare for an operation (a rate limit, a 422 it omits) are checked
    // against the error schemas it declares elsewhere: `basic-error` (repos/get's 404) and `validation-error`.
    const schema =
      responseSchema(operation, status) ??
      (status === 422
        ? responseSchema(description.operation("issues/create-comment"), 422)
        : responseSchema(description.operation("repos/get"), 404));
    const problems = schema ? validateAgainst(schema, body, `answer ${status}`) : [];
    if (!declaresStatus(operation, status) && status < 400) {
      problems.push(`${operation.operationId} declares no ${status} answer`);
    }
    if (problems.length > 0) errors.push({ kind: "invalid-answer", method, url, problems });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? "GET";
    const url = request.url ?? "/";
    const raw = await readBody(request);
    let operationId: string | undefined;
    let operation: Operation | undefined;
    let sentBody: unknown;
    let rateLimited = false;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const text = body === undefined ? "" : JSON.stringify(body);
      response.writeHead(status, {
        ...rateLimit.headers(),
        "x-github-api-version-selected": "2022-11-28",
        ...(text ? { "content-type": "application/json; charset=utf-8" } : {}),
        ...headers,
      });
      response.end(text);
      requests.push({ method, url, operationId, status, rateLimited, body: sentBody, answer: body });
      checkAnswer(operation, method, url, status, body);
    };
    try {
      const validated = validateRequest(description, method, url, raw);
      operation = validated.operation;
      operationId = operation.operationId;
      sentBody = validated.body;
      const route = ROUTES[operationId];
      if (!route) {
        const problems = [
          `${operationId} (${method} ${operation.template}) is not served by the GitHub double`,
        ];
        errors.push({ kind: "unsupported-operation", method, url, problems });
        send(501, { message: problems[0], documentation_url: "https://docs.github.com/rest" });
        return;
      }
      const caller: Caller = auth.authorize(request.headers.authorization, operationId);
      try {
        rateLimit.check(caller.who);
      } catch (error) {
        rateLimited = true;
        throw error;
      }
      const answer = route({
        path: validated.path,
        query: validated.query,
        body: validated.body,
        url: `http://${request.headers.host ?? "127.0.0.1"}${url}`,
        caller,
        repository: repositoryFor(validated.path),
        resources,
        auth,
        clock,
      });
      const text = JSON.stringify(answer.body);
      const etag = method === "GET" ? etagOf(text) : undefined;
      if (etag && request.headers["if-none-match"] === etag) {
        send(304, undefined, { etag });
        return;
      }
      rateLimit.count();
      send(answer.status, answer.body, { ...answer.headers, ...(etag ? { etag } : {}) });
    } catch (error) {
      if (error instanceof InvalidRequestError) {
        errors.push({ kind: "invalid-request", method, url, problems: error.problems });
      }
      if (!(error instanceof GitHubError)) throw error;
      if (!rateLimited && error.status !== 401) rateLimit.count();
      send(error.status, error.body(), { ...error.headers });
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: `The GitHub double failed: ${String(error)}` }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    description,
    requests,
    errors,
    rateLimit,
    auth,
    clock,
    repository(fullName) {
      const found = repositories.get(fullName.toLowerCase());
      if (!found) {
        throw new Error(
          `The GitHub double has no repository '${fullName}'; it has ${[...repositories.values()].map((r) => r.fullName).join(", ")}`,
        );
      }
      return found;
    },
    countRequests: (id) =>
      requests.filter((r) => (id === undefined || r.operationId === id) && r.status !== 304 && !r.rateLimited)
        .length,
    countNotModified: (id) =>
      requests.filter((r) => (id === undefined || r.operationId === id) && r.status === 304).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
