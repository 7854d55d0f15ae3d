/** Check a template's resource types and properties against the CloudFormation resource specification. */
import { loadAwsServiceSpec } from "@aws-cdk/aws-service-spec";
import type { PropertyType, Resource, ResourceProperties, SpecDatabase } from "@aws-cdk/service-spec-types";

/** One thing in a template the specification does not allow, with where it is. */
export interface SpecFinding {
  /** Dotted path into the template, e.g. `Resources.Bucket.Properties.BucketEncryption`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether a value is an intrinsic function call (`{ Ref: ... }` or `{ "Fn::X": ... }`), whose result the
 * specification cannot check statically.
 *
 * @example
 * isIntrinsic({ "Fn::Sub": "${AWS::Region}" }); // true
 * isIntrinsic({ Key: "a", Value: "b" });         // false
 */
export function isIntrinsic(value: Json): value is Record<string, Json> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || (keys[0]?.startsWith("Fn::") ?? false));
}

function isNoValue(value: Json): boolean {
  return isPlainObject(value) && value.Ref === "AWS::NoValue";
}

function describe(type: PropertyType, spec: SpecDatabase): string {
  switch (type.type) {
    case "ref":
      return spec.get("typeDefinition", type.reference).name;
    case "array":
      return `list of ${describe(type.element, spec)}`;
    case "map":
      return `map of ${describe(type.element, spec)}`;
    case "union":
      return type.types.map((member) => describe(member, spec)).join(" or ");
    default:
      return type.type;
  }
}

/**
 * The CloudFormation resource specification shipped by `@aws-cdk/aws-service-spec` (the registry schemas
 * CDK generates its L1 constructs from), with checks for templates.
 *
 * @example
 * const spec = await loadResourceSpecification();
 * spec.checkTemplate({ Resources: { B: { Type: "AWS::S3::Bucket", Properties: { Nope: 1 } } } });
 * // [{ path: "Resources.B.Properties.Nope", message: '"Nope" is not a property of AWS::S3::Bucket; ...' }]
 */
export class ResourceSpecification {
  constructor(private readonly db: SpecDatabase) {}

  /** The specification of a resource type, or `undefined` when CloudFormation has no such type. */
  resource(type: string): Resource | undefined {
    return this.db.lookup("resource", "cloudFormationType", "equals", type)[0];
  }

  /** The attribute names `Fn::GetAtt` accepts for a resource type, or `undefined` for an unknown type. */
  attributes(type: string): string[] | undefined {
    const resource = this.resource(type);
    return resource ? Object.keys(resource.attributes) : undefined;
  }

  /** Every finding for the resources of a parsed template (types, properties, nested property types). */
  checkTemplate(template: Json): SpecFinding[] {
    const findings: SpecFinding[] = [];
    const resources = isPlainObject(template) ? template.Resources : undefined;
    if (!isPlainObject(resources)) {
      return [
        {
          path: "Resources",
          message: "the template has no Resources mapping; declare at least one resource",
        },
      ];
    }
    for (const [logicalId, resource] of Object.entries(resources)) {
      const path = `Resources.${logicalId}`;
      if (!isPlainObject(resource) || typeof resource.Type !== "string") {
        findings.push({
          path: `${path}.Type`,
          message: "the resource has no Type; give it an AWS::Service::Resource type",
        });
        continue;
      }
      const type = resource.Type;
      if (type.startsWith("Custom::") || type === "AWS::CloudFormation::CustomResource") continue;
      const spec = this.resource(type);
      if (!spec) {
        findings.push({
          path: `${path}.Type`,
          message: `"${type}" is not a CloudFormation resource type; check the spelling against the resource type reference`,
        });
        continue;
      }
      const properties = resource.Properties ?? {};
      this.checkObject(properties, spec.properties, type, `${path}.Properties`, findings);
    }
    return findings;
  }

