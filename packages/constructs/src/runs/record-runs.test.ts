import {
  defineConfig,
  parseRunHistoryRequest,
  SOURCE_CLOSED_EVENT,
  sourceClosedDetail,
} from "@tributary/core";
import { App, RemovalPolicy, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import {
  codePipelineEvent,
  type RuleProperties,
  templateText,
  transform,
} from "../__fixtures__/event-rules.js";
import {
  built,
  rulesWithKind,
  runHistory,
  statementsOf,
  template,
} from "../__fixtures__/run-history-stack.js";
import { ENV } from "../__fixtures__/tributary-stack.js";
import { PipelineNotifications } from "../notifications/pipeline-notifications.js";
import { RunHistoryTable } from "./run-history-table.js";

describe("PipelineNotifier.recordRuns", () => {
  it.each(["dev", "qa", "prod"])(
    "given environment %s, when its run-history rule transforms an execution event, then the notifier gets a run event core accepts",
    (environment) => {
      const rule = rulesWithKind("runEvent").find((candidate) =>
        templateText(candidate.Targets[0]?.InputTransformer.InputTemplate).includes(
          `"environment":"${environment}"`,
        ),
      );
      expect(rule?.EventPattern.detail).toEqual({
        pipeline: [{ prefix: `acme-${environment}-` }, `acme-${environment}`],
      });
      const event = codePipelineEvent("CodePipeline Pipeline Execution State Change", {
        pipeline: `acme-${environment}`,
        state: "STOPPING",
        "pipeline-execution-attempt": 2,
      });
      const input = transform(rule as RuleProperties, event);
      expect(parseRunHistoryRequest(input)).toMatchObject({
        kind: "runEvent",
        pipeline: `acme-${environment}`,
        state: "STOPPING",
        attempt: 2,
        environment,
        project: "acme",
        hotfixPrefix: "hotfix/",
        reportsBucket: expect.stringMatching(/^tributary-bucketsreports/),
      });
    },
  );

  it("given a deleted branch and a closed pull request, when their rules transform the events, then the notifier gets what closes their rows", () => {
    const [branch, pullRequest] = ["Repository", "Pull Request"].map((kind) =>
      rulesWithKind("sourceClosed").find((rule) =>
        rule.EventPattern["detail-type"][0]?.startsWith(`CodeCommit ${kind}`),
      ),
    );
    expect(branch?.EventPattern.detail).toEqual({ event: ["referenceDeleted"], referenceType: ["branch"] });
    expect(pullRequest?.EventPattern.detail).toEqual({
      event: ["pullRequestStatusChanged", "pullRequestMergeStatusUpdated"],
      pullRequestStatus: ["Closed"],
    });
    /** What core reads of the notifier's input when `rule` transforms a CodeCommit event. */
    const closedBy = (
      rule: RuleProperties | undefined,
      detailType: string,
      detail: Record<string, unknown>,
    ) =>
      parseRunHistoryRequest(
        transform(rule as RuleProperties, {
          ...codePipelineEvent(detailType, {}),
          source: "aws.codecommit",
          detail,
        }),
      );
    expect(
      closedBy(branch, "CodeCommit Repository State Change", { referenceName: "feature/login" }),
    ).toMatchObject({ kind: "sourceClosed", branch: "feature/login" });
    expect(
      closedBy(pullRequest, "CodeCommit Pull Request State Change", { pullRequestId: "42" }),
    ).toMatchObject({ kind: "sourceClosed", pullRequestId: "42" });
  });

  it("given the notifier, when it records runs, then its function names the table and its TTL", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "notifier.handler",
      Environment: {
        Variables: Match.objectLike({
          TRIBUTARY_RUN_HISTORY_TABLE: built.stack.resolve(runHistory.table.table.tableName),
          TRIBUTARY_RUN_HISTORY_TTL_DAYS: "400",
        }),
      },
    });
  });

  it("given the notifier's role, when read, then it may put items, query the Deployments index, list runs and read TaskCat's results only", () => {
    const statements = statementsOf(built.notifications.notifier.role);
    const tableArn = built.stack.resolve(runHistory.table.table.tableArn);
    expect(statements).toEqual(
      expect.arrayContaining([
        { Effect: "Allow", Action: "dynamodb:PutItem", Resource: tableArn },
        {
          Effect: "Allow",
          Action: "dynamodb:Query",
          Resource: { "Fn::Join": ["", [tableArn, "/index/Deployments"]] },
        },
        expect.objectContaining({
          Sid: "ReadProjectRuns",
          Action: ["codepipeline:ListPipelineExecutions", "codepipeline:ListActionExecutions"],
          Condition: { StringEquals: { "aws:ResourceTag/tributary:project": "acme" } },
        }),
        expect.objectContaining({ Sid: "ReadTaskCatResults", Action: "s3:GetObject" }),
      ]),
    );
    const results = statements.find((statement) => statement.Sid === "ReadTaskCatResults");
    expect(JSON.stringify(results)).toContain("/*/taskcat-results.json");
    expect(JSON.stringify(results)).not.toContain("index.html");
    expect(JSON.stringify(statements)).not.toMatch(
      /dynamodb:(GetItem|Scan|DeleteItem|UpdateItem|BatchWriteItem)/,
    );
  });
});

