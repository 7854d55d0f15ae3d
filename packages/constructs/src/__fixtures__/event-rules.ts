/**
 * EventBridge rules as the tests read them from a synthesized template: their properties, their input template as
 * text, and what EventBridge hands the target for an event (the input transformer applied).
 */

/** A value of an event pattern's field: exact, or `{ prefix }`. */
export type PatternValue = string | { readonly prefix: string };

export interface RuleProperties {
  readonly EventPattern: {
    readonly "detail-type": readonly string[];
    readonly detail: Record<string, unknown>;
  };
  readonly Targets: readonly {
    readonly Arn: unknown;
    readonly InputTransformer: {
      readonly InputPathsMap: Record<string, string>;
      readonly InputTemplate: unknown;
    };
  }[];
}

/**
 * The input template as text, each `Ref` resolved as CloudFormation would: a topic to its ARN, a bucket to its
 * name (both named after the logical id).
 */
export function templateText(template: unknown): string {
  if (typeof template === "string") return template;
  const [, parts] = (template as { "Fn::Join": [string, unknown[]] })["Fn::Join"];
  return parts
    .map((part) => {
      if (typeof part === "string") return part;
      const { Ref: logicalId } = part as { Ref: string };
      return logicalId.startsWith("Buckets")
        ? `tributary-${logicalId.toLowerCase()}`
        : `arn:aws:sns:eu-west-1:123456789012:${logicalId}`;
    })
    .join("");
}

/** What EventBridge hands the target: the template with each `<name>` replaced by the JSON value at its path. */
export function transform(rule: RuleProperties, event: Record<string, unknown>): unknown {
  const transformer = rule.Targets[0]?.InputTransformer;
  if (transformer === undefined) throw new Error("the rule has no input transformer");
  let text = templateText(transformer.InputTemplate);
  for (const [name, path] of Object.entries(transformer.InputPathsMap)) {
    const value = path
      .slice(2)
      .split(".")
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], event);
    text = text.replaceAll(`<${name}>`, JSON.stringify(value));
  }
  return JSON.parse(text);
}

/** A CodePipeline event as EventBridge delivers it. */
export function codePipelineEvent(
  detailType: string,
  detail: Record<string, unknown>,
): Record<string, unknown> {
  return {
    version: "0",
    id: "event-1",
    "detail-type": detailType,
    source: "aws.codepipeline",
    account: "123456789012",
    time: "2026-11-27T15:00:00Z",
    region: "eu-west-1",
    resources: [],
    detail: { "execution-id": "0a1b2c3d-0000-4000-8000-000000000000", version: 1, ...detail },
  };
}
