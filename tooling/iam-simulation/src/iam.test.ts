import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { approvalRuleSdkCalls, principalTables, taskcatConfigRegions } from "./cases.js";
import { buildspecCalls, type CodeCall, lambdaSdkCalls, previewCalls, teardownCalls } from "./code-calls.js";
import { decide, label } from "./decide.js";
import { gitHubTables } from "./github-cases.js";
import { README, renderReadme } from "./readme.js";
import { countIam5Acknowledgements, metadataFileOf } from "./report.js";
import { synthesizeApp } from "./synthesized-app.js";

const app = await synthesizeApp();
const tables = principalTables(app);
// The same Lambdas serve a GitHub source: their GitHub calls are covered by that app's tables (github-iam.test.ts).
const gitHub = gitHubTables(await synthesizeApp("examples/github.config.ts"));

for (const table of tables) {
  // A table may be deny-only (a service that must not use the key at all).
  if (table.mustAllow.length > 0)
    describe(`${table.id}: must allow`, () => {
      it.each(table.mustAllow.map((entry) => [label(entry), entry] as const))(
        "given the synthesized policies, when it calls %s, then IAM allows it",
        async (_label, entry) => {
          const decision = await decide(app, table, entry);
          expect(decision.result, decision.detail).toBe("Allowed");
        },
      );
    });
  describe(`${table.id}: must deny`, () => {
    it.each(table.mustDeny.map((entry) => [label(entry), entry] as const))(
      "given the synthesized policies, when it calls %s, then IAM denies it",
      async (_label, entry) => {
        const decision = await decide(app, table, entry);
        expect(decision.result, decision.detail).not.toBe("Allowed");
      },
    );
  });
}

describe("preview roles", () => {
  it.each(environments)(
    "given the %s preview role, when it executes a preview change set, then IAM denies it explicitly (not only for lack of an allow)",
    async (env) => {
      const table = tables.find((candidate) => candidate.id === `${env} preview role`);
      const execute = table?.mustDeny.find((entry) => entry.action === "cloudformation:ExecuteChangeSet");
      if (table === undefined || execute === undefined)
        throw new Error(`no ExecuteChangeSet case for ${env}`);
      const decision = await decide(app, table, execute);
      expect(decision.result, decision.detail).toBe("ExplicitlyDenied");
    },
  );
});

/** The code calls whose actions no must-allow case of `ids` covers, as failure lines naming the call. */
function uncovered(
  calls: readonly CodeCall[],
  ids: readonly string[],
  gitHubIds: readonly string[] = [],
): string[] {
  const selected = tables.filter((table) => ids.includes(table.id));
  expect(selected.map((table) => table.id).sort()).toEqual([...ids].sort());
  const gitHubSelected = gitHub.filter((table) => gitHubIds.includes(table.id));
  expect(gitHubSelected.map((table) => table.id).sort()).toEqual([...gitHubIds].sort());
  // A call only a GitHub source makes (its secret, its listing object) is covered by the GitHub table of the same
  // principal; every other call by the shipped app's.
  const inGitHub = (action: string) =>
    gitHubSelected.some((table) => table.mustAllow.some((entry) => entry.action === action));
  return calls.flatMap((call) =>
    call.actions.flatMap((action) =>
      selected.flatMap((table) =>
        table.mustAllow.some((entry) => entry.action === action) || inGitHub(action)
          ? []
          : [
              `${call.where}: ${call.call} needs ${action}, but "${table.id}" has no must-allow case for it. Fix: grant it and add a case to tooling/iam-simulation/src/cases.ts.`,
            ],
      ),
    ),
  );
}

const environments = app.config.tributary.environments.map((environment) => environment.name);

describe("README.md", () => {
  it("given the suite, when README's generated figures are rendered again, then they are unchanged", () => {
    const text = readFileSync(README, "utf8");
    const iam5 = countIam5Acknowledgements(metadataFileOf(app.outdir, app.artifactId));
    expect(renderReadme(text, tables, iam5), "Fix: pnpm --filter @tributary/iam-simulation readme").toBe(
      text,
    );
  });
});

