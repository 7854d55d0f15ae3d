import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyText } from "../__fixtures__/arbitraries.js";
import { executionConsoleUrl, pipelineConsoleUrl, reportConsoleUrl } from "../names/names.js";
import { fixturePages, largeChangeSet } from "../preview/__fixtures__/change-sets/build.js";
import { previewHeadline } from "../preview/format-preview-comment.js";
import { previewUrl } from "../preview/preview-contract.js";
import { summarizeChangeSets } from "../preview/summarize-change-sets.js";
import {
  APPROVAL_DANGEROUS_CHANGES,
  type ApprovalPreview,
  type ExecutionDetails,
  fitSnsMessage,
  formatNotification,
  NOTIFICATION_LIMITS,
  type NotificationInput,
  sanitizeSubject,
} from "./format-notification.js";

const COMMIT = "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e";

function input(overrides: Partial<NotificationInput> = {}): NotificationInput {
  return {
    kind: "failure",
    pipeline: "acme-dev-feature-login",
    executionId: "0a1b2c3d-0000-4000-8000-000000000000",
    environment: "dev",
    state: "FAILED",
    time: "2026-11-27T15:00:00Z",
    region: "eu-west-1",
    account: "123456789012",
    ...overrides,
  };
}

function execution(variables: Record<string, string>, overrides: Partial<ExecutionDetails> = {}) {
  return {
    variables,
    commitId: COMMIT,
    commitMessage: "Fix the login form\n\nThe button was disabled.",
    ...overrides,
  } satisfies ExecutionDetails;
}

const FEATURE = {
  Environment: "dev",
  StackName: "acme-dev-feature-login",
  Branch: "feature/login",
  Ephemeral: "true",
  PipelineName: "acme-dev-feature-login",
};
const RELEASE = {
  Environment: "qa",
  StackName: "acme-qa",
  Branch: "release/1.2.0",
  Ephemeral: "false",
  PipelineName: "acme-qa-release-1.2.0",
};
const PROD = {
  Environment: "prod",
  StackName: "acme-prod",
  Branch: "main",
  Ephemeral: "false",
  PipelineName: "acme-prod",
};

/** The value of one `Label:` line of a message. */
function line(message: string, label: string): string | undefined {
  const found = message.split("\n").find((candidate) => candidate.startsWith(`${label}:`));
  return found?.slice(label.length + 1).trim();
}

