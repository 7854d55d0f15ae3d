/**
 * The documented CodePipeline constraints the fake enforces on `CreatePipeline`, `UpdatePipeline` and `TagResource`:
 * names, tags, configuration values, variables and structure (stage and action names, Source stage first).
 */
import { check, FakeAwsError } from "./aws-error";
import { isObject, type JsonObject, objects } from "./json";

/** Pipeline, stage and action names: `[A-Za-z0-9.@\-_]+`, 1..100. */
export const NAME_PATTERN = /^[A-Za-z0-9.@\-_]{1,100}$/;
/** Pipeline-level variable names: `[A-Za-z0-9@\-_]+`, 1..128. */
export const VARIABLE_NAME_PATTERN = /^[A-Za-z0-9@\-_]{1,128}$/;
/** Role ARNs CodePipeline accepts. */
const ROLE_ARN_PATTERN = /^arn:aws(-[\w]+)*:iam::[0-9]{12}:role\/.+$/;
/** Tag limits. */
export const TAG_LIMITS = { keyLength: 128, valueLength: 256, count: 50 } as const;

function validationError(value: unknown, at: string, constraint: string): string {
  return `1 validation error detected: Value '${typeof value === "string" ? value : JSON.stringify(value)}' at '${at}' failed to satisfy constraint: ${constraint}`;
}

/**
 * Checks a pipeline name against CodePipeline's pattern and length.
 *
 * @example
 * checkPipelineName("acme-dev-feature-login", "pipeline.name"); // passes
 */
export function checkPipelineName(name: unknown, at: string): asserts name is string {
  check(typeof name === "string", validationError(name, at, "Member must not be null"));
  check(
    NAME_PATTERN.test(name),
    validationError(
      name,
      at,
      "Member must satisfy regular expression pattern: [A-Za-z0-9.@\\-_]+ and length 1..100",
    ),
  );
}

/**
 * Checks a tag list: at most 50 tags, keys 1..128 characters, values 0..256, no `aws:` keys, no duplicate keys.
 *
 * @example
 * checkTags([{ key: "tributary:managed", value: "true" }]); // passes
 */
export function checkTags(tags: unknown): Array<{ key: string; value: string }> {
  if (tags === undefined) return [];
  check(Array.isArray(tags), validationError(tags, "tags", "Member must be a list"));
  check(
    tags.length <= TAG_LIMITS.count,
    validationError(tags.length, "tags", "Member must have length less than or equal to 50"),
    "TooManyTagsException",
  );
  const seen = new Set<string>();
  return objects(tags).map((tag, index) => {
    const { key, value } = tag;
    check(
      typeof key === "string" && key.length >= 1 && key.length <= TAG_LIMITS.keyLength,
      validationError(key, `tags.${index + 1}.member.key`, "Member must have length between 1 and 128"),
    );
    check(
      typeof value === "string" && value.length <= TAG_LIMITS.valueLength,
      validationError(value, `tags.${index + 1}.member.value`, "Member must have length between 0 and 256"),
    );
    check(
      !key.startsWith("aws:"),
      `Tag key '${key}' uses the reserved prefix 'aws:'`,
      "InvalidTagsException",
    );
    check(!seen.has(key), `Duplicate tag key '${key}'`, "InvalidTagsException");
    seen.add(key);
    return { key, value };
  });
}

