import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stableHash } from "../names/stable-hash.js";
import { DeclarationError } from "../shared/errors.js";
import { canonicalJson, templateVersion } from "./template-version.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A small declaration in the shape GetPipeline returns. */
const declaration = {
  name: "acme-dev",
  roleArn: "arn:aws:iam::123456789012:role/acme-dev-pipeline",
  artifactStore: { type: "S3", location: "acme-artifacts" },
  pipelineType: "V2",
  variables: [{ name: "Branch", defaultValue: "develop" }],
  stages: [
    {
      name: "Source",
      actions: [
        {
          name: "Source",
          runOrder: 1,
          actionTypeId: { category: "Source", owner: "AWS", provider: "CodeCommit", version: "1" },
          configuration: { RepositoryName: "infra", BranchName: "develop" },
        },
      ],
    },
  ],
  version: 3,
};

/** The same JSON with every object's keys in the order `order` picks (a permutation per object). */
function reorder(value: Json, order: readonly number[], depth = 0): Json {
  if (Array.isArray(value)) return value.map((item) => reorder(item, order, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value);
  const shuffled: [string, Json][] = [];
  const rest = [...entries];
  for (let index = 0; rest.length > 0; index++) {
    const pick = (order[(index + depth) % Math.max(order.length, 1)] ?? 0) % rest.length;
    const [entry] = rest.splice(pick, 1);
    if (entry) shuffled.push([entry[0], reorder(entry[1], order, depth + 1)]);
  }
  return Object.fromEntries(shuffled);
}

/** Paths to every leaf (primitive, empty array or empty object) of a JSON value. */
function leaves(value: Json, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value) && value.length > 0)
    return value.flatMap((item, index) => leaves(item, [...path, index]));
  if (value !== null && typeof value === "object" && Object.keys(value).length > 0)
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  return [path];
}

function replaceAt(value: Json, path: readonly (string | number)[], replacement: Json): Json {
  const [head, ...tail] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value))
    return value.map((item, index) => (index === head ? replaceAt(item, tail, replacement) : item));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        key === head ? replaceAt(item, tail, replacement) : item,
      ]),
    );
  }
  return value;
}

const anyDeclaration = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 4 }), {
  maxKeys: 8,
}) as fc.Arbitrary<{ [key: string]: Json }>;

describe("canonicalJson", () => {
  it.each<[string, unknown, string]>([
    ["nested objects", { b: [1, { d: true, c: null }], a: "x" }, '{"a":"x","b":[1,{"c":null,"d":true}]}'],
    ["undefined members, left out", { a: undefined, b: 1 }, '{"b":1}'],
    ["undefined array items, as null", [undefined, 1], "[null,1]"],
    ["integer-like keys, sorted as text", { "10": 1, "9": 2, b: 3 }, '{"10":1,"9":2,"b":3}'],
    ["a null-prototype object", Object.assign(Object.create(null), { z: 1, a: 2 }), '{"a":2,"z":1}'],
    ["strings that need escaping", { '"': "\n\u2028" }, JSON.stringify({ '"': "\n\u2028" })],
  ])("Compliance: given %s, then the text is canonical", (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = { again: cyclic };
  it.each<[string, unknown, string]>([
    ["a bigint", { stages: [{ runOrder: 1n }] }, "stages.0.runOrder"],
    ["a function", { f: () => 1 }, "f"],
    ["a symbol", [Symbol("x")], "0"],
    ["NaN", { n: Number.NaN }, "n"],
    ["Infinity", { n: Number.POSITIVE_INFINITY }, "n"],
    ["a Date", { created: new Date(0) }, "created"],
    ["a Map", new Map(), ""],
    ["a cycle", cyclic, "self.again"],
    ["undefined at the root", undefined, ""],
  ])("Noncompliance: given %s, then DeclarationError names the path and the fix", (_name, value, path) => {
    const error = (() => {
      try {
        canonicalJson(value);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DeclarationError);
    expect((error as DeclarationError).path).toBe(path);
    expect((error as DeclarationError).message).toMatch(/Fix: pass the plain JSON that GetPipeline returns/);
  });

  it("given any JSON value, when written, then it parses back to an equal value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe("templateVersion", () => {
  it("given a declaration, then the version is the stable hash of its canonical JSON without version (pinned)", () => {
    const { version: _version, ...rest } = declaration;
    expect(templateVersion(declaration)).toBe(stableHash(canonicalJson(rest)));
    expect(templateVersion(declaration)).toMatch(/^[0-9a-z]{10}$/);
    expect(templateVersion(declaration)).toMatchInlineSnapshot(`"28gykx9rzr"`);
  });

  it("given the same declaration twice, when versioned, then the versions are equal (deterministic)", () => {
    fc.assert(
      fc.property(anyDeclaration, (value) => {
        expect(templateVersion(value)).toBe(templateVersion(structuredClone(value)));
      }),
    );
  });

  it("given any declaration with its keys reordered at every level, when versioned, then the version is the same", () => {
    fc.assert(
      fc.property(anyDeclaration, fc.array(fc.nat(20), { minLength: 1, maxLength: 10 }), (value, order) => {
        const reordered = reorder(value, order);
        expect(templateVersion(reordered)).toBe(templateVersion(value));
      }),
    );
  });

  it("given any declaration with one value replaced by a different one, when versioned, then the version changes", () => {
    fc.assert(
      fc.property(
        anyDeclaration.filter((value) => Object.keys(value).some((key) => key !== "version")),
        fc.nat(),
        fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
        (value, pick, replacement) => {
          const { version: _version, ...rest } = value;
          const paths = leaves(rest);
          const path = paths[pick % paths.length] ?? [];
          const changed = replaceAt(value, path, replacement);
          fc.pre(canonicalJson(replaceAt(rest, path, replacement)) !== canonicalJson(rest));
          expect(templateVersion(changed)).not.toBe(templateVersion(value));
        },
      ),
    );
  });

  it.each<[string, (value: typeof declaration) => unknown]>([
    ["a new action", (value) => ({ ...value, stages: [...value.stages, { name: "Test", actions: [] }] })],
    [
      "a changed configuration value",
      (value) =>
        replaceAt(
          value as unknown as Json,
          ["stages", 0, "actions", 0, "configuration", "BranchName"],
          "main",
        ),
    ],
    ["a stage added in front", (value) => ({ ...value, stages: [{ name: "B" }, ...value.stages] })],
    [
      "a changed variable default",
      (value) => ({ ...value, variables: [{ name: "Branch", defaultValue: "x" }] }),
    ],
  ])("given %s, when versioned, then the version changes", (_name, change) => {
    expect(templateVersion(change(declaration))).not.toBe(templateVersion(declaration));
  });

  it.each<[string, unknown]>([
    ["another version number", { ...declaration, version: 4 }],
    ["no version number", (({ version: _version, ...rest }) => rest)(declaration)],
    ["keys in another order", Object.fromEntries(Object.entries(declaration).reverse())],
    ["an undefined member", { ...declaration, triggers: undefined }],
  ])("given %s, when versioned, then the version is the same", (_name, value) => {
    expect(templateVersion(value)).toBe(templateVersion(declaration));
  });

  it("given a declaration that is not JSON, when versioned, then DeclarationError names the value", () => {
    expect(() => templateVersion({ ...declaration, created: new Date(0) })).toThrow(DeclarationError);
  });
});
