/**
 * The GitHub double for the cloner's tests: acme/infra (main, develop) and a fork, a fine-grained token with exactly
 * the permissions the provider documents, a GitHub App installation with the same, and `GitHubApi` clients on it.
 */
import { generateKeyPairSync } from "node:crypto";
import { type FakeGitHub, type Permissions, startFakeGitHub } from "@tributary/fake-aws";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { GitHubApi } from "../../src/providers/github/github-api";

/** What the provider needs, and nothing more (FACTS.md, "Permissions per endpoint"). */
export const PROVIDER_PERMISSIONS: Permissions = {
  contents: "read",
  pull_requests: "write",
  statuses: "write",
};
export const TOKEN = "github_pat_tributary_provider_0000";
export const APP_ID = 123_456;
export const INSTALLATION_ID = 42;
export const appKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
export const PRIVATE_KEY = appKeys.privateKey.export({ type: "pkcs1", format: "pem" }).toString();

/** The double and a token client on it, filled in by `useGitHub()`'s hooks; `clock.offsetMs` moves the double's time. */
export interface GitHubSession {
  github: FakeGitHub;
  api: GitHubApi;
  clock: { offsetMs: number };
}

/** Starts a double for the file and clears its records (not its state) before each test. */
export function useGitHub(): GitHubSession {
  const session = { clock: { offsetMs: 0 } } as GitHubSession;
  beforeAll(async () => {
    session.github = await startFakeGitHub({
      now: () => Date.now() + session.clock.offsetMs,
      repositories: { "acme/infra": "main", "mallory/infra": "main" },
      tokens: { [TOKEN]: PROVIDER_PERMISSIONS },
      app: {
        appId: APP_ID,
        installationId: INSTALLATION_ID,
        publicKeyPem: appKeys.publicKey.export({ type: "spki", format: "pem" }).toString(),
        permissions: PROVIDER_PERMISSIONS,
      },
    });
    session.github.repository("acme/infra").pushBranch("develop");
    session.api = new GitHubApi({ baseUrl: session.github.url, token: async () => TOKEN });
  });
  afterAll(async () => {
    await session.github.close();
  });
  beforeEach(() => {
    session.clock.offsetMs = 0;
    session.github.requests.length = 0;
    session.github.rateLimit.reset();
  });
  return session;
}
