/** A stateful in-memory CodePipeline (`CodePipeline_20150709`): pipelines, tags and executions (with their variables). */
import { check, FakeAwsError, requiredString } from "./aws-error";
import { copy, isObject, type JsonObject, objects } from "./json";
import { checkPipelineDeclaration, checkPipelineName, checkTags } from "./pipeline-constraints";

/** One stored pipeline. */
export interface StoredPipeline {
  readonly arn: string;
  declaration: JsonObject;
  tags: Map<string, string>;
  readonly created: number;
  updated: number;
}

/** One pipeline execution, as the fake recorded it. */
export interface StoredExecution {
  readonly pipelineExecutionId: string;
  readonly pipelineName: string;
  /** `CreatePipeline` for the run that creation starts, `StartPipelineExecution` otherwise. */
  readonly trigger: "CreatePipeline" | "StartPipelineExecution";
  readonly clientRequestToken: string | undefined;
  /** The commit the run builds (the requested source revision, or the branch head at creation). */
  readonly commitId: string | undefined;
  /** Pipeline-level variables resolved when the run started (declared defaults, overridden by the start's values). */
  readonly variables: Readonly<Record<string, string>>;
  /** `InProgress` until a test changes it (`Succeeded`, `Failed`, …; `finishExecution`). */
  status: string;
  /** When the run started, in epoch seconds (the wall clock, strictly increasing; a test may set it). */
  startTime: number;
  /** The run's action executions, as `ListActionExecutions` lists them (`finishExecution` records them). */
  actions: StoredActionExecution[];
}

/** One action execution of a run. */
export interface StoredActionExecution {
  readonly actionExecutionId: string;
  readonly stageName: string;
  readonly actionName: string;
  /** `InProgress`, `Abandoned`, `Succeeded` or `Failed` (ActionExecutionStatus). */
  readonly status: string;
  readonly startTime: number;
  readonly lastUpdateTime: number;
  /** Exported variables (CodePipeline keeps a CodeBuild action's only when it succeeded). */
  readonly outputVariables?: Readonly<Record<string, string>>;
  /** `executionResult.externalExecutionSummary`. */
  readonly summary?: string;
  /** `executionResult.errorDetails.message`, for a failed action. */
  readonly errorMessage?: string;
}

/** What a test says about one action of a run it finishes. */
export interface ActionOutcomeInput {
  readonly stageName: string;
  readonly actionName: string;
  readonly status: "InProgress" | "Abandoned" | "Succeeded" | "Failed";
  readonly outputVariables?: Readonly<Record<string, string>>;
  readonly summary?: string;
  readonly errorMessage?: string;
}

/** ListActionExecutions' `maxResults`: 1..100, default 100 (`MaxResults` in the CodePipeline model). */
const ACTION_EXECUTIONS_MAX = 100;

/** What the fake CodePipeline needs to know about the world around it. */
export interface FakeCodePipelineOptions {
  readonly region: string;
  readonly accountId: string;
  /** Head commit of a branch of the fake repository, for the run that creation starts. */
  readonly branchHead: (branch: string) => string | undefined;
  /** Head commit of a branch a `CodeStarSourceConnection` reads (`FullRepositoryId`), for the run creation starts. */
  readonly connectionBranchHead?: (fullRepositoryId: string, branch: string) => string | undefined;
  /** The message of a commit of the fake repository (a revision's `revisionSummary`). */
  readonly commitMessage?: (commitId: string) => string | undefined;
}

const EXECUTION_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const TOKEN_PATTERN = /^[a-zA-Z0-9-]{1,128}$/;
const REVISION_TYPES = new Set(["COMMIT_ID", "IMAGE_DIGEST", "S3_OBJECT_VERSION_ID", "S3_OBJECT_KEY"]);

/**
 * The CodePipeline operations the cloner uses, with AWS's validation and error shapes.
 *
 * @example
 * const codePipeline = new FakeCodePipeline({ region: "eu-west-1", accountId: "123456789012", branchHead: () => undefined });
 * codePipeline.handle("GetPipeline", { name: "acme-dev" }); // throws PipelineNotFoundException
 */
export class FakeCodePipeline {
  readonly pipelines = new Map<string, StoredPipeline>();
  readonly executions: StoredExecution[] = [];
  private readonly options: FakeCodePipelineOptions;
  private clock = 1_700_000_000;
  private nextExecution = 1;
  private lastStart = 0;