  private checkObject(
    value: Json,
    properties: ResourceProperties,
    typeName: string,
    path: string,
    findings: SpecFinding[],
  ): void {
    if (isIntrinsic(value)) {
      this.checkIntrinsic(
        value,
        (branch, branchPath) => this.checkObject(branch, properties, typeName, branchPath, findings),
        path,
      );
      return;
    }
    if (!isPlainObject(value)) {
      findings.push({ path, message: `expected a ${typeName} object, got ${JSON.stringify(value)}` });
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const property = properties[key];
      if (!property) {
        const known = Object.keys(properties).sort().join(", ");
        findings.push({
          path: `${path}.${key}`,
          message: `"${key}" is not a property of ${typeName}; use one of: ${known}`,
        });
        continue;
      }
      this.checkValue(child, [property.type, ...(property.previousTypes ?? [])], `${path}.${key}`, findings);
    }
    for (const [key, property] of Object.entries(properties)) {
      if (property.required && !(key in value)) {
        findings.push({ path: `${path}.${key}`, message: `${typeName} requires "${key}"; add it` });
      }
    }
  }

  /** `Fn::If` branches are checked as the value they stand for; other intrinsics are opaque. */
  private checkIntrinsic(
    value: Record<string, Json>,
    check: (branch: Json, path: string) => void,
    path: string,
  ): void {
    const args = value["Fn::If"];
    if (!Array.isArray(args)) return;
    for (const index of [1, 2]) {
      const branch = args[index];
      if (branch !== undefined && !isNoValue(branch)) check(branch, `${path}.Fn::If[${index}]`);
    }
  }

  private checkValue(value: Json, types: PropertyType[], path: string, findings: SpecFinding[]): void {
    let best: SpecFinding[] | undefined;
    for (const type of types) {
      const attempt: SpecFinding[] = [];
      this.checkType(value, type, path, attempt);
      if (attempt.length === 0) return;
      if (!best || attempt.length < best.length) best = attempt;
    }
    findings.push(...(best ?? []));
  }

  private checkType(value: Json, type: PropertyType, path: string, findings: SpecFinding[]): void {
    if (isIntrinsic(value)) {
      this.checkIntrinsic(
        value,
        (branch, branchPath) => this.checkType(branch, type, branchPath, findings),
        path,
      );
      return;
    }
    switch (type.type) {
      case "json":
      case "null":
        return;
      case "string":
      case "number":
      case "integer":
      case "boolean":
      case "date-time":
        if (typeof value === "object" && value !== null) {
          findings.push({ path, message: `expected a ${type.type}, got ${JSON.stringify(value)}` });
        }
        return;
      case "tag":
        this.checkObject(
          value,
          {
            Key: { type: { type: "string" }, required: true },
            Value: { type: { type: "string" }, required: true },
          },
          "Tag",
          path,
          findings,
        );
        return;
      case "ref": {
        const definition = this.db.get("typeDefinition", type.reference);
        this.checkObject(value, definition.properties, definition.name, path, findings);
        return;
      }
      case "array":
        if (!Array.isArray(value)) {
          findings.push({
            path,
            message: `expected a ${describe(type, this.db)}, got ${JSON.stringify(value)}`,
          });
          return;
        }
        value.forEach((element, index) => {
          this.checkValue(element, [type.element], `${path}[${index}]`, findings);
        });
        return;
      case "map":
        if (!isPlainObject(value)) {
          findings.push({
            path,
            message: `expected a ${describe(type, this.db)}, got ${JSON.stringify(value)}`,
          });
          return;
        }
        for (const [key, element] of Object.entries(value)) {
          this.checkValue(element, [type.element], `${path}.${key}`, findings);
        }
        return;
      case "union":
        this.checkValue(value, type.types, path, findings);
        return;
    }
  }
}

let loaded: Promise<ResourceSpecification> | undefined;

/**
 * Load (once per process) the CloudFormation resource specification from `@aws-cdk/aws-service-spec`.
 *
 * @example
 * const spec = await loadResourceSpecification();
 * spec.attributes("AWS::CloudFront::Distribution"); // ["DomainName", "Id"]
 */
export function loadResourceSpecification(): Promise<ResourceSpecification> {
  loaded ??= loadAwsServiceSpec().then((db) => new ResourceSpecification(db));
  return loaded;
}
