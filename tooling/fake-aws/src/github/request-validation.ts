/**
 * Checks one HTTP request against GitHub's description before the double acts on it: the operation must exist for
 * the method and path, every path and query parameter must be declared and match its schema, required ones must be
 * there, and the JSON body must match the operation's `requestBody` schema (or be absent when it declares none).
 * A mismatch is the caller's bug: it is answered as GitHub would (404 for an unknown route, 400 for unparsable
 * JSON, 422 "Invalid request" for parameters or a body outside the schema) and recorded by the server.
 */
import { isObject, type JsonObject, objects } from "../json";
import { GITHUB_DOCS, GitHubError } from "./github-error";
import type { GitHubDescription, Operation } from "./openapi-description";
import { coerceParameter, validateAgainst } from "./schema-validation";

/** A request the description accepts, with its parameters typed by their schemas. */
export interface ValidatedRequest {
  readonly operation: Operation;
  /** Path parameters, typed (`pull_number` is a number). */
  readonly path: Readonly<Record<string, unknown>>;
  /** Query parameters that were given, typed. */
  readonly query: Readonly<Record<string, unknown>>;
  /** The parsed JSON body, or undefined when none was sent. */
  readonly body: unknown;
}

/** A request the description refuses: the answer to send and every problem found. */
export class InvalidRequestError extends GitHubError {
  constructor(
    status: number,
    message: string,
    readonly problems: readonly string[],
    documentationUrl: string = GITHUB_DOCS,
  ) {
    super(status, message, documentationUrl);
    this.name = "InvalidRequestError";
  }
}

function parameters(operation: Operation, location: "path" | "query"): JsonObject[] {
  return objects(operation.definition.parameters).filter((parameter) => parameter.in === location);
}

function documentation(operation: Operation): string {
  const docs = operation.definition.externalDocs;
  return isObject(docs) && typeof docs.url === "string" ? docs.url : GITHUB_DOCS;
}

/**
 * Validates a request against the description; throws `InvalidRequestError` with every problem at once.
 *
 * @example
 * const request = validateRequest(GitHubDescription.load(), "GET", "/repos/acme/infra/pulls?per_page=100", "");
 * request.query.per_page; // 100
 */
export function validateRequest(
  description: GitHubDescription,
  method: string,
  url: string,
  rawBody: string,
): ValidatedRequest {
  const parsed = new URL(url, "http://github.invalid");
  const matched = description.match(method, parsed.pathname);
  if (!matched) {
    throw new InvalidRequestError(404, "Not Found", [
      `${method} ${parsed.pathname} is no operation of GitHub's REST API description ${description.version}`,
    ]);
  }
  const { operation } = matched;
  const where = `${operation.operationId} (${method} ${operation.template})`;
  const problems: string[] = [];

  const path: Record<string, unknown> = {};
  for (const parameter of parameters(operation, "path")) {
    const name = String(parameter.name);
    const value = coerceParameter(parameter.schema, matched.pathParameters[name] ?? "");
    path[name] = value;
    if (isObject(parameter.schema))
      problems.push(...validateAgainst(parameter.schema, value, `path ${name}`));
  }

  const declared = new Map(
    parameters(operation, "query").map((parameter) => [String(parameter.name), parameter]),
  );
  const query: Record<string, unknown> = {};
  for (const [name, text] of parsed.searchParams) {
    const parameter = declared.get(name);
    if (!parameter) {
      problems.push(`query ${name} is not a parameter of ${where}`);
      continue;
    }
    const value = coerceParameter(parameter.schema, text);
    query[name] = value;
    if (isObject(parameter.schema))
      problems.push(...validateAgainst(parameter.schema, value, `query ${name}`));
  }
  for (const [name, parameter] of declared) {
    if (parameter.required === true && !(name in query))
      problems.push(`query ${name} is required by ${where}`);
  }

  let body: unknown;
  const requestBody = operation.definition.requestBody;
  if (rawBody.trim() !== "") {
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new InvalidRequestError(400, "Problems parsing JSON", [`the body of ${where} is not JSON`]);
    }
  }
  if (isObject(requestBody)) {
    const content = isObject(requestBody.content) ? requestBody.content["application/json"] : undefined;
    const schema = isObject(content) && isObject(content.schema) ? content.schema : undefined;
    if (body === undefined && requestBody.required === true) problems.push(`${where} requires a JSON body`);
    else if (body !== undefined && schema) problems.push(...validateAgainst(schema, body, "body"));
  } else if (body !== undefined) {
    problems.push(`${where} takes no body, but one was sent`);
  }

  if (problems.length > 0) {
    const message = `Invalid request.\n\n${problems.join("\n")}`;
    throw new InvalidRequestError(422, message, problems, documentation(operation));
  }
  return { operation, path, query, body };
}
