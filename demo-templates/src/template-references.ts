/** Check a template's structure and that every Ref, GetAtt, Sub, condition and mapping points at something declared. */

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function section(template: Record<string, Json>, name: string): Record<string, Json> {
  const value = template[name];
  return isPlainObject(value) ? value : {};
}

/**
 * CloudFormation's pseudo parameters, valid in every `Ref` and `Fn::Sub`.
 *
 * @example
 * PSEUDO_PARAMETERS.includes("AWS::URLSuffix"); // true
 */
export const PSEUDO_PARAMETERS = [
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
] as const;

/** The keys CloudFormation accepts at each level of a template (template anatomy reference). */
export const TEMPLATE_KEYS = {
  template: [
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
  ],
  resource: [
    "Type",
    "Properties",
    "DependsOn",
    "Condition",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "UpdatePolicy",
    "CreationPolicy",
    "Metadata",
  ],
  parameter: [
    "Type",
    "Default",
    "AllowedValues",
    "AllowedPattern",
    "ConstraintDescription",
    "Description",
    "MaxLength",
    "MinLength",
    "MaxValue",
    "MinValue",
    "NoEcho",
  ],
  output: ["Description", "Value", "Export", "Condition"],
} as const;

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

/**
 * The `${Name}` and `${Resource.Attribute}` variables of an `Fn::Sub` string (`${!Literal}` is not a variable).
 *
 * @example
 * subVariables("https://${Bucket}.s3.${AWS::Region}.${AWS::URLSuffix}/${!Literal}/${Dist.DomainName}");
 * // ["Bucket", "AWS::Region", "AWS::URLSuffix", "Dist.DomainName"]
 */
export function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^}!][^}]*)\}/g)].map((match) => (match[1] ?? "").trim());
}

/** Optional knowledge the reference checks use when they have it. */
export interface ReferenceContext {
  /** Attribute names `Fn::GetAtt` accepts for a resource type; `undefined` for an unknown type. */
  readonly attributesOf?: (type: string) => readonly string[] | undefined;
  /** Output names of the nested stack with this logical id, for `Fn::GetAtt Stack.Outputs.Name`. */
  readonly nestedOutputs?: (logicalId: string) => readonly string[] | undefined;
}

/**
 * Every structural or reference problem in a parsed template: unknown keys; `Ref`, `Fn::GetAtt` and `Fn::Sub`
 * targets that are not declared parameters, resources, attributes or pseudo parameters; unknown conditions,
 * mappings and `DependsOn` targets; outputs without a value; parameter defaults their own constraints reject.
 *
 * @example
 * checkTemplateReferences({ Resources: { A: { Type: "AWS::SNS::Topic" } }, Outputs: { X: { Value: { Ref: "B" } } } });
 * // ['Outputs.X.Value: Ref "B" is not a parameter, resource or pseudo parameter; declare it or fix the name']
 */
