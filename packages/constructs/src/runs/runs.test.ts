import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DEPLOY_STAGE_NAME, parseRunHistoryRequest, RUN_METRICS, runTableDefinition } from "@tributary/core";
import { App, Duration, Stack, Tags } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { describe, expect, it } from "vitest";
import {
  codePipelineEvent,
  type RuleProperties,
  templateText,
  transform,
} from "../__fixtures__/event-rules.js";
import { buildTributaryStack, CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { PIPELINE_STAGES } from "../environment-pipeline/pipeline-contract.js";
import { RunHistoryTable } from "./run-history-table.js";
import { RunWidgetFunction } from "./run-widget-function.js";
import { TributaryDashboard } from "./tributary-dashboard.js";

const built = buildTributaryStack({ runHistory: true });
const template = Template.fromStack(built.stack);
const runHistory = built.runHistory ?? (undefined as never);

function rulesWithKind(kind: string): RuleProperties[] {
  return Object.values(template.findResources("AWS::Events::Rule"))
    .map((resource) => resource.Properties as RuleProperties)
    .filter((rule) =>
      templateText(rule.Targets?.[0]?.InputTransformer?.InputTemplate ?? "").includes(`"kind":"${kind}"`),
    );
}

/** The statements of the one IAM policy attached to `role`. */
function statementsOf(role: { roleName: string }): Array<Record<string, unknown>> {
  const name = built.stack.resolve(role.roleName);
  const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter((policy) =>
    JSON.stringify(policy.Properties.Roles).includes(JSON.stringify(name)),
  );
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe("RunHistoryTable", () => {
  it("given the config, when built, then the table is on demand, KMS-encrypted with its own key, recoverable and expiring", () => {
    const definition = runTableDefinition("acme-tributary-runs");
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: definition.TableName,
      BillingMode: definition.BillingMode,
      KeySchema: definition.KeySchema,
      AttributeDefinitions: Match.arrayWith([...definition.AttributeDefinitions]),
      GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes,
      SSESpecification: {
        SSEEnabled: true,
        SSEType: "KMS",
        KMSMasterKeyId: built.stack.resolve(runHistory.table.encryptionKey.keyArn),
      },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
    template.hasResourceProperties("AWS::KMS::Key", {
      Description: "Encrypts the Tributary run history of acme",
      EnableKeyRotation: true,
    });
  });

  it("given no removal policy, when built, then the table is retained on delete", () => {
    const stack = new Stack(new App(), "Retained", { env: ENV });
    new RunHistoryTable(stack, "RunHistory", { config: CONFIG });
    Template.fromStack(stack).hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain" });
  });

  it("given runHistory.ttlDays in the config, when the table's environment is read, then it carries the TTL", () => {
    const stack = new Stack(new App(), "Ttl", { env: ENV });
    const table = new RunHistoryTable(stack, "RunHistory", {
      config: { ...CONFIG, runHistory: { ttlDays: 30 } },
    });
    expect(stack.resolve(table.environment())).toEqual({
      TRIBUTARY_RUN_HISTORY_TABLE: stack.resolve(table.table.tableName),
      TRIBUTARY_RUN_HISTORY_TTL_DAYS: "30",
    });
  });
});

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
    const codeCommit = (detailType: string, detail: Record<string, unknown>) => ({
      ...codePipelineEvent(detailType, {}),
      source: "aws.codecommit",
      detail,
    });
    expect(
      parseRunHistoryRequest(
        transform(
          branch as RuleProperties,
          codeCommit("CodeCommit Repository State Change", { referenceName: "feature/login" }),
        ),
      ),
    ).toMatchObject({ kind: "sourceClosed", branch: "feature/login" });
    expect(
      parseRunHistoryRequest(
        transform(
          pullRequest as RuleProperties,
          codeCommit("CodeCommit Pull Request State Change", { pullRequestId: "42" }),
        ),
      ),
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

describe("RunWidgetFunction", () => {
  it("given the widget's role, when read, then it may query only the live rows, decrypt through DynamoDB and read only the reports it signs", () => {
    const statements = statementsOf(runHistory.widget.role);
    expect(statements.map((statement) => statement.Action)).toEqual([
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      "dynamodb:Query",
      "kms:Decrypt",
      "s3:GetObject",
    ]);
    expect(statements[1]).toMatchObject({
      Resource: built.stack.resolve(runHistory.table.table.tableArn),
      Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["LIVE"] } },
    });
    expect(statements[2]).toMatchObject({
      Condition: { StringEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" } },
    });
    const keys = JSON.stringify(statements[3]?.Resource);
    for (const environment of ["dev", "qa", "prod"]) {
      expect(keys).toContain(`/reports/acme-${environment}/*/index.html`);
      expect(keys).toContain(`/reports/acme-${environment}-*/*/index.html`);
    }
    expect(keys).not.toContain("preview.json");
  });

  it("given the widget, when built, then its function knows the table, the project, the environments, the bucket and the link's life", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "run-widget.handler",
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: "tributary-run-widget",
          TRIBUTARY_RUN_HISTORY_TABLE: built.stack.resolve(runHistory.table.table.tableName),
          TRIBUTARY_RUN_HISTORY_TTL_DAYS: "400",
          TRIBUTARY_PROJECT: "acme",
          TRIBUTARY_ENVIRONMENTS: "dev,qa,prod",
          TRIBUTARY_REPORT_LINK_SECONDS: "900",
          TRIBUTARY_REPORTS_BUCKET: built.stack.resolve(built.buckets.reportsBucket.bucketName),
        },
      },
    });
  });

  it("given the built bundle, when the app is synthesized, then the widget's asset holds only run-widget.mjs", () => {
    const assembly = built.app.synth();
    const assets = readdirSync(assembly.directory)
      .filter((entry) => entry.startsWith("asset."))
      .map((entry) => readdirSync(join(assembly.directory, entry)));
    expect(assets).toContainEqual(["run-widget.mjs"]);
  });

  it.each([Duration.seconds(30), Duration.hours(13)])(
    "given report links lasting %s, when built, then it throws naming the range",
    (duration) => {
      const stack = new Stack(new App(), "Links", { env: ENV });
      const table = new RunHistoryTable(stack, "RunHistory", { config: CONFIG });
      expect(
        () =>
          new RunWidgetFunction(stack, "Widget", {
            config: CONFIG,
            table,
            reportLinkDuration: duration,
            code: lambda.Code.fromInline("exports.handler = () => ''"),
          }),
      ).toThrow(/Fix: use 1 minute to 12 hours/);
    },
  );
});

