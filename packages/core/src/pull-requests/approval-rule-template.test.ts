import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyText, config, longConfig } from "../__fixtures__/arbitraries.js";
import { isValidBranchName } from "../config/branch-settings.js";
import type { TributaryConfigInput } from "../config/config-input.js";
import { defineConfig } from "../config/define-config.js";
import type { TributaryConfig } from "../shared/types.js";
import {
  APPROVAL_RULE_COMMAND_VARIABLES,
  APPROVAL_RULE_CONTENT_VERSION,
  APPROVAL_RULE_TEMPLATE_LIMITS,
  approvalRuleCommands,
  approvalRuleDestinations,
  approvalRuleTemplateContent,
  approvalRuleTemplateDescription,
  approvalRuleTemplateName,
  approverPoolMember,
  pullRequestApprovalRule,
} from "./approval-rule-template.js";

const base: TributaryConfigInput = { project: "acme", repository: "infra" };
const ROLE_NAME_LIMIT = 64; // IAM role names are at most 64 characters.
const PROJECT = /^[a-z][a-z0-9]{0,23}$/;
// No branch routes, so environments other than dev and qa need no route edits.
const noBranchRoutes = { feature: null, bugfix: null, release: null, hotfix: null } as const;

describe("approvalRuleTemplateName", () => {
  it("given project acme, then the name is acme-tributary-green-pipeline", () => {
    expect(approvalRuleTemplateName("acme")).toBe("acme-tributary-green-pipeline");
  });

  it("given any valid project, then the name fits CodeCommit's 100 characters and differs per project", () => {
    fc.assert(
      fc.property(fc.stringMatching(PROJECT), fc.stringMatching(PROJECT), (a, b) => {
        expect(approvalRuleTemplateName(a).length).toBeLessThanOrEqual(APPROVAL_RULE_TEMPLATE_LIMITS.name);
        expect(approvalRuleTemplateName(a) === approvalRuleTemplateName(b)).toBe(a === b);
      }),
    );
  });

  it("given a project longer than any defineConfig accepts, then a RangeError with the fix", () => {
    expect(() => approvalRuleTemplateName("a".repeat(90))).toThrow(/Fix: use a project name/);
  });
});

describe("approvalRuleDestinations", () => {
  it.each<[string, TributaryConfigInput, readonly string[]]>([
    ["the default config", base, ["refs/heads/main", "refs/heads/develop"]],
    [
      "renamed long-lived branches",
      { ...base, branches: { main: "master", develop: "dev" } },
      ["refs/heads/master", "refs/heads/dev"],
    ],
    ["pull requests disabled", { ...base, routes: { pullRequests: { enabled: false } } }, []],
    [
      "no environment for the develop branch",
      {
        ...base,
        environments: { prod: { branch: "main", requiresApproval: true } },
        routes: { branches: noBranchRoutes },
      },
      ["refs/heads/main"],
    ],
    [
      "develop routed by environmentByDestination only",
      {
        ...base,
        environments: { qa: {}, prod: { branch: "main" } },
        routes: { branches: noBranchRoutes, pullRequests: { environmentByDestination: { develop: "qa" } } },
      },
      ["refs/heads/main", "refs/heads/develop"],
    ],
  ])("given %s, then the gated destinations are %j", (_name, input, expected) => {
    expect(approvalRuleDestinations(defineConfig(input))).toEqual(expected);
  });
});

describe("approverPoolMember", () => {
  it("given a role, then the assumed-role ARN that matches each of its sessions", () => {
    expect(approverPoolMember({ partition: "aws", account: "123456789012", roleName: "acme-cloner" })).toBe(
      "arn:aws:sts::123456789012:assumed-role/acme-cloner/*",
    );
  });
});

describe("approvalRuleTemplateContent", () => {
  const member = "arn:aws:sts::123456789012:assumed-role/acme-cloner/*";

  it("given destinations and one approver, then one statement needs one approval from the pool", () => {
    expect(approvalRuleTemplateContent({ destinations: ["refs/heads/main"], approvers: [member] })).toEqual({
      Version: "2018-11-08",
      DestinationReferences: ["refs/heads/main"],
      Statements: [{ Type: "Approvers", NumberOfApprovalsNeeded: 1, ApprovalPoolMembers: [member] }],
    });
  });

  it.each([
    ["no destination", { destinations: [], approvers: [member] }, /gate every pull request/],
    ["no approver", { destinations: ["refs/heads/main"], approvers: [] }, /no approval could count/],
  ])("given %s, then a RangeError with the fix", (_name, input, message) => {
    expect(() => approvalRuleTemplateContent(input)).toThrow(message);
  });

  it("given the longest names and a 64-character role, then the content fits CodeCommit's 3,000 characters", () => {
    const approver = approverPoolMember({
      partition: "aws-us-gov",
      account: "123456789012",
      roleName: "r".repeat(ROLE_NAME_LIMIT),
    });
    const content = approvalRuleTemplateContent({
      destinations: approvalRuleDestinations(longConfig),
      approvers: [approver],
    });
    expect(JSON.stringify(content).length).toBeLessThanOrEqual(APPROVAL_RULE_TEMPLATE_LIMITS.content);
  });
});

