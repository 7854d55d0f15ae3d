import { describe, expect, it } from "vitest";
import { checkBuildspec, definedVariables, referencedVariables } from "./buildspec.js";

const valid = {
  version: 0.2,
  env: { shell: "bash", variables: { OUT: "out" }, "exported-variables": ["RESULT"] },
  phases: {
    install: { "runtime-versions": { python: 3.12 }, commands: ["pip install x"] },
    pre_build: { commands: ['export RESULT="$INPUT/$OUT"'] },
    build: { commands: ['echo "$RESULT in $AWS_REGION"'], finally: ["echo done"] },
    post_build: { commands: ['for f in a b; do echo "$f"; done'] },
  },
  artifacts: { files: ["out/**/*"] },
};

function variant(change: (spec: typeof valid & Record<string, unknown>) => void): unknown {
  const copy = structuredClone(valid) as typeof valid & Record<string, unknown>;
  change(copy);
  return copy;
}

describe("checkBuildspec", () => {
  it("Compliance: given a complete 0.2 buildspec, when checked, then there is no problem", () => {
    expect(checkBuildspec(valid, { provided: ["INPUT"] })).toEqual([]);
  });

  const noncompliance: [string, unknown, RegExp][] = [
    [
      "version 0.1",
      variant((s) => {
        s.version = 0.1;
      }),
      /version: 0\.1 is not 0\.2/,
    ],
    [
      "an unknown top-level key",
      variant((s) => {
        s.stages = {};
      }),
      /<buildspec>\.stages: not a buildspec 0\.2 key/,
    ],
    [
      "an unknown phase",
      variant((s) => {
        (s.phases as Record<string, unknown>).test = { commands: ["x"] };
      }),
      /phases\.test: not a buildspec 0\.2 key; use one of install, pre_build, build, post_build/,
    ],
    [
      "commands that are not a list",
      variant((s) => {
        (s.phases.build as Record<string, unknown>).commands = "echo";
      }),
      /phases\.build\.commands: expected a non-empty list/,
    ],
    [
      "runtime-versions outside install",
      variant((s) => {
        (s.phases.build as Record<string, unknown>)["runtime-versions"] = {};
      }),
      /phases\.build\.runtime-versions: not a buildspec 0\.2 key/,
    ],
    [
      "an unknown env key",
      variant((s) => {
        (s.env as Record<string, unknown>).exports = [];
      }),
      /env\.exports: not a buildspec 0\.2 key/,
    ],
    [
      "an exported variable never assigned",
      variant((s) => {
        s.env["exported-variables"] = ["RESULT", "GHOST"];
      }),
      /env\.exported-variables: GHOST is neither provided by the pipeline nor assigned/,
    ],
    [
      "artifacts without files",
      variant((s) => {
        s.artifacts = { name: "x" } as never;
      }),
      /artifacts\.files: expected a non-empty list/,
    ],
    [
      "a variable nobody sets",
      variant((s) => {
        s.phases.build.commands = ["echo $UNKNOWN_THING"];
      }),
      /phases\.build\.commands\[0\]: reads \$UNKNOWN_THING/,
    ],
    [
      "a variable read before it is set",
      variant((s) => {
        s.phases.pre_build.commands = ["echo $RESULT", "export RESULT=1"];
      }),
      /phases\.pre_build\.commands\[0\]: reads \$RESULT/,
    ],
    [
      "a bad on-failure",
      variant((s) => {
        (s.phases.build as Record<string, unknown>)["on-failure"] = "RETRY";
      }),
      /on-failure: "RETRY" is not ABORT or CONTINUE/,
    ],
  ];

  it.each(noncompliance)(
    "Noncompliance: given %s, when checked, then it is reported",
    (_name, buildspec, message) => {
      expect(checkBuildspec(buildspec, { provided: ["INPUT"] })).toContainEqual(
        expect.stringMatching(message),
      );
    },
  );
});

describe("referencedVariables", () => {
  it.each([
    ['echo "$A ${B} ${C:-x}"', ["A", "B", "C"]],
    ["echo $? $1 $(date) ${!name}", []],
    ['python3 -c \'import os; os.environ["D"]; os.environ.get("E")\'', ["D", "E"]],
  ])("given %s, when scanned, then it reads %j", (command, expected) => {
    expect(referencedVariables(command)).toEqual(expected);
  });
});

describe("definedVariables", () => {
  it.each([
    ['export A="x"', ["A"]],
    ["B=1 && C=2", ["B", "C"]],
    ["for item in a b; do :; done", ["item"]],
    ["read -r line < f", ["line"]],
    ["echo A == B", []],
  ])("given %s, when scanned, then it assigns %j", (command, expected) => {
    expect(definedVariables(command)).toEqual(expected);
  });
});
