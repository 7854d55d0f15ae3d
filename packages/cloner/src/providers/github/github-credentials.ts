/**
 * How the cloner and the notifier authenticate to GitHub: as a GitHub App installation (recommended) or with a
 * fine-grained personal access token, read from one Secrets Manager secret.
 *
 * A GitHub App authenticates as itself with a JWT signed RS256 by its private key (`iat` 60 s in the past, `exp` at
 * most 10 minutes ahead, `iss` the app id: "Generating a JSON Web Token (JWT) for a GitHub App", GitHub Docs), and
 * exchanges it for an installation token (`POST /app/installations/{installation_id}/access_tokens`), which expires
 * one hour after it is made; the token is kept until five minutes before then. The token is limited to the one
 * repository it serves.
 */
import { createPrivateKey, createSign } from "node:crypto";
import type { ClassifiedError, FailureClass } from "../../aws/classify-failure";
import type { GitHubApi } from "./github-api";

/**
 * The secret's JSON: an app installation's `appId`, `installationId` and PEM `privateKey`, or a fine-grained
 * `token`.
 *
 * @example
 * const app: GitHubCredentialsSecret = { appId: "123456", installationId: "42", privateKey: "-----BEGIN RSA PRIVATE KEY-----\n…" };
 * const token: GitHubCredentialsSecret = { token: "github_pat_…" };
 */
export type GitHubCredentialsSecret =
  | { readonly appId: string; readonly installationId: string; readonly privateKey: string }
  | { readonly token: string };

/**
 * A secret that is not one of the two shapes: permanent (a retry reads the same secret), naming the field and the fix.
 *
 * @example
 * throw new GitHubCredentialsError("privateKey", "is not a PEM private key");
 */
export class GitHubCredentialsError extends Error implements ClassifiedError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(
      `The GitHub credentials secret's ${field} ${problem}. Fix: store {"appId","installationId","privateKey"} of the GitHub App's installation, or {"token"} of a fine-grained token, as JSON (nothing of the secret is logged).`,
    );
    this.name = "GitHubCredentialsError";
  }

  get failureClass(): FailureClass {
    return { kind: "permanent", reason: "github-credentials" };
  }
}

const ID = /^[0-9]{1,20}$/;

/**
 * Reads the secret's JSON; throws `GitHubCredentialsError` naming the bad field (never its value).
 *
 * @example
 * parseGitHubCredentials('{"token":"github_pat_…"}'); // { token: "github_pat_…" }
 */
export function parseGitHubCredentials(secretString: string | undefined): GitHubCredentialsSecret {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString ?? "");
  } catch {
    throw new GitHubCredentialsError("value", "is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null)
    throw new GitHubCredentialsError("value", "is not an object");
  const fields = parsed as Record<string, unknown>;
  if (fields.token !== undefined) {
    if (typeof fields.token !== "string" || fields.token.length < 20)
      throw new GitHubCredentialsError("token", "is not a token");
    return { token: fields.token };
  }
  const appId = String(fields.appId ?? "");
  const installationId = String(fields.installationId ?? "");
  if (!ID.test(appId)) throw new GitHubCredentialsError("appId", "is not the app's numeric id");
  if (!ID.test(installationId))
    throw new GitHubCredentialsError("installationId", "is not the installation's numeric id");
  if (typeof fields.privateKey !== "string") throw new GitHubCredentialsError("privateKey", "is missing");
  try {
    createPrivateKey(fields.privateKey);
  } catch {
    throw new GitHubCredentialsError("privateKey", "is not a PEM private key");
  }
  return { appId, installationId, privateKey: fields.privateKey };
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

/**
 * The app's JWT: RS256 over `{"alg":"RS256","typ":"JWT"}` and `{ iat: now - 60, exp: now + 540, iss: appId }`
 * (GitHub allows `exp` at most 10 minutes ahead; 9 leave room for clock drift).
 *
 * @example
 * await api.request("POST", `/app/installations/${id}/access_tokens`, { authorization: `Bearer ${appJwt(appId, key, now)}` });
 */
export function appJwt(appId: string, privateKey: string, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify({ iat: now - 60, exp: now + 540, iss: appId }));
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

/** How long before its expiry an installation token is replaced. */
export const TOKEN_RENEWAL_MS = 5 * 60_000;

/**
 * The token of each request: the fine-grained token as it is, or an installation token made with the app's JWT and
 * kept until `TOKEN_RENEWAL_MS` before it expires (one request per hour per Lambda instance).
 *
 * @example
 * const tokens = new GitHubTokens(secret, "infra", () => api, Date.now);
 * const api = new GitHubApi({ token: () => tokens.token() });
 */
export class GitHubTokens {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly secret: GitHubCredentialsSecret,
    /** The repository (name, without its owner) the installation token is limited to. */
    private readonly repository: string,
    private readonly api: () => GitHubApi,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current token; for an app, a new installation token when the kept one is about to expire. */
  async token(): Promise<string> {
    if ("token" in this.secret) return this.secret.token;
    if (this.cached && this.now() < this.cached.renewAt) return this.cached.token;
    this.pending ??= this.installationToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async installationToken(): Promise<string> {
    const secret = this.secret as Extract<GitHubCredentialsSecret, { appId: string }>;
    const { body } = await this.api().request<{ token: string; expires_at: string }>(
      "POST",
      `/app/installations/${secret.installationId}/access_tokens`,
      {
        authorization: `Bearer ${appJwt(secret.appId, secret.privateKey, this.now())}`,
        body: { repositories: [this.repository] },
      },
    );
    const expiresAt = Date.parse(body.expires_at);
    this.cached = {
      token: body.token,
      renewAt: (Number.isNaN(expiresAt) ? this.now() + 3_600_000 : expiresAt) - TOKEN_RENEWAL_MS,
    };
    return body.token;
  }
}
