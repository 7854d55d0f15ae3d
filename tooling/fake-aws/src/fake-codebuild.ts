/**
 * A stateful in-memory CodeBuild (`CodeBuild_20161006`): projects and the builds started on them. moto has
 * StartBuild, but moto 5.2.1 (`moto/codebuild/responses.py`, `start_build`) passes on only `projectName`,
 * `sourceVersion` and `artifactsOverride`: it drops `environmentVariablesOverride` and `idempotencyToken`, which are
 * what the cloner's teardown sends and what its tests check. So StartBuild stays here.
 */
import { check, FakeAwsError, requiredString } from "./aws-error";
import { type JsonObject, objects } from "./json";

/** One started build. */
export interface StoredBuild {
  readonly id: string;
  readonly projectName: string;
  readonly environmentVariables: Record<string, string>;
  readonly idempotencyToken: string | undefined;
  /** The request as received, to tell a repeat from a changed parameter. */
  readonly request: string;
}

/**
 * The CodeBuild `StartBuild` operation, with project lookup and idempotency tokens.
 *
 * @example
 * const codeBuild = new FakeCodeBuild(["acme-stack-teardown"]);
 * codeBuild.handle("StartBuild", { projectName: "acme-stack-teardown" }); // { build: { id: "acme-stack-teardown:1", ... } }
 */
export class FakeCodeBuild {
  readonly projects: Set<string>;
  readonly builds: StoredBuild[] = [];

  constructor(projects: readonly string[]) {
    this.projects = new Set(projects);
  }

  /** Runs one operation; throws `FakeAwsError` the way the service answers. */
  handle(operation: string, input: JsonObject): unknown {
    if (operation !== "StartBuild") {
      throw new FakeAwsError(
        "UnknownOperationException",
        `The fake does not implement CodeBuild ${operation}`,
      );
    }
    const projectName = requiredString(input, "projectName");
    if (!this.projects.has(projectName)) {
      throw new FakeAwsError("ResourceNotFoundException", `Project cannot be found: ${projectName}`);
    }
    const environmentVariables: Record<string, string> = {};
    for (const variable of objects(input.environmentVariablesOverride)) {
      check(
        typeof variable.name === "string" && variable.name.length >= 1 && typeof variable.value === "string",
        `Invalid environment variable override ${JSON.stringify(variable)}`,
        "InvalidInputException",
      );
      check(
        variable.type === undefined ||
          ["PLAINTEXT", "PARAMETER_STORE", "SECRETS_MANAGER"].includes(String(variable.type)),
        `Invalid environment variable type '${String(variable.type)}'`,
        "InvalidInputException",
      );
      environmentVariables[variable.name] = variable.value;
    }
    // StartBuild's idempotencyToken (CodeBuild API reference, StartBuild): "If you repeat the StartBuild request with
    // the same token, but change a parameter, CodeBuild returns a parameter mismatch error." The reference names no
    // error code for it; InvalidInputException is the one StartBuild documents for bad input. (Its 5-minute validity
    // is not modelled: the tests' redeliveries come within seconds.)
    const token = typeof input.idempotencyToken === "string" ? input.idempotencyToken : undefined;
    const request = JSON.stringify({ ...input, idempotencyToken: undefined });
    const earlier =
      token === undefined ? undefined : this.builds.find((build) => build.idempotencyToken === token);
    check(
      earlier === undefined || earlier.request === request,
      `The idempotency token '${String(token)}' was used with other parameters`,
      "InvalidInputException",
    );
    const build = earlier ?? {
      id: `${projectName}:${this.builds.length + 1}`,
      projectName,
      environmentVariables,
      idempotencyToken: token,
      request,
    };
    if (!earlier) this.builds.push(build);
    return { build: { id: build.id, projectName, buildStatus: "IN_PROGRESS", currentPhase: "QUEUED" } };
  }
}
