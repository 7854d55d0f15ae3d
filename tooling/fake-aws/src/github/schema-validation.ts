/**
 * Validates requests and answers against the schemas of GitHub's description with Ajv.
 *
 * The description is OpenAPI 3.0.3, whose Schema Object is "an extended subset of JSON Schema Specification Wright
 * Draft 00" (draft 5). Every keyword the description uses (type, properties, required, enum, items, oneOf, anyOf,
 * allOf, minimum, maximum, minLength, maxLength, pattern, minItems, maxItems, uniqueItems, additionalProperties)
 * means the same in Ajv's default draft-07 dialect; it uses no boolean `exclusiveMinimum`, the one draft-5 keyword
 * draft 7 redefined. OpenAPI's own `nullable` is an Ajv keyword. The annotations OpenAPI adds (`example`,
 * `discriminator`, `readOnly`, `deprecated`, `x-*`) validate nothing, so Ajv runs with `strictSchema: false` to let
 * them pass. Formats come from `ajv-formats` plus OpenAPI's numeric ones and GitHub's `repo.nwo`.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { isObject, type JsonObject } from "../json";

// ajv-formats is CommonJS with `exports.default`; under Node's ESM interop the default import is the exports object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

const ajv = new Ajv({ strictSchema: false, allErrors: true, validateFormats: true });
addFormats(ajv);
// OpenAPI 3.0's data-type formats (https://spec.openapis.org/oas/v3.0.3#data-types) and GitHub's "owner/name".
ajv.addFormat("int32", {
  type: "number",
  validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
});
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
ajv.addFormat("float", { type: "number", validate: () => true });
ajv.addFormat("double", { type: "number", validate: () => true });
ajv.addFormat("binary", true);
ajv.addFormat("byte", true);
ajv.addFormat("repo.nwo", /^[^/]+\/[^/]+$/);

const compiled = new WeakMap<JsonObject, ValidateFunction>();

/**
 * A copy of a schema in which `nullable` appears only beside `type`: OpenAPI 3.0.3 says `nullable: true` "adds
 * "null" to the allowed types specified by the type keyword, only if type is explicitly defined within the same
 * Schema Object", so without `type` it means nothing, while Ajv refuses to compile it there.
 */
function withoutUntypedNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutUntypedNullable);
  if (!isObject(schema)) return schema;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" && typeof value === "boolean" && !("type" in schema)) continue;
    copy[key] = key === "example" || key === "examples" ? value : withoutUntypedNullable(value);
  }
  return copy;
}

/** Compiles a schema of the description once (schemas are keyed by identity: the description is loaded once). */
function validator(schema: JsonObject): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(withoutUntypedNullable(schema) as JsonObject);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Ajv's errors as one readable line each: `/body must be string`. */
function describe(errors: readonly ErrorObject[] | null | undefined, at: string): string[] {
  return (errors ?? []).map((error) => {
    const extra =
      error.keyword === "additionalProperties"
        ? ` ('${String(error.params.additionalProperty)}')`
        : error.keyword === "enum"
          ? ` (${JSON.stringify(error.params.allowedValues)})`
          : "";
    return `${at}${error.instancePath} ${error.message ?? error.keyword}${extra}`;
  });
}

/**
 * Validates a value against a schema of the description; returns the problems, one line each, or none.
 *
 * @example
 * validateAgainst({ type: "string", maxLength: 3 }, "abcd", "body"); // ["body must NOT have more than 3 characters"]
 */
export function validateAgainst(schema: JsonObject, value: unknown, at: string): string[] {
  const validate = validator(schema);
  return validate(value) ? [] : describe(validate.errors, at);
}

/**
 * Reads a query or path parameter's text as its schema's type (GitHub parses `per_page=100` as an integer), so
 * the schema validates the value, not its spelling. A value that is not a number stays text and fails the schema.
 */
export function coerceParameter(schema: unknown, text: string): unknown {
  const type = isObject(schema) ? schema.type : undefined;
  if (type === "integer" || type === "number") {
    const number = Number(text);
    return text.trim() !== "" && Number.isFinite(number) ? number : text;
  }
  if (type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  if (type === "array") return text.split(",");
  return text;
}
