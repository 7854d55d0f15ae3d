/**
 * Who calls the GitHub double and what they may do, as GitHub decides it:
 * - a token (fine-grained personal access token) the test configures, with its repository permissions;
 * - a GitHub App: a JWT signed RS256 with the app's private key (`iss` the app id, `exp` at most 10 minutes
 *   ahead; "Generating a JSON Web Token (JWT) for a GitHub App", GitHub Docs) may only create installation access
 *   tokens (`POST /app/installations/{id}/access_tokens`), which expire one hour after they are made (the
 *   operation's description) and carry the requested permissions, by default all the app's.
 *
 * Each operation the double serves needs one of the permission sets below (GitHub Docs, "Permissions required
 * for GitHub Apps", as octokit/app-permissions scraped it; see FACTS.md). A caller without one gets 403 "Resource
 * not accessible by integration" (or "… by personal access token") with `x-accepted-github-permissions`, as
 * "Troubleshooting the REST API" describes.
 */
import { createPublicKey, randomBytes, verify } from "node:crypto";
import { GITHUB_DOCS, GitHubError } from "./github-error";

/**
 * Repository permissions by name (`pull_requests`, `statuses`, …), each `read` or `write`.
 *
 * @example
 * const permissions: Permissions = { pull_requests: "write", statuses: "write" };
 */
export type Permissions = Readonly<Record<string, "read" | "write">>;

/** One set of permissions that, all together, allow an operation. */
type PermissionSet = Permissions;

/**
 * The permission sets that allow each operation the double serves; any one set suffices.
 *
 * @example
 * REQUIRED_PERMISSIONS["repos/create-commit-status"]; // [{ statuses: "write" }]
 */
export const REQUIRED_PERMISSIONS: Readonly<Record<string, readonly PermissionSet[]>> = {
  "repos/get": [{ metadata: "read" }],
  "repos/list-branches": [{ contents: "read" }],
  "pulls/list": [{ pull_requests: "read" }],
  "pulls/get": [{ pull_requests: "read" }, { contents: "read" }],
  "issues/list-comments": [{ issues: "read" }, { pull_requests: "read" }],
  "issues/get-comment": [{ issues: "read" }, { pull_requests: "read" }],
  "issues/create-comment": [{ issues: "write" }, { pull_requests: "write" }],
  "issues/update-comment": [{ issues: "write" }, { pull_requests: "write" }],
  "repos/create-commit-status": [{ statuses: "write" }],
  "repos/list-commit-statuses-for-ref": [{ statuses: "read" }],
  "repos/get-combined-status-for-ref": [{ statuses: "read" }],
  "repos/create-webhook": [{ repository_hooks: "write" }],
  "repos/list-webhooks": [{ repository_hooks: "read" }],
};

/**
 * A GitHub App registered with the double.
 *
 * @example
 * const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
 * const app: FakeGitHubApp = { appId: 1, installationId: 2, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(), permissions: { statuses: "write" } };
 */
export interface FakeGitHubApp {
  readonly appId: number;
  readonly installationId: number;
  /** The app's public key (PEM); tests sign JWTs with the matching private key. */
  readonly publicKeyPem: string;
  /** The permissions the installation was granted. */
  readonly permissions: Permissions;
}

/** The caller of one request. */
export interface Caller {
  readonly kind: "token" | "installation" | "app";
  readonly permissions: Permissions;
  /** How GitHub names the caller in a rate-limit message: "installation ID 42", "user ID 1". */
  readonly who: string;
}

const UNAUTHORIZED_DOCS = `${GITHUB_DOCS}/overview/authenticating-to-the-rest-api`;

function grants(permissions: Permissions, set: PermissionSet): boolean {
  const all = { metadata: "read", ...permissions } as Permissions;
  return Object.entries(set).every(([name, access]) => {
    const granted = all[name];
    return granted === "write" || (granted === "read" && access === "read");
  });
}

function base64url(part: string): Buffer {
  return Buffer.from(part, "base64url");
}

/**
 * The tokens the double knows and the installation tokens it has issued.
 *
 * @example
 * const auth = new GitHubAuth({ "github_pat_test": { pull_requests: "write", statuses: "write" } });
 * auth.authorize("token github_pat_test", "issues/create-comment"); // the caller
 */
export class GitHubAuth {
  private readonly installationTokens = new Map<string, { expiresAt: number; permissions: Permissions }>();