describe("pullRequestApprovalRule", () => {
  it("given the default config, then the template of acme with main and develop", () => {
    expect(pullRequestApprovalRule(config)).toEqual({
      name: "acme-tributary-green-pipeline",
      description:
        "Tributary acme: a pull request merges once its pipeline succeeded (the cloner approves the revision that passed).",
      destinations: ["refs/heads/main", "refs/heads/develop"],
    });
  });

  it.each<[string, TributaryConfigInput]>([
    ["approvals.pullRequestRule false", { ...base, approvals: { pullRequestRule: false } }],
    ["pull requests disabled", { ...base, routes: { pullRequests: { enabled: false } } }],
  ])("given %s, then no template", (_name, input) => {
    expect(pullRequestApprovalRule(defineConfig(input))).toBeNull();
  });

  it("given the longest names, then the description fits CodeCommit's 1,000 characters", () => {
    expect(approvalRuleTemplateDescription(longConfig.project).length).toBeLessThanOrEqual(
      APPROVAL_RULE_TEMPLATE_LIMITS.description,
    );
  });
});

/** The words bash makes of `command` (with the variables set), printed one per line by bash itself. */
function shellWords(command: string, variables: Record<string, string>): string[] {
  const assignments = Object.entries(variables)
    .map(([name, value]) => `${name}='${value}'`)
    .join("; ");
  const script = `${assignments}; set -- ${command}; printf '%s\\0' "$@"`;
  return execFileSync("bash", ["-c", script], { encoding: "utf8" }).split("\0").slice(0, -1);
}

function option(words: readonly string[], name: string): string | undefined {
  const index = words.indexOf(name);
  return index === -1 ? undefined : words[index + 1];
}

describe("approvalRuleCommands", () => {
  const variables = {
    [APPROVAL_RULE_COMMAND_VARIABLES.role]: "acme-tributary-cicd-ClonerServiceRole-1A2B",
    [APPROVAL_RULE_COMMAND_VARIABLES.account]: "123456789012",
  };

  it("given the default config, when bash reads the create command, then its content is the template's with the role", () => {
    const [create] = approvalRuleCommands(config);
    const words = shellWords(create ?? "", variables);
    expect(words.slice(0, 3)).toEqual(["aws", "codecommit", "create-approval-rule-template"]);
    expect(option(words, "--approval-rule-template-name")).toBe("acme-tributary-green-pipeline");
    expect(option(words, "--approval-rule-template-description")).toBe(
      pullRequestApprovalRule(config)?.description,
    );
    expect(JSON.parse(option(words, "--approval-rule-template-content") ?? "")).toEqual({
      Version: APPROVAL_RULE_CONTENT_VERSION,
      DestinationReferences: ["refs/heads/main", "refs/heads/develop"],
      Statements: [
        {
          Type: "Approvers",
          NumberOfApprovalsNeeded: 1,
          ApprovalPoolMembers: [
            "arn:aws:sts::123456789012:assumed-role/acme-tributary-cicd-ClonerServiceRole-1A2B/*",
          ],
        },
      ],
    });
  });

  it("given the default config, when bash reads the associate command, then it names the template and the repository", () => {
    const [, associate] = approvalRuleCommands(config);
    const words = shellWords(associate ?? "", variables);
    expect(words).toEqual([
      "aws",
      "codecommit",
      "associate-approval-rule-template-with-repository",
      "--approval-rule-template-name",
      "acme-tributary-green-pipeline",
      "--repository-name",
      "infra-deployment",
    ]);
  });

  it("given branch names with shell characters, when bash reads the command, then they arrive unchanged", () => {
    const tricky = defineConfig({ ...base, branches: { main: "ma$in`x`", develop: 'dev"$(id)' } });
    const [create] = approvalRuleCommands(tricky);
    const content = JSON.parse(
      option(shellWords(create ?? "", variables), "--approval-rule-template-content") ?? "",
    );
    expect(content.DestinationReferences).toEqual(["refs/heads/ma$in`x`", 'refs/heads/dev"$(id)']);
  });

  it("given approvals.pullRequestRule false, then the commands are still printed (they are its manual form)", () => {
    const off = defineConfig({ ...base, approvals: { pullRequestRule: false } });
    expect(approvalRuleCommands(off)).toHaveLength(2);
  });

  it("given pull requests disabled, then no command", () => {
    expect(
      approvalRuleCommands(defineConfig({ ...base, routes: { pullRequests: { enabled: false } } })),
    ).toEqual([]);
  });

  it("given any main and develop branch names git accepts, when bash reads the create commands, then each content names them exactly", () => {
    // One bash process for every sample: each sample's content argument, NUL-terminated.
    const names = anyText.filter(
      (name) =>
        isValidBranchName(name) &&
        !name.startsWith("refs/") &&
        !/^(feature|bugfix|release|hotfix|support)\//.test(name),
    );
    const configs = fc
      .sample(fc.tuple(names, names), { numRuns: 60, seed: 42 })
      .filter(([main, develop]) => main !== develop)
      .map(([main, develop]) => defineConfig({ ...base, branches: { main, develop } }));
    const script = configs
      .map((each: TributaryConfig) => `set -- ${approvalRuleCommands(each)[0]}; printf '%s\\0' "\${9}"`)
      .join("\n");
    const contents = execFileSync("bash", ["-c", `ROLE=r; ACCOUNT=1\n${script}`], { encoding: "utf8" })
      .split("\0")
      .slice(0, -1);
    expect(contents).toHaveLength(configs.length);
    contents.forEach((content, index) => {
      const each = configs[index] as TributaryConfig;
      expect(JSON.parse(content).DestinationReferences).toEqual([
        `refs/heads/${each.branches.main}`,
        `refs/heads/${each.branches.develop}`,
      ]);
    });
  });
});
