/**
 * The IAM of a GitHub source (`apps/deploy/examples/github.config.ts`): the webhook function, the cloner's and the
 * notifier's GitHub secret and listing object, and the environment pipelines' use of the one connection; a
 * must-allow and a must-deny table per principal, evaluated like the shipped app's (`iam.test.ts`).
 */
import { describe, expect, it } from "vitest";
import { lambdaSdkCalls } from "./code-calls.js";
import { decide, label } from "./decide.js";
import { gitHubTables } from "./github-cases.js";
import { type SynthesizedRole, synthesizeApp } from "./synthesized-app.js";

const app = await synthesizeApp("examples/github.config.ts");
const tables = gitHubTables(app);

for (const table of tables) {
  describe(`${table.id}: must allow`, () => {
    it.each(table.mustAllow.map((entry) => [label(entry), entry] as const))(
      "given the synthesized policies of a GitHub source, when it calls %s, then IAM allows it",
      async (_label, entry) => {
        const decision = await decide(app, table, entry);
        expect(decision.result, decision.detail).toBe("Allowed");
      },
    );
  });
  describe(`${table.id}: must deny`, () => {
    it.each(table.mustDeny.map((entry) => [label(entry), entry] as const))(
      "given the synthesized policies of a GitHub source, when it calls %s, then IAM denies it",
      async (_label, entry) => {
        const decision = await decide(app, table, entry);
        expect(decision.result, decision.detail).not.toBe("Allowed");
      },
    );
  });
}

describe("the GitHub source's roles", () => {
  it("given the synthesized app, when every role is read, then only the three Source actions' roles may use a connection, and only the webhook function reads the webhook secret", () => {
    const statementsOf = (role: SynthesizedRole) =>
      role.policies.flatMap((policy) => policy.policy.Statement);
    const mentions = (pattern: RegExp) =>
      app.roles
        .filter((role) => statementsOf(role).some((statement) => pattern.test(JSON.stringify(statement))))
        .map((role) => role.logicalId.replace(/[0-9A-F]{8}$/, ""))
        .sort();
    expect(mentions(/UseConnection/)).toEqual([
      "DevPipelineSourceCodePipelineActionRole",
      "ProdPipelineSourceCodePipelineActionRole",
      "QaPipelineSourceCodePipelineActionRole",
    ]);
    expect(mentions(/github-webhook-secret/)).toEqual(["GitHubWebhookServiceRole"]);
    expect(mentions(/github-credentials/)).toEqual(["ClonerServiceRole", "NotificationsNotifierServiceRole"]);
  });
});

describe("the webhook function's table, derived from its code", () => {
  it("given the webhook function's code, when its SDK commands are listed, then each has a must-allow case", async () => {
    const calls = await lambdaSdkCalls("github-webhook");
    const table = tables.find((candidate) => candidate.id === "GitHub webhook function");
    expect(calls.map((call) => call.call).sort()).toEqual(["GetSecretValueCommand", "InvokeCommand"]);
    const missing = calls.flatMap((call) =>
      call.actions.filter((action) => !table?.mustAllow.some((entry) => entry.action === action)),
    );
    expect(missing).toEqual([]);
  });
});
