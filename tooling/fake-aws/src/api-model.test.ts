/**
 * The fake's limits come from the API reference; botocore ships the same reference as machine-readable service
 * models (the pinned botocore of requirements-test.txt). Each case reads a limit from the model and checks that the
 * fake accepts a value at the limit and refuses one just beyond it, so the fake cannot drift from the model.
 */
import { describe, expect, it } from "vitest";
import { environmentPipeline } from "../fixtures/environment-pipeline";
import { FakeAwsError } from "./aws-error";
import { botocoreModel } from "./botocore-model";
import { FakeCodePipeline } from "./fake-codepipeline";
import type { JsonObject } from "./json";

interface Shape {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
}

function shapes(service: string, version: string): Record<string, Shape> {
  return (botocoreModel(service, version) as { shapes: Record<string, Shape> }).shapes;
}

const codePipelineShapes = shapes("codepipeline", "2015-07-09");

function limit(shape: string, bound: "min" | "max"): number {
  const value = codePipelineShapes[shape]?.[bound];
  if (value === undefined) throw new Error(`The CodePipeline model has no ${bound} for ${shape}`);
  return value;
}

const { version: _version, ...template } = environmentPipeline("dev");

function fake(): FakeCodePipeline {
  return new FakeCodePipeline({
    region: "eu-west-1",
    accountId: "123456789012",
    branchHead: () => "c".repeat(40),
  });
}

function created(changes: (pipeline: JsonObject) => void): FakeCodePipeline {
  const codePipeline = fake();
  const pipeline = structuredClone(template) as unknown as JsonObject;
  changes(pipeline);
  codePipeline.handle("CreatePipeline", { pipeline });
  return codePipeline;
}

/** Runs `attempt` with a value of length `n`; true when the fake accepted it. */
function accepts(attempt: () => unknown): boolean {
  try {
    attempt();
    return true;
  } catch (error) {
    if (error instanceof FakeAwsError) return false;
    throw error;
  }
}

const cases: ReadonlyArray<readonly [string, string, "min" | "max", (n: number) => () => unknown]> = [
  ["pipeline name length", "PipelineName", "max", (n) => () => created((p) => (p.name = "p".repeat(n)))],
  [
    "StartPipelineExecution clientRequestToken length",
    "ClientRequestToken",
    "max",
    (n) => () =>
      created(() => {}).handle("StartPipelineExecution", {
        name: "acme-dev",
        clientRequestToken: "t".repeat(n),
      }),
  ],
  [
    "StartPipelineExecution variable value length",
    "PipelineVariableValue",
    "min",
    (n) => () =>
      created(() => {}).handle("StartPipelineExecution", {
        name: "acme-dev",
        variables: [{ name: "Branch", value: "b".repeat(n) }],
      }),
  ],
  [
    "StartPipelineExecution variable value length",
    "PipelineVariableValue",
    "max",
    (n) => () =>
      created(() => {}).handle("StartPipelineExecution", {
        name: "acme-dev",
        variables: [{ name: "Branch", value: "b".repeat(n) }],
      }),
  ],
  [
    "StartPipelineExecution source revision length",
    "Revision",
    "max",
    (n) => () =>
      created(() => {}).handle("StartPipelineExecution", {
        name: "acme-dev",
        sourceRevisions: [{ actionName: "Source", revisionType: "COMMIT_ID", revisionValue: "r".repeat(n) }],
      }),
  ],
  [
    "action configuration value length",
    "ActionConfigurationValue",
    "max",
    (n) => () =>
      created((p) => {
        const stages = p.stages as Array<{ actions: Array<{ configuration: Record<string, string> }> }>;
        const action = stages[0]?.actions[0];
        if (action) action.configuration.BranchName = "b".repeat(n);
      }),
  ],
  [
    "pipeline variable declarations",
    "PipelineVariableDeclarationList",
    "max",
    (n) => () =>
      created((p) => {
        const declared = p.variables as JsonObject[];
        p.variables = [
          ...declared,
          ...Array.from({ length: n - declared.length }, (_, index) => ({ name: `Extra${index}` })),
        ];
      }),
  ],
  [
    "variable description length",
    "PipelineVariableDescription",
    "max",
    (n) => () =>
      created((p) => {
        const [first] = p.variables as JsonObject[];
        if (first) first.description = "d".repeat(n);
      }),
  ],
  [
    "ListPipelines maxResults",
    "MaxPipelines",
    "max",
    (n) => () => fake().handle("ListPipelines", { maxResults: n }),
  ],
  [
    "tag key length",
    "TagKey",
    "max",
    (n) => () =>
      fake().handle("CreatePipeline", { pipeline: template, tags: [{ key: "k".repeat(n), value: "v" }] }),
  ],
  [
    "tag value length",
    "TagValue",
    "max",
    (n) => () =>
      fake().handle("CreatePipeline", { pipeline: template, tags: [{ key: "k", value: "v".repeat(n) }] }),
  ],
];

describe("the fake CodePipeline's limits match botocore's service model", () => {
  it.each(cases)(
    "given the model's limit on %s (%s, %s), when a value sits at it and one step beyond, then the fake accepts the first and refuses the second",
    (_what, shape, bound, attempt) => {
      const at = limit(shape, bound);
      const beyond = bound === "max" ? at + 1 : at - 1;

      expect(accepts(attempt(at))).toBe(true);
      expect(accepts(attempt(beyond))).toBe(false);
    },
  );
});
