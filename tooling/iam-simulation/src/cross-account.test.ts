import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type CrossAccountCase, crossAccountCases, synthesizeCrossAccountApp } from "./cross-account.js";
import { README, renderCrossAccountReadme } from "./readme.js";
import { simulate } from "./simulate.js";

const app = synthesizeCrossAccountApp();
const cases = crossAccountCases(app);

/** The principal's identity policies in its account and the resource's policy in its own, evaluated together. */
async function decide(entry: CrossAccountCase) {
  return simulate(
    {
      principal: entry.principal.arn,
      action: entry.action,
      resource: entry.resource.arn,
      resourceAccount: entry.resource.account,
      context: { "aws:PrincipalAccount": entry.principal.account, ...entry.context },
    },
    {
      identityPolicies: entry.principal.policies,
      ...(entry.resource.policy === undefined ? {} : { resourcePolicy: entry.resource.policy }),
    },
    "eu-west-1",
  );
}

const label = (entry: CrossAccountCase) =>
  `${entry.principal.arn} ${entry.action} on ${entry.resource.arn} (${entry.why})`;

describe("three accounts, two regions: must allow", () => {
  it.each(cases.filter((entry) => entry.expect === "Allowed").map((entry) => [label(entry), entry] as const))(
    "given the synthesized stacks, when %s, then IAM allows it",
    async (_label, entry) => {
      const decision = await decide(entry);
      expect(decision.result, decision.detail).toBe("Allowed");
    },
  );
});

describe("three accounts, two regions: must deny", () => {
  it.each(cases.filter((entry) => entry.expect === "Denied").map((entry) => [label(entry), entry] as const))(
    "given the synthesized stacks, when %s, then IAM denies it",
    async (_label, entry) => {
      const decision = await decide(entry);
      expect(decision.result, decision.detail).not.toBe("Allowed");
    },
  );
});

describe("README.md's cross-account counts", () => {
  it("given the cross-account cases, when README's block is rendered again, then it is unchanged", () => {
    const text = readFileSync(README, "utf8");
    expect(renderCrossAccountReadme(text, cases), "Fix: pnpm --filter @tributary/iam-simulation readme").toBe(
      text,
    );
  });
});