  constructor(options: FakeCodePipelineOptions) {
    this.options = options;
  }

  /** The ARN of a pipeline of this fake account. */
  arnOf(name: string): string {
    return `arn:aws:codepipeline:${this.options.region}:${this.options.accountId}:${name}`;
  }

  /** Tags of a pipeline as a plain record (for assertions). */
  tagsOf(name: string): Record<string, string> | undefined {
    const pipeline = this.pipelines.get(name);
    return pipeline ? Object.fromEntries(pipeline.tags) : undefined;
  }

  /** Runs one operation; throws `FakeAwsError` the way the service answers. */
  handle(operation: string, input: JsonObject): unknown {
    switch (operation) {
      case "GetPipeline":
        return this.getPipeline(input);
      case "CreatePipeline":
        return this.createPipeline(input);
      case "UpdatePipeline":
        return this.updatePipeline(input);
      case "DeletePipeline":
        return this.deletePipeline(input);
      case "ListPipelines":
        return this.listPipelines(input);
      case "ListTagsForResource":
        return this.listTags(input);
      case "TagResource":
        return this.tagResource(input);
      case "StartPipelineExecution":
        return this.startExecution(input);
      case "GetPipelineExecution":
        return this.getExecution(input);
      case "ListPipelineExecutions":
        return this.listPipelineExecutions(input);
      case "ListActionExecutions":
        return this.listActionExecutions(input);
      default:
        throw new FakeAwsError(
          "UnknownOperationException",
          `The fake does not implement CodePipeline ${operation}`,
        );
    }
  }

  private pipelineNamed(name: string, accountHint = ""): StoredPipeline {
    const pipeline = this.pipelines.get(name);
    if (!pipeline) {
      throw new FakeAwsError(
        "PipelineNotFoundException",
        `Account '${this.options.accountId}'${accountHint} does not have a pipeline with name '${name}'`,
      );
    }
    return pipeline;
  }

  private pipelineByArn(resourceArn: string): StoredPipeline {
    const prefix = `arn:aws:codepipeline:${this.options.region}:${this.options.accountId}:`;
    check(
      /^arn:aws(-[\w]+)*:codepipeline:[a-z0-9-]+:\d{12}:.+$/.test(resourceArn),
      `The ARN '${resourceArn}' is not a valid CodePipeline resource ARN`,
      "InvalidArnException",
    );
    const name = resourceArn.startsWith(prefix) ? resourceArn.slice(prefix.length) : undefined;
    const pipeline = name === undefined ? undefined : this.pipelines.get(name);
    if (!pipeline)
      throw new FakeAwsError("ResourceNotFoundException", `The resource '${resourceArn}' was not found`);
    return pipeline;
  }

  private getPipeline(input: JsonObject): unknown {
    const name = requiredString(input, "name");
    checkPipelineName(name, "name");
    const pipeline = this.pipelineNamed(name);
    return {
      pipeline: copy(pipeline.declaration),
      metadata: { pipelineArn: pipeline.arn, created: pipeline.created, updated: pipeline.updated },
    };
  }

  private createPipeline(input: JsonObject): unknown {
    const declaration = copy(input.pipeline);
    checkPipelineDeclaration(declaration);
    const tags = checkTags(input.tags);
    const name = String(declaration.name);
    if (this.pipelines.has(name)) {
      throw new FakeAwsError("PipelineNameInUseException", `The pipeline name '${name}' is already in use`);
    }
    check(
      declaration.version === undefined || declaration.version === 1,
      `A new pipeline must have version 1, not ${String(declaration.version)}`,
      "InvalidStructureException",
    );
    declaration.version = 1;
    const now = this.tick();
    this.pipelines.set(name, {
      arn: this.arnOf(name),
      declaration,
      tags: new Map(tags.map((tag) => [tag.key, tag.value])),
      created: now,
      updated: now,
    });
    this.recordExecution(
      name,
      "CreatePipeline",
      undefined,
      this.headOf(declaration),
      variableDefaults(declaration),
    );
    return { pipeline: copy(declaration), tags };
  }

