/**
 * The Preview step's Node program as the buildspec runs it: the bundled file (`dist/buildspec/preview-program.mjs`)
 * in a real `node`, on pages written as the script writes them (one `DescribeChangeSet` page per line).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { summarizeChangeSets } from "@tributary/core";
import { describe, expect, it } from "vitest";
import { previewProgram } from "./preview-buildspec.js";
import { bashAssignments, previewDocument, TEMPLATE_URL_COMMAND } from "./preview-document.js";

const ROOT = "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/tributary-preview-0a1b/1111";
const NESTED =
  "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/acme-prod-App-X-tributary-preview-0a1b/2222";
const URL =
  "https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/p/e/preview.json";

/** A root change set that adds a topic and changes its nested stack, whose own change set is `nestedStatus`. */
function nestedPages(nestedStatus: string): unknown[] {
  return [
    {
      ChangeSetId: ROOT,
      ChangeSetName: "tributary-preview-0a1b",
      StackName: "acme-prod",
      Status: "CREATE_COMPLETE",
      ExecutionStatus: "AVAILABLE",
      IncludeNestedStacks: true,
      Changes: [
        {
          Type: "Resource",
          ResourceChange: {
            Action: "Modify",
            LogicalResourceId: "App",
            PhysicalResourceId: "arn:aws:cloudformation:eu-west-1:123456789012:stack/acme-prod-App-X/3333",
            ResourceType: "AWS::CloudFormation::Stack",
            Replacement: "False",
            Scope: ["Properties"],
            Details: [],
            ChangeSetId: NESTED,
          },
        },
      ],
    },
    {
      ChangeSetId: NESTED,
      ChangeSetName: "acme-prod-App-X-tributary-preview-0a1b",
      StackName: "acme-prod-App-X",
      Status: nestedStatus,
      ExecutionStatus: nestedStatus === "CREATE_COMPLETE" ? "AVAILABLE" : "UNAVAILABLE",
      ParentChangeSetId: ROOT,
      RootChangeSetId: ROOT,
      IncludeNestedStacks: true,
      Changes: [
        {
          Type: "Resource",
          ResourceChange: {
            Action: "Add",
            LogicalResourceId: "Audit",
            ResourceType: "AWS::SNS::Topic",
            Scope: [],
            Details: [],
          },
        },
      ],
    },
  ];
}

/** Runs the bundled program as PREVIEW_SCRIPT does, in a fresh directory holding the pages. */
function runProgram(pages: readonly unknown[]) {
  const directory = mkdtempSync(join(tmpdir(), "tributary-preview-program-"));
  const program = join(directory, "program.mjs");
  writeFileSync(program, previewProgram());
  writeFileSync(join(directory, "pages.jsonl"), pages.map((page) => `${JSON.stringify(page)}\n`).join(""));
  const result = spawnSync(
    process.execPath,
    [program, "pages.jsonl", "UPDATE", "preview.json", "outputs.env"],
    {
      cwd: directory,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH ?? "",
        PREVIEW_STACK_NAME: "acme-prod",
        TRIBUTARY_ENVIRONMENT: "prod",
        PREVIEW_URL: URL,
      },
    },
  );
  const read = (file: string) =>
    existsSync(join(directory, file)) ? readFileSync(join(directory, file), "utf8") : undefined;
  return { ...result, directory, document: read("preview.json"), outputs: read("outputs.env") };
}

