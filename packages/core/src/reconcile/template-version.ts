/** `templateVersion`: which declaration of an environment pipeline a clone was copied from, as a short hash. */

import { stableHash } from "../names/stable-hash.js";
import { DeclarationError } from "../shared/errors.js";
import { isPlainObject, isRecord } from "../shared/plain-object.js";

const FIX =
  "pass the plain JSON that GetPipeline returns (strings, finite numbers, booleans, null, arrays and plain objects)";

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function write(value: unknown, path: string, ancestors: object[]): string {
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new DeclarationError(path, value, "is not a finite number", FIX);
      return JSON.stringify(value);
    case "object": {
      if (value === null) return "null";
      if (ancestors.includes(value))
        throw new DeclarationError(path, value, "contains itself (a cycle)", FIX);
      const inner = [...ancestors, value];
      const at = (key: string | number): string => (path === "" ? String(key) : `${path}.${key}`);
      if (Array.isArray(value)) {
        const items = value.map((item, index) =>
          item === undefined ? "null" : write(item, at(index), inner),
        );
        return `[${items.join(",")}]`;
      }
      if (!isPlainObject(value)) {
        throw new DeclarationError(path, value, "is an object of a class, not plain JSON", FIX);
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort(byCodeUnit)
        .map((key) => `${JSON.stringify(key)}:${write(record[key], at(key), inner)}`);
      return `{${members.join(",")}}`;
    }
    default:
      throw new DeclarationError(path, value, `is a ${typeof value}, not JSON`, FIX);
  }
}

/**
 * The canonical JSON of a plain-JSON value: object keys sorted by UTF-16 code unit, members whose value is
 * `undefined` left out (as `JSON.stringify` does), no whitespace. Two values that mean the same JSON give the same
 * text whatever their key order. Throws `DeclarationError` (with the path) for anything that is not JSON.
 *
 * @example
 * canonicalJson({ b: [1, { d: true, c: null }], a: "x" }); // '{"a":"x","b":[1,{"c":null,"d":true}]}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, "", []);
}

/**
 * The version of an environment pipeline's declaration (the `pipeline` object GetPipeline returns), as the
 * `tributary:template-version` tag of its clones holds it: `stableHash` of the canonical JSON of the declaration
 * without its top-level `version` (CodePipeline bumps that on every update, even one that changes nothing).
 * Key order does not matter; any other change of a value, a key or an array's order gives another version
 * (up to the 10-character hash's collisions, about 2⁻⁵⁰ per pair). Throws `DeclarationError` for non-JSON input.
 *
 * @example
 * const { pipeline } = await codePipeline.send(new GetPipelineCommand({ name: "acme-dev" }));
 * templateVersion(pipeline); // 10 characters of [0-9a-z], e.g. "1x9k2m0c7q"
 * templateVersion({ ...pipeline, version: 7 }) === templateVersion(pipeline); // true
 */
export function templateVersion(declaration: unknown): string {
  let kept = declaration;
  if (isRecord(declaration)) {
    const { version: _version, ...rest } = declaration as Record<string, unknown>;
    if (isPlainObject(declaration)) kept = rest;
  }
  return stableHash(canonicalJson(kept));
}