describe("formatNotification", () => {
  describe("headlines and subjects", () => {
    it.each<[string, NotificationInput, ExecutionDetails | undefined, string]>([
      [
        "a failed feature clone",
        input(),
        execution(FEATURE),
        "Tributary: acme-dev-feature-login FAILED (dev, feature/login, 4c8f2e1)",
      ],
      [
        "a release clone deployed",
        input({
          kind: "deployment",
          pipeline: "acme-qa-release-1.2.0",
          environment: "qa",
          state: "SUCCEEDED",
          stage: "Deploy",
        }),
        execution(RELEASE),
        "Tributary: acme-qa-release-1.2.0 deployed to qa (release/1.2.0, 4c8f2e1)",
      ],
      [
        "prod waiting for approval",
        input({
          kind: "approval",
          pipeline: "acme-prod",
          environment: "prod",
          state: "STARTED",
          stage: "Approve",
          action: "Approve",
        }),
        execution(PROD),
        "Tributary: acme-prod waits for approval (prod, main, 4c8f2e1)",
      ],
      ["a failure not enriched", input(), undefined, "Tributary: acme-dev-feature-login FAILED (dev)"],
      [
        "a deployment not enriched",
        input({ kind: "deployment", stage: "Deploy", state: "SUCCEEDED" }),
        undefined,
        "Tributary: acme-dev-feature-login deployed to dev",
      ],
    ])("given %s, when formatted, then the subject is the headline", (_case, given, details, subject) => {
      const notification = formatNotification(given, details);

      expect(notification.subject).toBe(subject);
      expect(notification.message.split("\n")[0]).toBe(subject);
    });
  });

  it("given a failed ephemeral feature clone, when formatted, then every line names what happened and where", () => {
    const { message } = formatNotification(input(), execution(FEATURE, { status: "Failed" }));

    expect(message.split("\n")).toEqual([
      "Tributary: acme-dev-feature-login FAILED (dev, feature/login, 4c8f2e1)",
      "",
      "Pipeline:    acme-dev-feature-login (branch clone with its own stack acme-dev-feature-login, deleted with the branch or pull request)",
      "Environment: dev",
      "Branch:      feature/login",
      "Commit:      4c8f2e1 Fix the login form",
      "State:       FAILED (execution Failed)",
      "Time:        2026-11-27T15:00:00Z",
      "Account:     123456789012 (eu-west-1)",
      "Execution:   0a1b2c3d-0000-4000-8000-000000000000",
      "",
      `Open the execution: ${executionConsoleUrl("eu-west-1", "acme-dev-feature-login", "0a1b2c3d-0000-4000-8000-000000000000")}`,
    ]);
  });

  describe("what kind of pipeline it is, from the variables", () => {
    it.each<[string, NotificationInput, ExecutionDetails | undefined, RegExp]>([
      [
        "an ephemeral clone",
        input(),
        execution(FEATURE),
        /^acme-dev-feature-login \(branch clone with its own stack/,
      ],
      [
        "a clone on the shared stack",
        input({ pipeline: "acme-qa-release-1.2.0", environment: "qa" }),
        execution(RELEASE),
        /\(branch clone deploying the shared stack acme-qa of qa\)$/,
      ],
      [
        "the environment pipeline",
        input({ pipeline: "acme-prod", environment: "prod" }),
        execution(PROD),
        /\(environment pipeline of prod, deploying the shared stack acme-prod\)$/,
      ],
      ["no execution", input(), undefined, /unknown \(the execution could not be read\)\)$/],
      [
        "no StackName variable",
        input(),
        execution({}),
        /unknown \(the execution has no StackName variable\)\)$/,
      ],
    ])("given %s, when formatted, then the Pipeline line says so", (_case, given, details, expected) => {
      expect(line(formatNotification(given, details).message, "Pipeline")).toMatch(expected);
    });
  });

  describe("branch and commit, or why they are unknown", () => {
    it.each<[string, ExecutionDetails | undefined, string, string]>([
      [
        "no execution",
        undefined,
        "unknown (the execution could not be read; the notifier's log says why)",
        "unknown (the execution could not be read)",
      ],
      [
        "no Branch variable and no revision",
        { variables: {} },
        "unknown (the execution has no Branch variable: not a Tributary pipeline?)",
        "unknown (the execution lists no source revision yet)",
      ],
      ["a commit without message", { variables: FEATURE, commitId: COMMIT }, "feature/login", "4c8f2e1"],
      [
        "a commit message with CRLF lines",
        { variables: FEATURE, commitId: COMMIT, commitMessage: "  First line  \r\nsecond" },
        "feature/login",
        "4c8f2e1 First line",
      ],
    ])("given %s, when formatted, then Branch and Commit say so", (_case, details, branch, commit) => {
      const { message } = formatNotification(input(), details);

      expect(line(message, "Branch")).toBe(branch);
      expect(line(message, "Commit")).toBe(commit);
    });
  });

  it("given a commit link, when formatted, then the message carries it", () => {
    const url = `https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/infra/commit/${COMMIT}`;
    const { message } = formatNotification(input(), execution(FEATURE, { commitUrl: url }));

    expect(line(message, "Commit link")).toBe(url);
  });

  it("given a pending approval, when formatted, then it names the action and links to the pipeline to approve", () => {
    const { message } = formatNotification(
      input({
        kind: "approval",
        pipeline: "acme-prod",
        environment: "prod",
        state: "STARTED",
        stage: "Approve",
        action: "ManualApproval",
      }),
      execution(PROD),
    );

    expect(line(message, "Action")).toBe("Approve/ManualApproval");
    expect(line(message, "Approve or reject")).toBe(pipelineConsoleUrl("eu-west-1", "acme-prod"));
    expect(line(message, "Open the execution")).toBe(
      executionConsoleUrl("eu-west-1", "acme-prod", "0a1b2c3d-0000-4000-8000-000000000000"),
    );
  });

  it("given a pending approval with the reports bucket, when formatted, then it links the execution's TaskCat report", () => {
    const { message } = formatNotification(
      input({ kind: "approval", pipeline: "acme-prod", environment: "prod", reportsBucket: "acme-reports" }),
      execution(PROD),
    );

    expect(line(message, "TaskCat report")).toBe(
      reportConsoleUrl("acme-reports", "eu-west-1", "acme-prod", "0a1b2c3d-0000-4000-8000-000000000000"),
    );
    expect(line(message, "TaskCat report")).toContain(
      "prefix=reports/acme-prod/0a1b2c3d-0000-4000-8000-000000000000/index.html",
    );
  });

  describe("the change-set preview of an approval", () => {
    const approval = input({
      kind: "approval",
      pipeline: "acme-prod",
      environment: "prod",
      reportsBucket: "acme-reports",
    });
    const link = previewUrl("acme-reports", "eu-west-1", "acme-prod", "0a1b2c3d-0000-4000-8000-000000000000");
    // The fixtures preview acme-dev; the message names whatever stack the preview names.
    const summaryOf = (pages: Parameters<typeof summarizeChangeSets>[0][number]["pages"]) =>
      summarizeChangeSets([{ stack: pages[0]?.StackName ?? "acme-dev", environment: "prod", pages }]);

    it("given a preview with dangerous changes, when formatted, then the message has core's headline, each dangerous change and the link", () => {
      const summary = summaryOf(fixturePages("every-action"));
      const { message } = formatNotification(approval, execution(PROD), { kind: "summary", summary });

      expect(line(message, "Change-set preview")).toBe(previewHeadline(summary));
      const dangerous = summary.stacks[0]?.resources.filter((resource) => resource.dangerous) ?? [];
      expect(dangerous.length).toBeGreaterThan(0);
      for (const resource of dangerous)
        expect(message).toContain(
          `${[summary.stacks[0]?.stack, ...resource.stackPath, resource.logicalId].join("/")} (${resource.type})`,
        );
      expect(message).toContain("removed");
      expect(message).toContain("replaced");
      expect(line(message, "Full preview")).toBe(link);
      expect(link).toContain("prefix=reports/acme-prod/0a1b2c3d-0000-4000-8000-000000000000/preview.json");
    });

    it("given a preview without changes, when formatted, then it says so and lists no dangerous change", () => {
      const summary = summaryOf(fixturePages("no-changes"));
      const { message } = formatNotification(approval, execution(PROD), { kind: "summary", summary });

      expect(line(message, "Change-set preview")).toBe("no changes");
      expect(message).not.toContain("Dangerous changes");
    });

    it("given more dangerous changes than the message lists, when formatted, then the rest are counted", () => {
      const summary = summaryOf(largeChangeSet(500, 100, "acme-prod"));
      const dangerous = summary.counts.dangerous;
      expect(dangerous).toBeGreaterThan(APPROVAL_DANGEROUS_CHANGES);
      const { message } = formatNotification(approval, execution(PROD), { kind: "summary", summary });

      expect(message.split("\n").filter((text) => text.startsWith("  - "))).toHaveLength(
        APPROVAL_DANGEROUS_CHANGES,
      );
      expect(message).toContain(`… and ${dangerous - APPROVAL_DANGEROUS_CHANGES} more dangerous changes`);
    });

    it("given a preview the notifier could not read, when formatted, then the approval still goes out, saying so, with the link", () => {
      const unread: ApprovalPreview = {
        kind: "unavailable",
        reason: "NoSuchKey: The specified key does not exist.\nx",
      };
      const { message } = formatNotification(approval, execution(PROD), unread);

      expect(line(message, "Change-set preview")).toBe(
        `could not be read (NoSuchKey: The specified key does not exist. x); open it: ${link}`,
      );
      expect(line(message, "Approve or reject")).toBeDefined();
    });

    it("given an approval without the reports bucket, when formatted, then it has no preview line", () => {
      const summary = summaryOf(fixturePages("every-action"));
      const { message } = formatNotification(input({ kind: "approval" }), execution(PROD), {
        kind: "summary",
        summary,
      });

      expect(message).not.toContain("Change-set preview");
    });
  });

  it("given a failure with the reports bucket, when formatted, then no report line is added (only approvals review it)", () => {
    const { message } = formatNotification(input({ kind: "failure", reportsBucket: "acme-reports" }));

    expect(message).not.toContain("TaskCat report");
  });

  it("given an approval event without stage or action, when formatted, then the Action line shows placeholders", () => {
    const { message } = formatNotification(input({ kind: "approval" }));

    expect(line(message, "Action")).toBe("?/?");
  });

  it("given a successful Deploy stage, when formatted, then it names the stage and has no approval link", () => {
    const { message } = formatNotification(
      input({ kind: "deployment", state: "SUCCEEDED", stage: "Deploy" }),
      execution(FEATURE),
    );

    expect(line(message, "Stage")).toBe("Deploy");
    expect(line(message, "Approve or reject")).toBeUndefined();
  });

  it("given a branch variable with line breaks, when formatted, then it cannot add lines to the message", () => {
    const { message } = formatNotification(
      input(),
      execution({ ...FEATURE, Branch: "feature/x\nState: SUCCEEDED" }),
    );

    expect(message.split("\n").filter((candidate) => candidate.startsWith("State:"))).toEqual([
      "State:       FAILED",
    ]);
  });

  describe("properties", () => {
    const inputs = fc.record({
      kind: fc.constantFrom("failure", "deployment", "approval" as const),
      pipeline: anyText,
      executionId: anyText,
      environment: anyText,
      state: anyText,
      stage: fc.option(anyText, { nil: undefined }),
      action: fc.option(anyText, { nil: undefined }),
      time: anyText,
      region: anyText,
      account: anyText,
    });
    const executions = fc.option(
      fc.record(
        {
          variables: fc.dictionary(
            fc.oneof(fc.constantFrom("Branch", "StackName", "Ephemeral", "Environment"), anyText),
            anyText,
          ),
          commitId: anyText,
          commitMessage: fc.oneof(anyText, fc.string({ minLength: 2000, maxLength: 5000 })),
          commitUrl: anyText,
          status: anyText,
        },
        { requiredKeys: ["variables"] },
      ),
      { nil: undefined },
    );

    it("given any input and execution, when formatted, then the subject is a valid SNS subject", () => {
      fc.assert(
        fc.property(inputs, executions, (given, details) => {
          const { subject } = formatNotification(
            JSON.parse(JSON.stringify(given)) as NotificationInput,
            details,
          );
          expect(subject.length).toBeGreaterThan(0);
          expect(subject.length).toBeLessThanOrEqual(NOTIFICATION_LIMITS.subject);
          expect(subject).toMatch(/^[\x21-\x7e][\x20-\x7e]*$/);
        }),
      );
    });

    it("given any input and execution, when formatted, then the message is well-formed UTF-8 within 256 KiB", () => {
      fc.assert(
        fc.property(inputs, executions, (given, details) => {
          const { message } = formatNotification(given as NotificationInput, details);
          expect(message).not.toMatch(
            /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
          );
          expect(Buffer.byteLength(message, "utf8")).toBeLessThanOrEqual(NOTIFICATION_LIMITS.messageBytes);
        }),
      );
    });

    it("given any text, when sanitized, then it is a valid SNS subject and sanitizing again changes nothing", () => {
      fc.assert(
        fc.property(fc.oneof(anyText, fc.string({ maxLength: 300 })), (text) => {
          const subject = sanitizeSubject(text);
          expect(subject).toMatch(/^[\x21-\x7e][\x20-\x7e]{0,98}$/);
          expect(sanitizeSubject(subject)).toBe(subject);
        }),
      );
    });
  });
});

describe("sanitizeSubject", () => {
  it.each([
    ["Tributary: déployé\nà prod", "Tributary: d?ploy? ? prod"],
    ["  \t\n ", "Tributary notification"],
    ["a\u2028b\u0000c", "a b c"],
    ["x".repeat(150), `${"x".repeat(96)}...`],
    [`${"word ".repeat(30)}`, `${"word ".repeat(19)}w...`],
  ])("given %j, when sanitized, then it is %j", (text, subject) => {
    expect(sanitizeSubject(text)).toBe(subject);
  });
});

describe("fitSnsMessage", () => {
  it("given a message within the limit, when fitted, then it is unchanged", () => {
    expect(fitSnsMessage("short")).toBe("short");
  });

  it("given a message of multi-byte characters over the limit, when fitted, then it is cut on a character boundary and says so", () => {
    const fitted = fitSnsMessage("€".repeat(100_000));

    expect(Buffer.byteLength(fitted, "utf8")).toBeLessThanOrEqual(NOTIFICATION_LIMITS.messageBytes);
    expect(fitted.endsWith("(cut to fit the SNS message limit)")).toBe(true);
    expect(fitted.startsWith("€€€")).toBe(true);
  });
});
