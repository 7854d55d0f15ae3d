/** Parse CloudFormation YAML, turning its short-form tags (`!Ref`, `!Sub`, `!GetAtt`, ...) into the long form. */
import { isMap, isSeq, Pair, parseDocument, Scalar, type Tags, YAMLMap, type YAMLSeq } from "yaml";

/**
 * The intrinsic functions and condition functions CloudFormation accepts in short form, by tag.
 * `!Ref`, `!Condition` and `!GetAtt` are special-cased; every other tag becomes `{ "Fn::<Name>": value }`.
 *
 * @example
 * CFN_FUNCTION_TAGS.includes("Sub"); // true
 */
export const CFN_FUNCTION_TAGS = [
  "And",
  "Base64",
  "Cidr",
  "Equals",
  "FindInMap",
  "GetAZs",
  "If",
  "ImportValue",
  "Join",
  "Length",
  "Not",
  "Or",
  "Select",
  "Split",
  "Sub",
  "ToJsonString",
  "Transform",
] as const;

type CollectionKind = "seq" | "map";

function longForm(key: string, value: YAMLMap | YAMLSeq): YAMLMap {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(key), value));
  return map;
}

function splitGetAtt(value: string): [string, string] | string {
  const dot = value.indexOf(".");
  return dot <= 0 || dot === value.length - 1 ? value : [value.slice(0, dot), value.slice(dot + 1)];
}

function functionTags(name: string, key: string): Tags {
  const tag = `!${name}`;
  const collections: CollectionKind[] = ["seq", "map"];
  return [
    { tag, resolve: (value: string) => ({ [key]: value }) },
    ...collections.map((collection) => ({
      tag,
      collection,
      resolve: (value: unknown) => {
        if (!isMap(value) && !isSeq(value)) throw new Error(`${tag} expects a ${collection}`);
        return longForm(key, value);
      },
    })),
  ];
}

/**
 * The `yaml` custom tags for every CloudFormation short form, in scalar, sequence and mapping shapes.
 * `!GetAtt a.b.c` becomes `{ "Fn::GetAtt": ["a", "b.c"] }` (the first dot splits resource from attribute).
 *
 * @example
 * import { parse } from "yaml";
 * parse("Value: !GetAtt Website.Outputs.URL", { customTags: cloudFormationTags() });
 * // { Value: { "Fn::GetAtt": ["Website", "Outputs.URL"] } }
 */
export function cloudFormationTags(): Tags {
  const getAtt: Tags = [
    {
      tag: "!GetAtt",
      resolve: (value: string, onError: (message: string) => void) => {
        const parts = splitGetAtt(value);
        if (typeof parts === "string") {
          onError(`!GetAtt "${value}" needs the form Resource.Attribute`);
          return { "Fn::GetAtt": value };
        }
        return { "Fn::GetAtt": parts };
      },
    },
    {
      tag: "!GetAtt",
      collection: "seq",
      resolve: (value: unknown) => {
        if (!isSeq(value)) throw new Error("!GetAtt expects a sequence");
        return longForm("Fn::GetAtt", value);
      },
    },
  ];
  return [
    { tag: "!Ref", resolve: (value: string) => ({ Ref: value }) },
    { tag: "!Condition", resolve: (value: string) => ({ Condition: value }) },
    ...getAtt,
    ...CFN_FUNCTION_TAGS.flatMap((name) => functionTags(name, `Fn::${name}`)),
  ];
}

/** A YAML or tag problem found while parsing a template. */
export class TemplateParseError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${file} is not valid CloudFormation YAML: ${problems.join("; ")}. ` +
        "Fix the YAML syntax, or use only CloudFormation's short-form tags (!Ref, !Sub, !GetAtt, ...).",
    );
    this.name = "TemplateParseError";
  }
}

/**
 * Parse a CloudFormation YAML template (or any YAML using its short-form tags) into plain JSON data.
 * Unknown tags, duplicate keys and syntax errors throw a {@link TemplateParseError} naming the file.
 *
 * @example
 * parseCloudFormationYaml("Resources:\n  A:\n    Properties:\n      B: !Sub ${AWS::Region}\n");
 * // { Resources: { A: { Properties: { B: { "Fn::Sub": "${AWS::Region}" } } } } }
 */
export function parseCloudFormationYaml(text: string, file = "<template>"): unknown {
  const doc = parseDocument(text, {
    customTags: cloudFormationTags(),
    uniqueKeys: true,
    prettyErrors: false,
  });
  const problems = [...doc.errors, ...doc.warnings].map((error) => error.message);
  if (problems.length > 0) throw new TemplateParseError(file, problems);
  return doc.toJS({ maxAliasCount: 100 });
}
