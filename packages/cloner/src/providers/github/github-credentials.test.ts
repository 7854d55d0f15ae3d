import { describe, expect, it } from "vitest";
import { APP_ID, INSTALLATION_ID, PRIVATE_KEY, useGitHub } from "../../../test/__fixtures__/github";
import { classifyFailure } from "../../aws/classify-failure";
import { GitHubApi } from "./github-api";
import {
  GitHubCredentialsError,
  GitHubTokens,
  parseGitHubCredentials,
  TOKEN_RENEWAL_MS,
} from "./github-credentials";

const session = useGitHub();
const appSecret = JSON.stringify({
  appId: String(APP_ID),
  installationId: String(INSTALLATION_ID),
  privateKey: PRIVATE_KEY,
});

describe("GitHub credentials", () => {
  it("given an app installation's secret, when requests are sent, then one installation token (made with an RS256 JWT) serves them until shortly before it expires", async () => {
    let api: GitHubApi | undefined;
    const now = () => Date.now() + session.clock.offsetMs;
    const tokens = new GitHubTokens(parseGitHubCredentials(appSecret), "infra", () => api as GitHubApi, now);
    api = new GitHubApi({ baseUrl: session.github.url, token: () => tokens.token() });

    await Promise.all([
      api.request("GET", "/repos/acme/infra/pulls?state=open"),
      api.request("GET", "/repos/acme/infra/branches"),
    ]);
    await api.request("GET", "/repos/acme/infra/branches");
    expect(session.github.countRequests("apps/create-installation-access-token")).toBe(1);
    expect(session.github.errors).toEqual([]);

    session.clock.offsetMs = 3_600_000 - TOKEN_RENEWAL_MS + 1_000;
    await api.request("GET", "/repos/acme/infra/branches");
    expect(session.github.countRequests("apps/create-installation-access-token")).toBe(2);
  });

  it("given a fine-grained token's secret, then the token is used as it is", async () => {
    const secret = parseGitHubCredentials('{"token":"github_pat_0123456789abcdef"}');
    const tokens = new GitHubTokens(secret, "infra", () => {
      throw new Error("no request");
    });
    await expect(tokens.token()).resolves.toBe("github_pat_0123456789abcdef");
  });

  it.each<[string, string, string]>([
    ["not JSON", "value", "github_pat_…"],
    ["null", "value", "null"],
    ["a short token", "token", '{"token":"abc"}'],
    ["an app without its id", "appId", JSON.stringify({ installationId: "1", privateKey: PRIVATE_KEY })],
    [
      "an app without its installation",
      "installationId",
      JSON.stringify({ appId: "1", privateKey: PRIVATE_KEY }),
    ],
    ["an app without its key", "privateKey", JSON.stringify({ appId: "1", installationId: "2" })],
    [
      "an app whose key is no PEM",
      "privateKey",
      JSON.stringify({ appId: "1", installationId: "2", privateKey: "secret" }),
    ],
  ])(
    "Noncompliance: given a secret that is %s, then GitHubCredentialsError names %s, never the value, permanent",
    (_name, field, secret) => {
      let error: unknown;
      try {
        parseGitHubCredentials(secret);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(GitHubCredentialsError);
      expect((error as GitHubCredentialsError).field).toBe(field);
      expect((error as Error).message).not.toContain("BEGIN");
      expect(classifyFailure(error)).toEqual({ kind: "permanent", reason: "github-credentials" });
    },
  );
});
