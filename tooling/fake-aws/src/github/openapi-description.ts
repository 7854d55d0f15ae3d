/**
 * GitHub's REST API description for api.github.com, as `@octokit/openapi` ships it (the dereferenced variant:
 * every `$ref` inlined, so each operation carries its own parameter, body and response schemas and examples).
 * Loaded once per process (about 73 MB of JSON, half a second), then looked up by method and path.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { isObject, type JsonObject } from "../json";

/** One operation of the description: `GET /repos/{owner}/{repo}/pulls` is `pulls/list`. */
export interface Operation {
  /** `pulls/list`, `issues/create-comment`, … */
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path template, `/repos/{owner}/{repo}/pulls/{pull_number}`. */
  readonly template: string;
  /** The operation object exactly as the description holds it. */
  readonly definition: JsonObject;
}

/** An operation with the path parameters read from a concrete path. */
export interface MatchedOperation {
  readonly operation: Operation;
  /** Path parameter values, percent-decoded (`feature%2Flogin` → `feature/login`). */
  readonly pathParameters: Readonly<Record<string, string>>;
}

/** The description's file inside the package (the package has no `exports` map, so the file resolves as is). */
const DESCRIPTION_FILE = "@octokit/openapi/generated/api.github.com.deref.json";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

interface CompiledTemplate {
  readonly operation: Operation;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  /** Literal segments: a template with more of them wins over one with parameters in their place. */
  readonly literals: number;
}

/**
 * The loaded description with its operations indexed by method.
 *
 * @example
 * const description = GitHubDescription.load();
 * description.match("GET", "/repos/acme/infra/pulls")?.operation.operationId; // "pulls/list"
 */
export class GitHubDescription {
  private static loaded: GitHubDescription | undefined;
  private readonly byMethod = new Map<string, CompiledTemplate[]>();
  private readonly byId = new Map<string, Operation>();

  private constructor(readonly document: JsonObject) {
    const paths = isObject(document.paths) ? document.paths : {};
    for (const [template, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      for (const method of HTTP_METHODS) {
        const definition = item[method];
        if (!isObject(definition)) continue;
        const operation: Operation = {
          operationId: String(definition.operationId),
          method: method.toUpperCase(),
          template,
          definition,
        };
        this.byId.set(operation.operationId, operation);
        const names: string[] = [];
        const segments = template.split("/");
        const pattern = segments
          .map((segment) => {
            const parameter = /^\{(.+)\}$/.exec(segment)?.[1];
            if (parameter === undefined) return segment.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
            names.push(parameter);
            return "([^/]+)";
          })
          .join("/");
        const list = this.byMethod.get(operation.method) ?? [];
        list.push({
          operation,
          pattern: new RegExp(`^${pattern}$`),
          names,
          literals: segments.length - names.length,
        });
        this.byMethod.set(operation.method, list);
      }
    }
    for (const list of this.byMethod.values()) list.sort((a, b) => b.literals - a.literals);
  }

  /** The description, read from `@octokit/openapi` on first use and shared by every double in the process. */
  static load(): GitHubDescription {
    if (!GitHubDescription.loaded) {
      const file = createRequire(import.meta.url).resolve(DESCRIPTION_FILE);
      const document: unknown = JSON.parse(readFileSync(file, "utf8"));
      if (!isObject(document)) throw new Error(`${file} is not an OpenAPI document`);
      GitHubDescription.loaded = new GitHubDescription(document);
    }
    return GitHubDescription.loaded;
  }

  /** The description's version (`info.version`), for messages and the README. */
  get version(): string {
    return isObject(this.document.info) ? String(this.document.info.version) : "unknown";
  }

  /** The operation for a method and a concrete path (without the query), or undefined when none matches. */
  match(method: string, path: string): MatchedOperation | undefined {
    for (const candidate of this.byMethod.get(method.toUpperCase()) ?? []) {
      const found = candidate.pattern.exec(path);
      if (!found) continue;
      const pathParameters: Record<string, string> = {};
      candidate.names.forEach((name, index) => {
        pathParameters[name] = decodeURIComponent(found[index + 1] ?? "");
      });
      return { operation: candidate.operation, pathParameters };
    }
    return undefined;
  }

  /** The operation with this id; throws naming the id when the description has none. */
  operation(operationId: string): Operation {
    const operation = this.byId.get(operationId);
    if (!operation) throw new Error(`GitHub's description has no operation '${operationId}'`);
    return operation;
  }

  /** A webhook of the description's `x-webhooks` (`pull-request-edited`), as its `post` operation object. */
  webhook(name: string): JsonObject {
    const webhooks = this.document["x-webhooks"];
    const webhook = isObject(webhooks) && isObject(webhooks[name]) ? webhooks[name].post : undefined;
    if (!isObject(webhook)) throw new Error(`GitHub's description has no webhook '${name}' in x-webhooks`);
    return webhook;
  }
}

/** The JSON schema of an operation's response with this status, if the description declares one. */
export function responseSchema(operation: Operation, status: number): JsonObject | undefined {
  const responses = operation.definition.responses;
  const response = isObject(responses) ? responses[String(status)] : undefined;
  const content = isObject(response) && isObject(response.content) ? response.content : undefined;
  const json = content?.["application/json"];
  return isObject(json) && isObject(json.schema) ? json.schema : undefined;
}

/** The first example of an operation's response with this status (`examples.default.value` or `example`). */
export function responseExample(operation: Operation, status: number): unknown {
  const responses = operation.definition.responses;
  const response = isObject(responses) ? responses[String(status)] : undefined;
  const content = isObject(response) && isObject(response.content) ? response.content : undefined;
  const json = content?.["application/json"];
  if (!isObject(json)) throw new Error(`${operation.operationId} declares no JSON ${status} answer`);
  if (isObject(json.examples)) {
    const first = Object.values(json.examples)[0];
    if (isObject(first) && "value" in first) return structuredClone(first.value);
  }
  if ("example" in json) return structuredClone(json.example);
  throw new Error(`${operation.operationId} has no example of its ${status} answer`);
}

/** Whether the description declares a response with this status for the operation. */
export function declaresStatus(operation: Operation, status: number): boolean {
  const responses = operation.definition.responses;
  return isObject(responses) && String(status) in responses;
}