describe("the Preview step's Node program (bundled, run by node)", () => {
  it("given a root and a nested change set, both finished, when run, then preview.json holds every page and PREVIEW_STATUS is core's status", () => {
    const pages = nestedPages("CREATE_COMPLETE");

    const { status, stdout, document, directory } = runProgram(pages);

    expect(status).toBe(0);
    const written = JSON.parse(document ?? "null");
    expect(written).toEqual([{ stack: "acme-prod", environment: "prod", changeSetType: "UPDATE", pages }]);
    const exported = execFileSync(
      "bash",
      ["-c", `set -a; . ./outputs.env; set +a; printf '%s\\n%s' "$PREVIEW_STATUS" "$PREVIEW_URL"`],
      { cwd: directory, encoding: "utf8" },
    );
    expect(exported).toBe(`${summarizeChangeSets(written).status}\n${URL}`);
    expect(exported.startsWith("changes\n")).toBe(true);
    expect(stdout).toBe(`Preview of acme-prod: changes (2 change-set pages): ${URL}\n`);
  });

  it("given a nested change set still being created, when run, then core's rule refuses it, the program fails and writes nothing", () => {
    const { status, stderr, document, outputs } = runProgram(nestedPages("CREATE_IN_PROGRESS"));

    expect(status).toBe(1);
    expect(stderr).toMatch(
      /The preview of acme-prod cannot be summarized: .*"CREATE_IN_PROGRESS" is not CREATE_COMPLETE or FAILED/,
    );
    expect(document).toBeUndefined();
    expect(outputs).toBeUndefined();
  });

  it("given no arguments, when run, then it fails naming how PREVIEW_SCRIPT runs it", () => {
    const directory = mkdtempSync(join(tmpdir(), "tributary-preview-program-"));
    writeFileSync(join(directory, "program.mjs"), previewProgram());

    const { status, stderr } = spawnSync(process.execPath, ["program.mjs"], {
      cwd: directory,
      encoding: "utf8",
    });

    expect(status).toBe(1);
    expect(stderr).toContain("Usage: node preview-program.mjs <pages.jsonl> <CREATE|UPDATE>");
  });

  it.each([
    ["eu-central-1", "https://acme-staging.s3.eu-central-1.amazonaws.com/staging/p/e/templates/main.yaml"],
    [
      "cn-northwest-1",
      "https://acme-staging.s3.cn-northwest-1.amazonaws.com.cn/staging/p/e/templates/main.yaml",
    ],
  ])(
    "given a staging bucket in %s, when asked for the template's URL, then it prints core's URL with that partition's DNS suffix",
    (region, url) => {
      const directory = mkdtempSync(join(tmpdir(), "tributary-preview-program-"));
      writeFileSync(join(directory, "program.mjs"), previewProgram());

      const { status, stdout } = spawnSync(
        process.execPath,
        ["program.mjs", TEMPLATE_URL_COMMAND, "acme-staging", region, "staging/p/e/templates/main.yaml"],
        { cwd: directory, encoding: "utf8" },
      );

      expect(status).toBe(0);
      expect(stdout).toBe(`${url}\n`);
    },
  );

  it("given the template-url command without its key, when run, then it fails with its usage", () => {
    const directory = mkdtempSync(join(tmpdir(), "tributary-preview-program-"));
    writeFileSync(join(directory, "program.mjs"), previewProgram());

    const { status, stderr } = spawnSync(
      process.execPath,
      ["program.mjs", TEMPLATE_URL_COMMAND, "acme-staging", "eu-west-1"],
      { cwd: directory, encoding: "utf8" },
    );

    expect(status).toBe(1);
    expect(stderr).toContain(
      `Usage: node preview-program.mjs ${TEMPLATE_URL_COMMAND} <bucket> <region> <key>`,
    );
  });
});

describe("previewDocument", () => {
  it("given a rejected call's one page, when summarized, then the document is core's PreviewDocument and the status error", () => {
    const pages = [{ StackName: "acme-prod", Status: "FAILED", StatusReason: "Template format error" }];

    const { document, status } = previewDocument({
      stack: "acme-prod",
      environment: "prod",
      changeSetType: "UPDATE",
      pages,
    });

    expect(document).toEqual([{ stack: "acme-prod", environment: "prod", changeSetType: "UPDATE", pages }]);
    expect(status).toBe("error");
  });
});

describe("bashAssignments", () => {
  it.each([
    "changes",
    "",
    "it's",
    "'",
    "a''b",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion that bash must not perform
    "$HOME and ${PATH}",
    "`date` $(date)",
    "back\\slash",
    'double "quotes"',
    "new\nline",
    "  spaces  ",
    "ünïcödé 日本語",
    URL,
  ])(
    "given the value %j, when bash sources the assignment, then it reads back exactly that value",
    (value) => {
      const directory = mkdtempSync(join(tmpdir(), "tributary-assignments-"));
      writeFileSync(join(directory, "outputs.env"), bashAssignments({ PREVIEW_URL: value }));

      const read = execFileSync(
        "bash",
        ["-c", `set -a; . ./outputs.env; set +a; printf '%s' "$PREVIEW_URL"`],
        {
          cwd: directory,
          encoding: "utf8",
        },
      );

      expect(read).toBe(value);
    },
  );
});
