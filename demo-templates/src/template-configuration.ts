/** Check a CloudFormation template configuration file (CodePipeline's `TemplateConfiguration`) against its template. */
type Json = unknown;

/** A template parameter's declaration, as far as value checks need it. */
export interface ParameterDeclaration {
  readonly Type?: string;
  readonly Default?: Json;
  readonly AllowedValues?: readonly Json[];
  readonly AllowedPattern?: string;
  readonly MinLength?: number;
  readonly MaxLength?: number;
}

/**
 * Why a value would be rejected for a parameter (AllowedValues, AllowedPattern, lengths), or `undefined` if it is fine.
 * AllowedPattern must match the whole value, as CloudFormation requires.
 *
 * @example
 * parameterValueProblem({ Type: "String", AllowedValues: ["true", "false"] }, "yes");
 * // '"yes" is not one of the AllowedValues true, false'
 */
export function parameterValueProblem(parameter: ParameterDeclaration, value: Json): string | undefined {
  const text = typeof value === "string" || typeof value === "number" ? String(value) : undefined;
  if (text === undefined) return `${JSON.stringify(value)} is not a string or number`;
  if (parameter.AllowedValues && !parameter.AllowedValues.map(String).includes(text)) {
    return `"${text}" is not one of the AllowedValues ${parameter.AllowedValues.join(", ")}`;
  }
  if (parameter.AllowedPattern && !new RegExp(`^(?:${parameter.AllowedPattern})$`).test(text)) {
    return `"${text}" does not match the AllowedPattern ${parameter.AllowedPattern}`;
  }
  if (parameter.MinLength !== undefined && text.length < parameter.MinLength) {
    return `"${text}" is shorter than MinLength ${parameter.MinLength}`;
  }
  if (parameter.MaxLength !== undefined && text.length > parameter.MaxLength) {
    return `"${text}" is longer than MaxLength ${parameter.MaxLength}`;
  }
  return undefined;
}

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The keys a template configuration file may hold (CodePipeline's CloudFormation action reference:
 * "AWS CloudFormation artifacts", template configuration file).
 *
 * @example
 * TEMPLATE_CONFIGURATION_KEYS; // ["Parameters", "Tags", "StackPolicy"]
 */
export const TEMPLATE_CONFIGURATION_KEYS = ["Parameters", "Tags", "StackPolicy"] as const;

/** Tag values: Unicode letters, digits, spaces and `_ . : / = + - @`, at most 256 characters (keys: 128). */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function checkTags(tags: Json, problems: string[]): void {
  if (!isPlainObject(tags)) {
    problems.push("Tags: expected a mapping of tag key to string value");
    return;
  }
  for (const [key, value] of Object.entries(tags)) {
    const path = `Tags.${key}`;
    if (key.length === 0 || key.length > 128 || !TAG_TEXT.test(key)) {
      problems.push(`${path}: tag keys are 1 to 128 letters, digits, spaces and _ . : / = + - @`);
    }
    if (key.toLowerCase().startsWith("aws:")) problems.push(`${path}: the aws: prefix is reserved for AWS`);
    if (typeof value !== "string" || value.length > 256 || !TAG_TEXT.test(value)) {
      problems.push(
        `${path}: tag values are strings of at most 256 letters, digits, spaces and _ . : / = + - @`,
      );
    }
  }
}

function checkStackPolicy(policy: Json, problems: string[]): void {
  if (!isPlainObject(policy) || !Array.isArray(policy.Statement) || policy.Statement.length === 0) {
    problems.push('StackPolicy: expected { "Statement": [ ... ] } with at least one statement');
    return;
  }
  for (const key of Object.keys(policy)) {
    if (key !== "Statement") problems.push(`StackPolicy.${key}: a stack policy holds only Statement`);
  }
  policy.Statement.forEach((statement: Json, index: number) => {
    const path = `StackPolicy.Statement[${index}]`;
    if (!isPlainObject(statement)) {
      problems.push(`${path}: expected a statement mapping`);
      return;
    }
    const allowed = ["Effect", "Action", "NotAction", "Principal", "Resource", "NotResource", "Condition"];
    for (const key of Object.keys(statement)) {
      if (!allowed.includes(key)) problems.push(`${path}.${key}: not a stack policy statement key`);
    }
    if (statement.Effect !== "Allow" && statement.Effect !== "Deny")
      problems.push(`${path}.Effect: Allow or Deny`);
    const actions = [statement.Action ?? statement.NotAction].flat();
    if (
      actions.length === 0 ||
      !actions.every(
        (action) => typeof action === "string" && /^Update:(\*|Modify|Replace|Delete)$/.test(action),
      )
    ) {
      problems.push(
        `${path}.Action: stack policy actions are Update:*, Update:Modify, Update:Replace, Update:Delete`,
      );
    }
    if (statement.Principal !== "*") problems.push(`${path}.Principal: stack policies take only "*"`);
    if (statement.Resource === undefined && statement.NotResource === undefined) {
      problems.push(`${path}.Resource: name the resources ("*" or LogicalResourceId/<id>)`);
    }
  });
}

/**
 * Every problem with a parsed template configuration file: keys other than Parameters, Tags and StackPolicy;
 * parameters the template does not declare or whose value its constraints reject; parameters the pipeline always
 * overrides (listed in `overridden`, since ParameterOverrides take precedence over this file); invalid tags;
 * malformed stack policies.
 *
 * @example
 * checkTemplateConfiguration({ Parameters: { Nope: "1" } }, { Environment: { Type: "String" } });
 * // ['Parameters.Nope: the template declares no parameter "Nope"; it declares Environment']
 */
export function checkTemplateConfiguration(
  configuration: Json,
  parameters: Readonly<Record<string, ParameterDeclaration>>,
  overridden: readonly string[] = [],
): string[] {
  if (!isPlainObject(configuration)) return ["<configuration>: expected a JSON object"];
  const problems: string[] = [];
  for (const key of Object.keys(configuration)) {
    if (!(TEMPLATE_CONFIGURATION_KEYS as readonly string[]).includes(key)) {
      problems.push(
        `${key}: not a template configuration key; use ${TEMPLATE_CONFIGURATION_KEYS.join(", ")}`,
      );
    }
  }
  const values = configuration.Parameters;
  if (values !== undefined) {
    if (!isPlainObject(values))
      problems.push("Parameters: expected a mapping of parameter name to string value");
    else {
      for (const [name, value] of Object.entries(values)) {
        const path = `Parameters.${name}`;
        const declaration = parameters[name];
        if (!declaration) {
          problems.push(
            `${path}: the template declares no parameter "${name}"; it declares ${Object.keys(parameters).join(", ")}`,
          );
          continue;
        }
        if (overridden.includes(name)) {
          problems.push(
            `${path}: the pipeline's ParameterOverrides always set ${name}, so this value is never used; remove it`,
          );
        }
        if (typeof value !== "string")
          problems.push(`${path}: template configuration values are strings, write "${String(value)}"`);
        const problem = parameterValueProblem(declaration, value);
        if (problem) problems.push(`${path}: ${problem}`);
      }
    }
  }
  if (configuration.Tags !== undefined) checkTags(configuration.Tags, problems);
  if (configuration.StackPolicy !== undefined) checkStackPolicy(configuration.StackPolicy, problems);
  return problems;
}