describe("TributaryDashboard", () => {
  const widgets = runHistory.dashboard.rows.flat();

  it("given the whole system, when the dashboard is built, then it has DORA, operations, the cloner and the overview page", () => {
    expect(runHistory.dashboard.rows.map((row) => row.length)).toEqual([1, 1, 4, 4, 2, 1]);
    expect(widgets).toHaveLength(13);
    expect(widgets.filter((widget) => widget instanceof cloudwatch.CustomWidget)).toHaveLength(1);
    for (const row of runHistory.dashboard.rows) {
      expect(row.reduce((width, widget) => width + widget.width, 0)).toBeLessThanOrEqual(24);
    }
  });

  it("given the defaults, when the dashboard is built, then DORA's keys are prod's and read the notifier's metrics", () => {
    expect(runHistory.dashboard.doraEnvironment).toBe("prod");
    const [dashboard] = Object.values(template.findResources("AWS::CloudWatch::Dashboard"));
    // The body is JSON text joined with references (the region, the function's ARN).
    const [, parts] = (dashboard as { Properties: { DashboardBody: { "Fn::Join": [string, unknown[]] } } })
      .Properties.DashboardBody["Fn::Join"];
    const body = parts.map((part) => (typeof part === "string" ? part : "<ref>")).join("");
    const { runDuration: _published, ...shown } = RUN_METRICS;
    for (const name of Object.values(shown)) expect(body).toMatch(new RegExp(`\\b${name}\\b`));
    expect(body).toContain('"environment","prod"');
    expect(body).toContain('"service","tributary-notifier"');
    expect(body).toContain('"type":"custom"');
  });

  it("given an environment the config lacks, when the dashboard is built, then it throws naming the choices", () => {
    const stack = new Stack(new App(), "Unknown", { env: ENV });
    expect(
      () => new TributaryDashboard(stack, "Dashboard", { config: CONFIG, doraEnvironment: "live" }),
    ).toThrow(/"live" is not an environment of the config\. Fix: use one of dev, qa, prod/);
  });

  it("given an app that tags everything, when the dashboard is synthesized, then it carries no Tags (CloudFormation takes none)", () => {
    const stack = new Stack(new App(), "Tagged", { env: ENV });
    new TributaryDashboard(stack, "Dashboard", { config: CONFIG });
    Tags.of(stack).add("tributary:project", "acme");
    const [dashboard] = Object.values(Template.fromStack(stack).findResources("AWS::CloudWatch::Dashboard"));
    expect(dashboard?.Properties).not.toHaveProperty("Tags");
  });

  it("given no cloner and no widget, when the dashboard is built, then it shows DORA and the runs only", () => {
    const stack = new Stack(new App(), "Small", { env: ENV });
    const dashboard = new TributaryDashboard(stack, "Dashboard", { config: CONFIG });
    expect(dashboard.rows.flat()).toHaveLength(10);
  });

  it("given the pipelines' stage names, when DORA's deploy stage is compared, then it is the Deploy stage", () => {
    expect(PIPELINE_STAGES.deploy).toBe(DEPLOY_STAGE_NAME);
  });
});
