import { DEPLOY_STAGE_NAME, RUN_METRICS } from "@tributary/core";
import { App, Stack, Tags } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { describe, expect, it } from "vitest";
import { runHistory, template } from "../__fixtures__/run-history-stack.js";
import { CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { PIPELINE_STAGES } from "../environment-pipeline/pipeline-contract.js";
import { TributaryDashboard } from "./tributary-dashboard.js";

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
