import { readdirSync } from "node:fs";
import { join } from "node:path";
import { App, type CfnElement, Duration, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { describe, expect, it } from "vitest";
import { built, runHistory, statementsOf, template } from "../__fixtures__/run-history-stack.js";
import { CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { RunHistoryTable } from "./run-history-table.js";
import { RunWidgetFunction } from "./run-widget-function.js";

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

  it("given a role, when the widget is built, then the Lambda runs as it, the widget's statements land on it and no role of its own is made", () => {
    const stack = new Stack(new App(), "GivenRole", { env: ENV });
    const table = new RunHistoryTable(stack, "RunHistory", { config: CONFIG });
    const role = new iam.Role(stack, "Given", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    });

    const widget = new RunWidgetFunction(stack, "Widget", {
      config: CONFIG,
      table,
      role,
      code: lambda.Code.fromInline("exports.handler = () => ''"),
    });

    const roleId = stack.getLogicalId(role.node.defaultChild as CfnElement);
    const given = Template.fromStack(stack);
    expect(widget.role).toBe(role);
    expect(widget.grantPrincipal).toBe(role);
    given.hasResourceProperties("AWS::Lambda::Function", { Role: stack.resolve(role.roleArn) });
    expect(Object.keys(given.findResources("AWS::IAM::Role"))).toEqual([roleId]);
    given.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: "dynamodb:Query",
            Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["LIVE"] } },
          }),
        ]),
      },
    });
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