describe("PipelineNotifier.recordRuns with a GitHub source (no repository)", () => {
  const config = defineConfig({
    project: "acme",
    source: { provider: "github", owner: "acme", repository: "infra" },
  });
  const stack = new Stack(new App(), "GitHubRuns", { env: ENV });
  const notifications = new PipelineNotifications(stack, "Notifications", { config });
  const rules = notifications.notifier.recordRuns({
    table: new RunHistoryTable(stack, "RunHistory", { config, removalPolicy: RemovalPolicy.DESTROY }),
  });
  const github = Template.fromStack(stack);
  const ruleOf = (rule: { node: { defaultChild?: unknown } } | undefined) =>
    github.toJSON().Resources[stack.getLogicalId(rule?.node.defaultChild as never)]?.Properties as
      | RuleProperties
      | undefined;
  /** The cloner's event as EventBridge delivers it: core's detail under core's source and detail-type. */
  const clonerEvent = (detail: object) => ({
    ...codePipelineEvent(SOURCE_CLOSED_EVENT.detailType, {}),
    source: SOURCE_CLOSED_EVENT.source,
    detail,
  });

  it.each([
    ["a deleted branch", "branch", { branch: "feature/login" }, { branch: "feature/login" }],
    ["a closed pull request", "pullRequestId", { pullRequestId: "42" }, { pullRequestId: "42" }],
  ] as const)(
    "given %s, when its rule transforms the cloner's Source Closed event, then the notifier gets the request that closes its row",
    (_name, field, closed, expected) => {
      const rule = ruleOf(field === "branch" ? rules.branchDeleted : rules.pullRequestClosed);
      expect(rule?.EventPattern).toEqual({
        source: [SOURCE_CLOSED_EVENT.source],
        "detail-type": [SOURCE_CLOSED_EVENT.detailType],
        detail: { project: ["acme"], [field]: [{ exists: true }] },
      });
      const input = transform(rule as RuleProperties, clonerEvent(sourceClosedDetail("acme", closed)));
      expect(parseRunHistoryRequest(input)).toEqual({
        kind: "sourceClosed",
        eventId: "event-1",
        time: "2026-11-27T15:00:00.000Z",
        project: "acme",
        ...expected,
      });
    },
  );

  it("given a GitHub source, when synthesized, then no rule listens to CodeCommit and the two rules are the cloner's", () => {
    const patterns = Object.values(github.findResources("AWS::Events::Rule")).map((resource) =>
      JSON.stringify(resource.Properties.EventPattern),
    );
    expect(patterns.filter((pattern) => pattern.includes("aws.codecommit"))).toEqual([]);
    expect(patterns.filter((pattern) => pattern.includes(SOURCE_CLOSED_EVENT.detailType))).toHaveLength(2);
  });
});