  /**
   * UpdatePipeline: the same constraints as CreatePipeline on the whole declaration; the pipeline must exist
   * (PipelineNotFoundException otherwise); `version` in the request is ignored and the stored one goes up by 1;
   * tags and executions are untouched (an update starts no run).
   */
  private updatePipeline(input: JsonObject): unknown {
    const declaration = copy(input.pipeline);
    checkPipelineDeclaration(declaration);
    const name = String(declaration.name);
    const pipeline = this.pipelineNamed(name);
    check(
      declaration.version === undefined ||
        (typeof declaration.version === "number" &&
          Number.isInteger(declaration.version) &&
          declaration.version >= 1),
      `1 validation error detected: Value '${String(declaration.version)}' at 'pipeline.version' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
    declaration.version = Number(pipeline.declaration.version ?? 1) + 1;
    pipeline.declaration = declaration;
    pipeline.updated = this.tick();
    return { pipeline: copy(declaration) };
  }

  private deletePipeline(input: JsonObject): unknown {
    const name = requiredString(input, "name");
    checkPipelineName(name, "name");
    // DeletePipeline documents no not-found error: deleting a missing pipeline succeeds.
    this.pipelines.delete(name);
    return {};
  }

  private listPipelines(input: JsonObject): unknown {
    const maxResults = typeof input.maxResults === "number" ? input.maxResults : 100;
    check(maxResults >= 1 && maxResults <= 1000, `maxResults must be between 1 and 1000, not ${maxResults}`);
    const names = [...this.pipelines.keys()].sort();
    const start = typeof input.nextToken === "string" ? Number(input.nextToken) : 0;
    check(
      Number.isInteger(start) && start >= 0,
      `Invalid nextToken '${String(input.nextToken)}'`,
      "InvalidNextTokenException",
    );
    const page = names.slice(start, start + maxResults);
    const pipelines = page.map((name) => {
      const stored = this.pipelineNamed(name);
      return {
        name,
        version: stored.declaration.version,
        pipelineType: stored.declaration.pipelineType ?? "V1",
        executionMode: stored.declaration.executionMode ?? "SUPERSEDED",
        created: stored.created,
        updated: stored.updated,
      };
    });
    const next = start + maxResults;
    return next < names.length ? { pipelines, nextToken: String(next) } : { pipelines };
  }

  private listTags(input: JsonObject): unknown {
    const pipeline = this.pipelineByArn(requiredString(input, "resourceArn"));
    return { tags: [...pipeline.tags].map(([key, value]) => ({ key, value })) };
  }

  private tagResource(input: JsonObject): unknown {
    const pipeline = this.pipelineByArn(requiredString(input, "resourceArn"));
    const tags = checkTags(input.tags);
    const merged = new Map(pipeline.tags);
    for (const tag of tags) merged.set(tag.key, tag.value);
    check(merged.size <= 50, "A resource can have at most 50 tags", "TooManyTagsException");
    pipeline.tags = merged;
    return {};
  }

  private startExecution(input: JsonObject): unknown {
    const name = requiredString(input, "name");
    checkPipelineName(name, "name");
    const token = input.clientRequestToken;
    check(
      token === undefined || (typeof token === "string" && TOKEN_PATTERN.test(token)),
      `1 validation error detected: Value '${String(token)}' at 'clientRequestToken' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-]+$ and length 1..128`,
    );
    const pipeline = this.pipelineNamed(name);
    if (typeof token === "string") {
      const earlier = this.executions.find(
        (run) => run.pipelineName === name && run.clientRequestToken === token,
      );
      if (earlier) return { pipelineExecutionId: earlier.pipelineExecutionId };
    }
    let commitId: string | undefined = this.headOf(pipeline.declaration);
    const sourceActions = sourceActionNames(pipeline.declaration);
    // StartPipelineExecution (API reference): sourceRevisions 0..50 items; variables 1..50 items, names
    // [A-Za-z0-9@\-_]+ of 1..128, "the values can be anything except an empty string".
    check(
      objects(input.sourceRevisions).length <= 50,
      `1 validation error detected: Value at 'sourceRevisions' failed to satisfy constraint: Member must have length less than or equal to 50`,
    );
    check(
      input.variables === undefined ||
        (objects(input.variables).length >= 1 && objects(input.variables).length <= 50),
      `1 validation error detected: Value at 'variables' failed to satisfy constraint: Member must have length between 1 and 50`,
    );
    for (const revision of objects(input.sourceRevisions)) {
      check(
        typeof revision.actionName === "string" && sourceActions.has(revision.actionName),
        `The source revision names action '${String(revision.actionName)}', which is not a source action of pipeline '${name}'`,
      );
      check(
        typeof revision.revisionType === "string" && REVISION_TYPES.has(revision.revisionType),
        `Invalid revisionType '${String(revision.revisionType)}'`,
      );
      check(
        typeof revision.revisionValue === "string" &&
          revision.revisionValue.length >= 1 &&
          revision.revisionValue.length <= 1500,
        `Invalid revisionValue '${String(revision.revisionValue)}'`,
      );
      commitId = revision.revisionValue;
    }
    const variables = variableDefaults(pipeline.declaration);
    for (const variable of objects(input.variables)) {
      check(
        typeof variable.name === "string" && variable.name in variables,
        `Variable '${String(variable.name)}' is not declared by pipeline '${name}'`,
      );
      check(
        typeof variable.value === "string" && variable.value.length >= 1 && variable.value.length <= 1000,
        `1 validation error detected: Value '${String(variable.value)}' at 'variables.member.value' failed to satisfy constraint: Member must have length between 1 and 1000`,
      );
      variables[variable.name] = variable.value;
    }
    const run = this.recordExecution(
      name,
      "StartPipelineExecution",
      typeof token === "string" ? token : undefined,
      commitId,
      variables,
    );
    return { pipelineExecutionId: run.pipelineExecutionId };
  }

  private getExecution(input: JsonObject): unknown {
    const pipelineName = requiredString(input, "pipelineName");
    checkPipelineName(pipelineName, "pipelineName");
    const pipelineExecutionId = requiredString(input, "pipelineExecutionId");
    check(
      EXECUTION_ID_PATTERN.test(pipelineExecutionId),
      `1 validation error detected: Value '${pipelineExecutionId}' at 'pipelineExecutionId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`,
    );
    const pipeline = this.pipelineNamed(pipelineName);
    const run = this.executions.find(
      (candidate) =>
        candidate.pipelineName === pipelineName && candidate.pipelineExecutionId === pipelineExecutionId,
    );
    if (!run) {
      throw new FakeAwsError(
        "PipelineExecutionNotFoundException",
        `Pipeline execution with id '${pipelineExecutionId}' does not exist in pipeline with name '${pipelineName}'.`,
      );
    }
    const revisions =
      run.commitId === undefined
        ? []
        : [
            {
              name: sourceOutputOf(pipeline.declaration),
              revisionId: run.commitId,
              revisionSummary: this.options.commitMessage?.(run.commitId),
              created: this.clock,
              revisionUrl: this.revisionUrl(pipeline.declaration, run.commitId),
            },
          ];
    return {
      pipelineExecution: {
        pipelineName,
        pipelineVersion: pipeline.declaration.version,
        pipelineExecutionId,
        status: run.status,
        artifactRevisions: revisions,
        variables: Object.entries(run.variables).map(([name, resolvedValue]) => ({ name, resolvedValue })),
        trigger: {
          triggerType: run.trigger === "CreatePipeline" ? "CreatePipeline" : "StartPipelineExecution",
        },
        executionMode: pipeline.declaration.executionMode ?? "SUPERSEDED",
        executionType: "STANDARD",
      },
    };
  }

  /**
   * Ends a run the way CodePipeline would have run it: its final status and its actions, which start one second
   * apart from the run's start (or `startTime`, epoch seconds, to order runs). Returns the run.
   *
   * @example
   * codePipeline.finishExecution(id, "Failed", [{ stageName: "Test", actionName: "Test", status: "Failed", errorMessage: "exit 1" }]);
   */
  finishExecution(
    pipelineExecutionId: string,
    status: "Succeeded" | "Failed" | "Stopped" | "Superseded",
    actions: readonly ActionOutcomeInput[],
    startTime?: number,
  ): StoredExecution {
    const run = this.executions.find((candidate) => candidate.pipelineExecutionId === pipelineExecutionId);
    if (!run)
      throw new Error(`No execution ${pipelineExecutionId}. Fix: finish an execution the fake started.`);
    if (startTime !== undefined) run.startTime = startTime;
    run.status = status;
    run.actions = actions.map((action, index) => ({
      ...action,
      actionExecutionId: `${pipelineExecutionId.slice(0, 8)}-action-${index + 1}`,
      startTime: run.startTime + index,
      lastUpdateTime: run.startTime + index + 1,
    }));
    return run;
  }

  /**
   * ListActionExecutions: a pipeline's action executions, newest first, optionally of one execution
   * (`filter.pipelineExecutionId`), in pages of `maxResults` (1..100).
   */
  private listActionExecutions(input: JsonObject): unknown {
    const pipelineName = requiredString(input, "pipelineName");
    checkPipelineName(pipelineName, "pipelineName");
    const pipeline = this.pipelineNamed(pipelineName);
    const maxResults = input.maxResults === undefined ? ACTION_EXECUTIONS_MAX : input.maxResults;
    check(
      typeof maxResults === "number" &&
        Number.isInteger(maxResults) &&
        maxResults >= 1 &&
        maxResults <= ACTION_EXECUTIONS_MAX,
      `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${ACTION_EXECUTIONS_MAX}`,
    );
    const filter = isObject(input.filter) ? input.filter : {};
    const executionId = filter.pipelineExecutionId;
    let runs = this.executions.filter((run) => run.pipelineName === pipelineName);
    if (executionId !== undefined) {
      check(
        typeof executionId === "string" && EXECUTION_ID_PATTERN.test(executionId),
        `1 validation error detected: Value '${String(executionId)}' at 'filter.pipelineExecutionId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`,
      );
      runs = runs.filter((run) => run.pipelineExecutionId === executionId);
      if (runs.length === 0) {
        throw new FakeAwsError(
          "PipelineExecutionNotFoundException",
          `Pipeline execution with id '${executionId}' does not exist in pipeline with name '${pipelineName}'.`,
        );
      }
    }
    const details = runs
      .flatMap((run) => run.actions.map((action) => ({ run, action })))
      .sort((a, b) => b.action.startTime - a.action.startTime)
      .map(({ run, action }) => ({
        pipelineExecutionId: run.pipelineExecutionId,
        actionExecutionId: action.actionExecutionId,
        pipelineVersion: pipeline.declaration.version,
        stageName: action.stageName,
        actionName: action.actionName,
        startTime: action.startTime,
        lastUpdateTime: action.lastUpdateTime,
        status: action.status,
        input: {
          actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
          configuration: {},
        },
        output: {
          outputArtifacts: [],
          executionResult: {
            externalExecutionId: action.actionExecutionId,
            ...(action.summary ? { externalExecutionSummary: action.summary } : {}),
            ...(action.errorMessage
              ? { errorDetails: { code: "JobFailed", message: action.errorMessage } }
              : {}),
          },
          ...(action.outputVariables ? { outputVariables: action.outputVariables } : {}),
        },
      }));
    const start = input.nextToken === undefined ? 0 : Number(input.nextToken);
    if (!Number.isInteger(start) || start < 0 || start > details.length) {
      throw new FakeAwsError(
        "InvalidNextTokenException",
        "The next token was specified in an invalid format.",
      );
    }
    const page = details.slice(start, start + maxResults);
    const next = start + maxResults < details.length ? { nextToken: String(start + maxResults) } : {};
    return { actionExecutionDetails: page, ...next };
  }

  /**
   * ListPipelineExecutions: a pipeline's executions, newest first, in pages of `maxResults` (1..100, default 100;
   * `MaxResults` in the CodePipeline model), each with its start, last change, status, source revision and trigger
   * (`PipelineExecutionSummary`). Errors: `PipelineNotFoundException`, `InvalidNextTokenException`.
   */
  private listPipelineExecutions(input: JsonObject): unknown {
    const pipelineName = requiredString(input, "pipelineName");
    checkPipelineName(pipelineName, "pipelineName");
    const pipeline = this.pipelineNamed(pipelineName);
    const maxResults = input.maxResults === undefined ? ACTION_EXECUTIONS_MAX : input.maxResults;
    check(
      typeof maxResults === "number" && Number.isInteger(maxResults) && maxResults >= 1 && maxResults <= 100,
      `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`,
    );
    const summaries = this.executions
      .filter((run) => run.pipelineName === pipelineName)
      .sort((a, b) => b.startTime - a.startTime)
      .map((run) => ({
        pipelineExecutionId: run.pipelineExecutionId,
        status: run.status,
        startTime: run.startTime,
        lastUpdateTime: Math.max(run.startTime, ...run.actions.map((action) => action.lastUpdateTime)),
        sourceRevisions:
          run.commitId === undefined
            ? []
            : [
                {
                  actionName: sourceActionNames(pipeline.declaration).values().next().value,
                  revisionId: run.commitId,
                },
              ],
        trigger: { triggerType: run.trigger },
        executionMode: pipeline.declaration.executionMode ?? "SUPERSEDED",
        executionType: "STANDARD",
      }));
    const start = input.nextToken === undefined ? 0 : Number(input.nextToken);
    if (!Number.isInteger(start) || start < 0 || start > summaries.length) {
      throw new FakeAwsError(
        "InvalidNextTokenException",
        "The next token was specified in an invalid format.",
      );
    }
    const next = start + maxResults < summaries.length ? { nextToken: String(start + maxResults) } : {};
    return { pipelineExecutionSummaries: summaries.slice(start, start + maxResults), ...next };
  }

  private recordExecution(
    pipelineName: string,
    trigger: StoredExecution["trigger"],
    clientRequestToken: string | undefined,
    commitId: string | undefined,
    variables: Record<string, string>,
  ): StoredExecution {
    const id = (this.nextExecution++).toString(16).padStart(8, "0");
    const run: StoredExecution = {
      pipelineExecutionId: `${id}-0000-4000-8000-000000000000`,
      pipelineName,
      trigger,
      clientRequestToken,
      commitId,
      variables,
      status: "InProgress",
      startTime: this.executionClock(),
      actions: [],
    };
    this.executions.push(run);
    return run;
  }

  /** Wall-clock start times, strictly increasing (millisecond steps), so runs order as they started. */
  private executionClock(): number {
    this.lastStart = Math.max(Date.now() / 1000, this.lastStart + 0.001);
    return this.lastStart;
  }

  /**
   * A revision's link: CodeCommit's console; for a GitHub connection the commit on github.com (the console shows
   * that link for such a revision; the API reference does not document its exact form).
   */
  private revisionUrl(declaration: JsonObject, commitId: string): string {
    const connection = connectionRepositoryOf(declaration);
    if (connection !== undefined) return `https://github.com/${connection}/commit/${commitId}`;
    const { region } = this.options;
    return `https://${region}.console.aws.amazon.com/codesuite/codecommit/repositories/${sourceRepositoryOf(declaration)}/commit/${commitId}?region=${region}`;
  }

  /** The head of the branch the pipeline's source reads: CodeCommit's, or a connection's repository's. */
  private headOf(declaration: JsonObject): string | undefined {
    const connection = connectionRepositoryOf(declaration);
    return connection === undefined
      ? this.options.branchHead(sourceBranchOf(declaration))
      : this.options.connectionBranchHead?.(connection, sourceBranchOf(declaration));
  }

  private tick(): number {
    this.clock += 1;
    return this.clock;
  }
}

