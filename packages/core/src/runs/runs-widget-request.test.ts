import { describe, expect, it } from "vitest";
import { parseRunsWidgetRequest, RUNS_WIDGET_DOCUMENTATION } from "./runs-widget-request.js";

const widgetContext = (all: Record<string, unknown> = {}) => ({
  dashboardName: "acme-tributary",
  widgetId: "widget-16",
  accountId: "123456789012",
  forms: { all },
  params: {},
});

describe("parseRunsWidgetRequest", () => {
  it("given the widget's parameters, when read, then they are the page's filters", () => {
    expect(
      parseRunsWidgetRequest({
        environment: "qa",
        kind: "release",
        failedOnly: true,
        rows: 20,
        widgetContext: widgetContext(),
      }),
    ).toEqual({
      describe: false,
      filters: { environment: "qa", kind: "release", failedOnly: true },
      rows: 20,
    });
  });

  it("given the page's own form submitted, when read, then its values win over the widget's parameters", () => {
    expect(
      parseRunsWidgetRequest({
        environment: "qa",
        widgetContext: widgetContext({ environment: "prod", kind: "", failedOnly: "true" }),
      }).filters,
    ).toEqual({ environment: "prod", failedOnly: true });
  });

  it.each([
    ["an environment that is not a name", { environment: "Prod; drop" }],
    ["an unknown kind", { kind: "spike" }],
    ["rows beyond the maximum", { rows: 100_000 }],
    ["nothing", undefined],
  ])("given %s, when read, then it means no filter", (_what, event) => {
    expect(parseRunsWidgetRequest(event)).toEqual({ describe: false, filters: {}, rows: 100 });
  });

  it("given the console's documentation request, when read, then it asks for the documentation", () => {
    expect(parseRunsWidgetRequest({ describe: true }).describe).toBe(true);
  });

  it("given the documentation, when the console reads its first YAML block, then it lists every parameter", () => {
    const yaml = /``` yaml\n([\s\S]*?)```/.exec(RUNS_WIDGET_DOCUMENTATION)?.[1] ?? "";
    expect(
      yaml
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(":")[0]),
    ).toEqual(["environment", "kind", "failedOnly", "rows"]);
  });
});