export function checkTemplateReferences(template: Json, context: ReferenceContext = {}): string[] {
  if (!isPlainObject(template)) return ["<template>: the template is not a mapping"];
  const problems: string[] = [];
  const parameters = section(template, "Parameters");
  const resources = section(template, "Resources");
  const conditions = section(template, "Conditions");
  const mappings = section(template, "Mappings");
  const outputs = section(template, "Outputs");

  const unknownKeys = (value: Json, allowed: readonly string[], path: string): void => {
    if (!isPlainObject(value)) {
      problems.push(`${path}: expected a mapping`);
      return;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        problems.push(`${path}.${key}: not a valid key here; use one of ${allowed.join(", ")}`);
    }
  };
  unknownKeys(template, TEMPLATE_KEYS.template, "<template>");
  if (Object.keys(resources).length === 0) problems.push("Resources: declare at least one resource");

  const checkRef = (name: Json, path: string, inConditions: boolean): void => {
    if (typeof name !== "string") {
      problems.push(`${path}: Ref takes a name, got ${JSON.stringify(name)}`);
      return;
    }
    if ((PSEUDO_PARAMETERS as readonly string[]).includes(name) || name in parameters) return;
    if (name in resources) {
      if (inConditions)
        problems.push(`${path}: conditions can Ref only parameters, not the resource "${name}"`);
      return;
    }
    problems.push(
      `${path}: Ref "${name}" is not a parameter, resource or pseudo parameter; declare it or fix the name`,
    );
  };

  const checkGetAtt = (logicalId: string, attribute: string, path: string): void => {
    const resource = resources[logicalId];
    if (!isPlainObject(resource)) {
      problems.push(`${path}: GetAtt "${logicalId}.${attribute}" names no declared resource "${logicalId}"`);
      return;
    }
    const type = typeof resource.Type === "string" ? resource.Type : "";
    if (type === "AWS::CloudFormation::Stack" && attribute.startsWith("Outputs.")) {
      const output = attribute.slice("Outputs.".length);
      const known = context.nestedOutputs?.(logicalId);
      if (known && !known.includes(output)) {
        problems.push(
          `${path}: nested stack "${logicalId}" has no output "${output}"; it declares ${known.join(", ")}`,
        );
      }
      return;
    }
    const attributes = context.attributesOf?.(type);
    if (attributes && !attributes.includes(attribute)) {
      problems.push(`${path}: ${type} has no attribute "${attribute}"; use one of ${attributes.join(", ")}`);
    }
  };

  const checkCondition = (name: Json, path: string): void => {
    if (typeof name !== "string" || !(name in conditions)) {
      problems.push(`${path}: condition ${JSON.stringify(name)} is not declared under Conditions`);
    }
  };

  const walk = (value: Json, path: string, inConditions: boolean): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, `${path}[${index}]`, inConditions);
      });
      return;
    }
    if (!isPlainObject(value)) return;
    const keys = Object.keys(value);
    const only = keys.length === 1 ? keys[0] : undefined;
    const args = only === undefined ? undefined : value[only];
    switch (only) {
      case "Ref":
        checkRef(args, path, inConditions);
        return;
      case "Condition":
        if (inConditions) {
          checkCondition(args, path);
          return;
        }
        break;
      case "Fn::GetAtt": {
        const parts = typeof args === "string" ? args.split(/\.(.*)/s, 2) : args;
        if (Array.isArray(parts) && typeof parts[0] === "string" && typeof parts[1] === "string") {
          checkGetAtt(parts[0], parts[1], path);
        } else {
          problems.push(`${path}: GetAtt takes [Resource, Attribute], got ${JSON.stringify(args)}`);
        }
        return;
      }
      case "Fn::Sub": {
        const [text, variables] = Array.isArray(args) ? args : [args, {}];
        if (typeof text !== "string") {
          problems.push(`${path}: Sub takes a string or [string, variables], got ${JSON.stringify(args)}`);
          return;
        }
        const local = isPlainObject(variables) ? variables : {};
        for (const variable of subVariables(text)) {
          if (variable in local) continue;
          const dot = variable.indexOf(".");
          if (dot > 0 && !variable.startsWith("AWS::")) {
            checkGetAtt(variable.slice(0, dot), variable.slice(dot + 1), `${path} \${${variable}}`);
          } else {
            checkRef(variable, `${path} \${${variable}}`, inConditions);
          }
        }
        walk(local, `${path}.Fn::Sub[1]`, inConditions);
        return;
      }
      case "Fn::If":
        if (Array.isArray(args)) {
          checkCondition(args[0], `${path}.Fn::If[0]`);
          walk(args.slice(1), `${path}.Fn::If`, inConditions);
        } else {
          problems.push(`${path}: If takes [condition, then, else], got ${JSON.stringify(args)}`);
        }
        return;
      case "Fn::FindInMap": {
        if (!Array.isArray(args) || args.length < 3) {
          problems.push(`${path}: FindInMap takes [map, top-level key, second-level key]`);
          return;
        }
        const [map, first, second] = args;
        if (typeof map === "string") {
          const table = mappings[map];
          if (!isPlainObject(table)) {
            problems.push(`${path}: mapping "${map}" is not declared under Mappings`);
          } else if (typeof first === "string") {
            const row = table[first];
            if (!isPlainObject(row)) problems.push(`${path}: mapping "${map}" has no key "${first}"`);
            else if (typeof second === "string" && !(second in row)) {
              problems.push(`${path}: mapping "${map}.${first}" has no key "${second}"`);
            }
          }
        }
        walk(args, `${path}.Fn::FindInMap`, inConditions);
        return;
      }
    }
    for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`, inConditions);
  };

  for (const [name, declaration] of Object.entries(parameters)) {
    const path = `Parameters.${name}`;
    unknownKeys(declaration, TEMPLATE_KEYS.parameter, path);
    if (!isPlainObject(declaration)) continue;
    if (typeof declaration.Type !== "string") problems.push(`${path}.Type: every parameter needs a Type`);
    if (declaration.Default !== undefined) {
      const problem = parameterValueProblem(declaration as ParameterDeclaration, declaration.Default);
      if (problem) problems.push(`${path}.Default: ${problem}`);
    }
  }
  for (const [name, condition] of Object.entries(conditions)) walk(condition, `Conditions.${name}`, true);
  for (const [logicalId, resource] of Object.entries(resources)) {
    const path = `Resources.${logicalId}`;
    unknownKeys(resource, TEMPLATE_KEYS.resource, path);
    if (!isPlainObject(resource)) continue;
    if (resource.Condition !== undefined) checkCondition(resource.Condition, `${path}.Condition`);
    const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
    for (const target of dependsOn) {
      if (typeof target !== "string" || !(target in resources) || target === logicalId) {
        problems.push(`${path}.DependsOn: ${JSON.stringify(target)} is not another declared resource`);
      }
    }
    walk(resource.Properties, `${path}.Properties`, false);
  }
  for (const [name, output] of Object.entries(outputs)) {
    const path = `Outputs.${name}`;
    unknownKeys(output, TEMPLATE_KEYS.output, path);
    if (!isPlainObject(output)) continue;
    if (output.Value === undefined) problems.push(`${path}.Value: every output needs a Value`);
    if (output.Condition !== undefined) checkCondition(output.Condition, `${path}.Condition`);
    walk(output.Value, `${path}.Value`, false);
    walk(output.Export, `${path}.Export`, false);
  }
  return problems;
}
