/**
 * One GitHub double for a test file, with the clients and helpers the double's tests share: a token with the
 * permissions the provider needs, one limited to pull requests, and a GitHub App whose JWTs the tests sign.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { FakeGitHubRepository } from "../fake-github-repository";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub } from "../fake-github-server";

export const APP_ID = 123_456;
export const INSTALLATION_ID = 42;
export const LIMITED_TOKEN = "github_pat_comments_only";
export const repo = { owner: "acme", repo: "infra" } as const;
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });

/** The double and its clients, filled in by `useGitHubDouble()`'s hooks. */
export interface DoubleSession {
  github: FakeGitHub;
  octokit: Octokit;
  repository: FakeGitHubRepository;
}

/** Octokit on the double, without its request log (a refused request is what these tests expect). */
export function client(github: FakeGitHub, auth?: string): Octokit {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  return new Octokit({ baseUrl: github.url, log: quiet, ...(auth === undefined ? {} : { auth }) });
}

/** Starts a double for the file (repository acme/infra with main and develop) and clears its records per test. */
export function useGitHubDouble(): DoubleSession {
  const session = {} as DoubleSession;
  beforeAll(async () => {
    session.github = await startFakeGitHub({
      repositories: { "acme/infra": "main" },
      tokens: {
        [FAKE_GITHUB_TOKEN]: {
          contents: "read",
          pull_requests: "write",
          statuses: "write",
          repository_hooks: "write",
        },
        [LIMITED_TOKEN]: { pull_requests: "write" },
      },
      app: {
        appId: APP_ID,
        installationId: INSTALLATION_ID,
        publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
        permissions: { contents: "read", pull_requests: "write", statuses: "write" },
      },
    });
    session.octokit = client(session.github, FAKE_GITHUB_TOKEN);
    session.repository = session.github.repository("acme/infra");
    session.repository.pushBranch("develop");
  });
  afterAll(async () => {
    await session.github.close();
  });
  beforeEach(() => {
    session.github.requests.length = 0;
    session.github.errors.length = 0;
    session.github.rateLimit.reset();
  });
  return session;
}

/** A raw request to the double, as a client that ignores the description would send it. */
export async function raw(github: FakeGitHub, method: string, path: string, body?: string) {
  const response = await fetch(`${github.url}${path}`, {
    method,
    headers: { authorization: `token ${FAKE_GITHUB_TOKEN}` },
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Octokit's error for a request the double refused. */
export async function refusal(
  request: Promise<unknown>,
): Promise<{ status: number; response: { data: unknown; headers: Record<string, string> } }> {
  try {
    await request;
  } catch (error) {
    return error as { status: number; response: { data: unknown; headers: Record<string, string> } };
  }
  throw new Error("the request was answered, not refused");
}

/** A GitHub App JWT with these claims, signed RS256 with the app's private key. */
export function jwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), keys.privateKey).toString("base64url")}`;
}