function checkActionConfiguration(
  configuration: unknown,
  at: string,
  variableNames: ReadonlySet<string>,
): void {
  if (configuration === undefined) return;
  check(isObject(configuration), validationError(configuration, at, "Member must be a map"));
  for (const [key, value] of Object.entries(configuration)) {
    check(key.length >= 1 && key.length <= 50, validationError(key, `${at}.key`, "length between 1 and 50"));
    check(
      typeof value === "string" && value.length >= 1 && value.length <= 1000,
      validationError(value, `${at}.${key}`, "Member must have length between 1 and 1000"),
    );
    for (const match of value.matchAll(/#\{variables\.([^}]*)\}/g)) {
      const name = match[1] ?? "";
      if (!variableNames.has(name)) {
        throw new FakeAwsError(
          "InvalidActionDeclarationException",
          `Action configuration ${at}.${key} references pipeline variable '${name}', which the pipeline does not declare`,
        );
      }
    }
  }
}

/**
 * The configuration of the source actions the constructs declare, as the CodePipeline user guide's action reference
 * documents them (the service model types `configuration` only as a map of strings):
 * - CodeCommit ("CodeCommit source action reference"): `RepositoryName` and `BranchName` required,
 *   `PollForSourceChanges` (`true`/`false`) and `OutputArtifactFormat` optional;
 * - CodeStarSourceConnection ("Bitbucket Cloud, GitHub, GitHub Enterprise Server, GitLab.com, and GitLab
 *   self-managed connections", awsdocs/aws-codepipeline-user-guide `action-reference-CodestarConnectionSource.md`):
 *   `ConnectionArn`, `FullRepositoryId` (`owner/name`) and `BranchName` required; `OutputArtifactFormat` `CODE_ZIP`
 *   or `CODEBUILD_CLONE_REF`; `DetectChanges` `true` or `false`.
 * A missing key or a value outside its set is refused with `InvalidActionDeclarationException` (the error
 * CreatePipeline documents for "The action declaration was specified in an invalid format"); its message wording is
 * not documented. Keys outside the documented ones are refused too (not verified against the service).
 */
const SOURCE_CONFIGURATIONS: Readonly<
  Record<string, { readonly required: readonly string[]; readonly values: Readonly<Record<string, RegExp>> }>
> = {
  CodeCommit: {
    required: ["RepositoryName", "BranchName"],
    values: {
      RepositoryName: /^[\w.-]{1,100}$/,
      BranchName: /^.{1,1000}$/s,
      PollForSourceChanges: /^(true|false)$/,
      OutputArtifactFormat: /^(CODE_ZIP|CODEBUILD_CLONE_REF)$/,
    },
  },
  CodeStarSourceConnection: {
    required: ["ConnectionArn", "FullRepositoryId", "BranchName"],
    values: {
      ConnectionArn:
        /^arn:aws(-[\w]+)*:(codestar-connections|codeconnections):[^:]+:[0-9]{12}:connection\/.+$/,
      FullRepositoryId: /^[^/\s]+\/[^/\s]+$/,
      BranchName: /^.{1,1000}$/s,
      OutputArtifactFormat: /^(CODE_ZIP|CODEBUILD_CLONE_REF)$/,
      DetectChanges: /^(true|false)$/,
    },
  },
};

function checkSourceConfiguration(typeId: JsonObject, configuration: unknown, at: string): void {
  const rules = typeId.category === "Source" ? SOURCE_CONFIGURATIONS[String(typeId.provider)] : undefined;
  if (rules === undefined) return;
  check(
    typeId.owner === "AWS" && typeId.version === "1",
    `ActionType (Category: 'Source', Provider: '${String(typeId.provider)}', Owner: '${String(typeId.owner)}', Version: '${String(typeId.version)}') is not available`,
    "InvalidActionDeclarationException",
  );
  const values = isObject(configuration) ? configuration : {};
  for (const key of rules.required) {
    check(
      typeof values[key] === "string",
      `Action configuration ${at} is missing the required key '${key}' of ${String(typeId.provider)}`,
      "InvalidActionDeclarationException",
    );
  }
  for (const [key, value] of Object.entries(values)) {
    const pattern = rules.values[key];
    check(
      pattern !== undefined,
      `Action configuration ${at} has the key '${key}', which ${String(typeId.provider)} does not take`,
      "InvalidActionDeclarationException",
    );
    check(
      typeof value === "string" && pattern.test(value),
      `Action configuration ${at}.${key} '${String(value)}' is not valid for ${String(typeId.provider)}`,
      "InvalidActionDeclarationException",
    );
  }
}

function checkVariables(variables: unknown): Set<string> {
  const names = new Set<string>();
  if (variables === undefined) return names;
  check(Array.isArray(variables), validationError(variables, "pipeline.variables", "Member must be a list"));
  check(
    variables.length <= 50,
    validationError(variables.length, "pipeline.variables", "Member must have length <= 50"),
  );
  for (const [index, variable] of objects(variables).entries()) {
    const at = `pipeline.variables.${index + 1}.member`;
    const { name, defaultValue, description } = variable;
    check(
      typeof name === "string" && VARIABLE_NAME_PATTERN.test(name),
      validationError(
        name,
        `${at}.name`,
        "Member must satisfy regular expression pattern: [A-Za-z0-9@\\-_]+",
      ),
    );
    check(!names.has(name), `Duplicate pipeline variable name '${name}'`);
    names.add(name);
    check(
      defaultValue === undefined ||
        (typeof defaultValue === "string" && defaultValue.length >= 1 && defaultValue.length <= 1000),
      validationError(defaultValue, `${at}.defaultValue`, "Member must have length between 1 and 1000"),
    );
    check(
      description === undefined || (typeof description === "string" && description.length <= 200),
      validationError(description, `${at}.description`, "Member must have length <= 200"),
    );
  }
  return names;
}

/**
 * Checks a whole pipeline declaration the way `CreatePipeline` does: name, role, artifact store, variables,
 * stages (at least two, unique names, the first holding only Source actions and no Source action elsewhere),
 * actions (unique names within a stage, configuration values 1..1000 characters, declared variables only).
 *
 * @example
 * checkPipelineDeclaration(templateDeclaration); // throws FakeAwsError("InvalidStructureException", ...) when broken
 */
export function checkPipelineDeclaration(pipeline: unknown): asserts pipeline is JsonObject {
  check(isObject(pipeline), validationError(pipeline, "pipeline", "Member must not be null"));
  checkPipelineName(pipeline.name, "pipeline.name");
  check(
    typeof pipeline.roleArn === "string" && ROLE_ARN_PATTERN.test(pipeline.roleArn),
    validationError(pipeline.roleArn, "pipeline.roleArn", "Member must satisfy regular expression pattern"),
  );
  check(
    (pipeline.artifactStore === undefined) !== (pipeline.artifactStores === undefined),
    "Pipeline must declare exactly one of artifactStore and artifactStores",
    "InvalidStructureException",
  );
  check(
    pipeline.pipelineType === undefined || pipeline.pipelineType === "V1" || pipeline.pipelineType === "V2",
    validationError(
      pipeline.pipelineType,
      "pipeline.pipelineType",
      "Member must satisfy enum value set: [V1, V2]",
    ),
  );
  check(
    pipeline.executionMode === undefined ||
      ["QUEUED", "SUPERSEDED", "PARALLEL"].includes(String(pipeline.executionMode)),
    validationError(
      pipeline.executionMode,
      "pipeline.executionMode",
      "Member must satisfy enum value set: [QUEUED, SUPERSEDED, PARALLEL]",
    ),
  );
  check(
    pipeline.variables === undefined || pipeline.pipelineType === "V2",
    "Pipeline variables are only supported by V2 pipelines",
  );
  const variableNames = checkVariables(pipeline.variables);

  const stages = objects(pipeline.stages);
  check(stages.length >= 2, "Pipeline must contain at least two stages", "InvalidStructureException");
  const stageNames = new Set<string>();
  for (const [stageIndex, stage] of stages.entries()) {
    const stageAt = `pipeline.stages.${stageIndex + 1}.member`;
    checkPipelineName(stage.name, `${stageAt}.name`);
    if (stageNames.has(stage.name)) {
      throw new FakeAwsError("InvalidStructureException", `Stage name '${stage.name}' is not unique`);
    }
    stageNames.add(stage.name);
    const actions = objects(stage.actions);
    if (actions.length === 0) {
      throw new FakeAwsError(
        "InvalidStructureException",
        `Stage '${stage.name}' must contain at least one action`,
      );
    }
    const actionNames = new Set<string>();
    for (const [actionIndex, action] of actions.entries()) {
      const actionAt = `${stageAt}.actions.${actionIndex + 1}.member`;
      checkPipelineName(action.name, `${actionAt}.name`);
      if (actionNames.has(action.name)) {
        throw new FakeAwsError(
          "InvalidStructureException",
          `Action name '${action.name}' is not unique in stage '${stage.name}'`,
        );
      }
      actionNames.add(action.name);
      const typeId = isObject(action.actionTypeId) ? action.actionTypeId : {};
      const isSource = typeId.category === "Source";
      if (stageIndex === 0 && !isSource) {
        throw new FakeAwsError(
          "InvalidStructureException",
          `The first stage '${stage.name}' may contain only Source actions; '${action.name}' is ${String(typeId.category)}`,
        );
      }
      if (stageIndex > 0 && isSource) {
        throw new FakeAwsError(
          "InvalidStructureException",
          `Source action '${action.name}' must be in the first stage, not in '${stage.name}'`,
        );
      }
      checkActionConfiguration(action.configuration, `${actionAt}.configuration`, variableNames);
      checkSourceConfiguration(typeId, action.configuration, `${actionAt}.configuration`);
    }
  }
}