function sourceActionNames(declaration: JsonObject): Set<string> {
  const first = objects(declaration.stages)[0];
  return new Set(objects(first?.actions).map((action) => String(action.name)));
}

function sourceBranchOf(declaration: JsonObject): string {
  for (const action of objects(objects(declaration.stages)[0]?.actions)) {
    const configuration = action.configuration;
    if (isObject(configuration) && typeof configuration.BranchName === "string")
      return configuration.BranchName;
  }
  return "";
}

/** The declared pipeline-level variables with their default values. */
function variableDefaults(declaration: JsonObject): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const variable of objects(declaration.variables)) {
    if (typeof variable.name === "string") variables[variable.name] = String(variable.defaultValue ?? "");
  }
  return variables;
}

/** The first output artifact of the source stage. */
function sourceOutputOf(declaration: JsonObject): string {
  const action = objects(objects(declaration.stages)[0]?.actions)[0];
  const output = objects(action?.outputArtifacts)[0];
  return typeof output?.name === "string" ? output.name : "SourceOutput";
}

/** The `FullRepositoryId` of the first `CodeStarSourceConnection` source action, if any. */
function connectionRepositoryOf(declaration: JsonObject): string | undefined {
  for (const action of objects(objects(declaration.stages)[0]?.actions)) {
    const type = action.actionTypeId;
    const configuration = action.configuration;
    if (isObject(type) && type.provider === "CodeStarSourceConnection" && isObject(configuration))
      return String(configuration.FullRepositoryId);
  }
  return undefined;
}

/** The repository of the first source action. */
function sourceRepositoryOf(declaration: JsonObject): string {
  for (const action of objects(objects(declaration.stages)[0]?.actions)) {
    const configuration = action.configuration;
    if (isObject(configuration) && typeof configuration.RepositoryName === "string")
      return configuration.RepositoryName;
  }
  return "";
}
