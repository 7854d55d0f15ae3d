/** An answer of the GitHub double that is an error, in GitHub's shape: `{ message, documentation_url, … }`. */

/** One entry of a 422's `errors` (GitHub's "Validation Failed" answer). */
export interface ValidationErrorEntry {
  readonly resource: string;
  readonly code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  readonly field: string;
  readonly message?: string;
}

/** GitHub's REST reference, linked from every error answer as GitHub does. */
export const GITHUB_DOCS = "https://docs.github.com/rest";

/**
 * An error answer: HTTP status, GitHub's `message` and `documentation_url`, optional `errors` and headers.
 *
 * @example
 * throw new GitHubError(404, "Not Found", "https://docs.github.com/rest/pulls/pulls#get-a-pull-request");
 */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly documentationUrl: string = GITHUB_DOCS,
    readonly errors: readonly ValidationErrorEntry[] | undefined = undefined,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "GitHubError";
  }

  /** The body GitHub answers: `message`, `documentation_url`, `status` as a string, and `errors` for a 422. */
  body(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      documentation_url: this.documentationUrl,
      status: String(this.status),
    };
  }
}

/**
 * A 422 "Validation Failed" with one entry, as GitHub answers a value it refuses.
 *
 * @example
 * validationFailed("Status", "description", "description is too long (maximum is 140 characters)", url);
 */
export function validationFailed(
  resource: string,
  field: string,
  message: string,
  documentationUrl: string,
  code: ValidationErrorEntry["code"] = "custom",
): GitHubError {
  return new GitHubError(422, "Validation Failed", documentationUrl, [{ resource, code, field, message }]);
}

/**
 * A 404 "Not Found", GitHub's answer for a missing resource (and for a private one the caller cannot see).
 *
 * @example
 * throw notFound("https://docs.github.com/rest/pulls/pulls#get-a-pull-request");
 */
export function notFound(documentationUrl: string = GITHUB_DOCS): GitHubError {
  return new GitHubError(404, "Not Found", documentationUrl);
}