describe("TaskCat regions", () => {
  it.each(environments)(
    "given ci/%s/.taskcat.yml, when its regions are read, then they are the environment's testRegions the IAM is scoped to",
    (name) => {
      const environment = app.config.tributary.environments.find((candidate) => candidate.name === name);
      expect(
        taskcatConfigRegions(name),
        `Fix: set environments.${name}.testRegions in apps/deploy/tributary.config.ts to the regions of demo-templates/ci/${name}/.taskcat.yml.`,
      ).toEqual(environment?.testRegions);
    },
  );
});

describe("must-allow tables derived from the code", () => {
  it("given the cloner Lambda's code, when its SDK commands are listed, then each has a must-allow case", async () => {
    const calls = await lambdaSdkCalls("handler");
    expect(calls.length).toBeGreaterThan(5);
    expect(uncovered(calls, ["cloner"], ["cloner (GitHub)"])).toEqual([]);
  });

  it("given the notifier Lambda's code, when its SDK commands are listed, then each has a must-allow case", async () => {
    const calls = await lambdaSdkCalls("notifier");
    expect(calls.map((call) => call.call)).toContain("PublishCommand");
    expect(uncovered(calls, ["notifier"], ["notifier (GitHub)"])).toEqual([]);
  });

  it("given the run widget's code, when its SDK commands are listed, then each has a must-allow case", async () => {
    const calls = await lambdaSdkCalls("run-widget");
    // GetObject is signed into the reports' links, never sent: the link works only while the role may GetObject.
    expect(calls.map((call) => call.call).sort()).toEqual(["GetObjectCommand", "QueryCommand"]);
    expect(uncovered(calls, ["run widget"])).toEqual([]);
  });

  it("given the teardown script, when its aws commands are listed, then each has a must-allow case", async () => {
    expect(uncovered(await teardownCalls(), ["teardown project"])).toEqual([]);
  });

  it("given the preview script, when its aws commands are listed, then each environment's preview role has a case for each", async () => {
    const calls = await previewCalls();
    expect(calls.map((call) => call.call)).toEqual(
      expect.arrayContaining([
        "aws cloudformation create-change-set",
        "aws cloudformation wait change-set-create-complete",
        "aws cloudformation describe-change-set",
        "aws cloudformation delete-change-set",
        "aws s3 cp",
      ]),
    );
    expect(
      uncovered(
        calls,
        environments.map((env) => `${env} preview role`),
      ),
    ).toEqual([]);
  });

  it("given buildspec.yml, when its aws and taskcat commands are listed, then each environment's test role has a case for each", async () => {
    expect(
      uncovered(
        await buildspecCalls("buildspec.yml"),
        environments.map((env) => `${env} test role`),
      ),
    ).toEqual([]);
  });

  it("given buildspec-cleanup.yml, when its aws commands are listed, then each environment's cleanup role has a case for each", async () => {
    expect(
      uncovered(
        await buildspecCalls("buildspec-cleanup.yml"),
        environments.map((env) => `${env} cleanup role`),
      ),
    ).toEqual([]);
  });

  it("given the approval rule template's custom resources, when their SDK calls are listed, then each has a must-allow case", () => {
    const calls = approvalRuleSdkCalls(app);
    expect(calls.map((call) => call.call).sort()).toEqual([
      "CodeCommit.associateApprovalRuleTemplateWithRepository",
      "CodeCommit.associateApprovalRuleTemplateWithRepository",
      "CodeCommit.createApprovalRuleTemplate",
      "CodeCommit.createApprovalRuleTemplate",
      "CodeCommit.deleteApprovalRuleTemplate",
      "CodeCommit.disassociateApprovalRuleTemplateFromRepository",
      "CodeCommit.updateApprovalRuleTemplateContent",
      "CodeCommit.updateApprovalRuleTemplateContent",
    ]);
    expect(uncovered(calls, ["approval rule provider"])).toEqual([]);
  });

  it("given a Lambda source with a new SDK call, when the calls are listed, then the uncovered one is named", () => {
    const call: CodeCall = {
      call: "DeleteRepositoryCommand",
      actions: ["codecommit:DeleteRepository"],
      where: "packages/cloner/src/functions/cloner/list-state.ts:1",
    };
    expect(uncovered([call], ["cloner"])).toEqual([
      'packages/cloner/src/functions/cloner/list-state.ts:1: DeleteRepositoryCommand needs codecommit:DeleteRepository, but "cloner" has no must-allow case for it. Fix: grant it and add a case to tooling/iam-simulation/src/cases.ts.',
    ]);
  });
});