  constructor(
    readonly tokens: Readonly<Record<string, Permissions>>,
    readonly app: FakeGitHubApp | undefined = undefined,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Authenticates the `Authorization` header and checks the permissions `operationId` needs. */
  authorize(authorization: string | undefined, operationId: string): Caller {
    const caller = this.authenticate(authorization);
    if (operationId === "apps/create-installation-access-token") {
      if (caller.kind !== "app") {
        throw new GitHubError(401, "A JSON web token could not be decoded", UNAUTHORIZED_DOCS);
      }
      return caller;
    }
    const sets = REQUIRED_PERMISSIONS[operationId] ?? [];
    if (caller.kind === "app" || !sets.some((set) => grants(caller.permissions, set))) {
      const accepted = sets
        .map((set) =>
          Object.entries(set)
            .map(([name, access]) => `${name}=${access}`)
            .join(","),
        )
        .join("; ");
      const by = caller.kind === "token" ? "personal access token" : "integration";
      throw new GitHubError(403, `Resource not accessible by ${by}`, GITHUB_DOCS, undefined, {
        "x-accepted-github-permissions": accepted,
      });
    }
    return caller;
  }

  /** Issues an installation access token (one hour), with `requested` permissions within the app's. */
  issueInstallationToken(
    installationId: number,
    requested: Permissions | undefined,
  ): { token: string; expiresAt: string; permissions: Permissions } {
    const app = this.app;
    if (!app || app.installationId !== installationId) {
      throw new GitHubError(
        404,
        "Not Found",
        `${GITHUB_DOCS}/apps/apps#create-an-installation-access-token-for-an-app`,
      );
    }
    const permissions = requested ?? app.permissions;
    for (const [name, access] of Object.entries(permissions)) {
      if (!grants(app.permissions, { [name]: access })) {
        throw new GitHubError(
          422,
          `The permissions requested are not granted to this installation.`,
          `${GITHUB_DOCS}/apps/apps#create-an-installation-access-token-for-an-app`,
        );
      }
    }
    const token = `ghs_${randomBytes(18).toString("base64url")}`;
    const expiresAt = this.now() + 3_600_000;
    this.installationTokens.set(token, { expiresAt, permissions });
    return { token, expiresAt: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"), permissions };
  }

  private authenticate(authorization: string | undefined): Caller {
    const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!credential) throw new GitHubError(401, "Requires authentication", UNAUTHORIZED_DOCS);
    const configured = this.tokens[credential];
    if (configured) return { kind: "token", permissions: configured, who: "user ID 1" };
    const issued = this.installationTokens.get(credential);
    if (issued && issued.expiresAt > this.now()) {
      return {
        kind: "installation",
        permissions: issued.permissions,
        who: `installation ID ${this.app?.installationId}`,
      };
    }
    if (credential.split(".").length === 3) return this.authenticateApp(credential);
    throw new GitHubError(401, "Bad credentials", UNAUTHORIZED_DOCS);
  }

  /** Verifies an app JWT: RS256 over `header.payload` with the app's key, `iss`, and `exp` ≤ 10 minutes ahead. */
  private authenticateApp(jwt: string): Caller {
    const app = this.app;
    const [header = "", payload = "", signature = ""] = jwt.split(".");
    const refuse = (message: string): never => {
      throw new GitHubError(401, message, UNAUTHORIZED_DOCS);
    };
    if (!app) return refuse("A JSON web token could not be decoded");
    let claims: { iss?: unknown; exp?: unknown; iat?: unknown };
    let alg: unknown;
    try {
      alg = JSON.parse(base64url(header).toString("utf8")).alg;
      claims = JSON.parse(base64url(payload).toString("utf8"));
    } catch {
      return refuse("A JSON web token could not be decoded");
    }
    const key = createPublicKey(app.publicKeyPem);
    const signed = Buffer.from(`${header}.${payload}`);
    if (alg !== "RS256" || !verify("RSA-SHA256", signed, key, base64url(signature))) {
      return refuse("A JSON web token could not be decoded");
    }
    const nowSeconds = Math.floor(this.now() / 1000);
    if (String(claims.iss) !== String(app.appId)) return refuse("'Issuer' claim ('iss') must be an Integer");
    if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) {
      return refuse(
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
      );
    }
    if (claims.exp > nowSeconds + 600)
      return refuse("'Expiration time' claim ('exp') is too far in the future");
    return { kind: "app", permissions: {}, who: `app ID ${app.appId}` };
  }
}
