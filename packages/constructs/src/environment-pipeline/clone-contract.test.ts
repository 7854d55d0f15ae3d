import { cloneDeclaration } from "@tributary/cloner";
import { PIPELINE_VARIABLES, type Route, resolveBranch, resolvePullRequest } from "@tributary/core";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { buildTributaryStack, CONFIG } from "../__fixtures__/tributary-stack.js";

const built = buildTributaryStack({ config: { project: "acme", repository: "acme-infra" } });
const template = Template.fromStack(built.stack);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The synthesized pipeline in the shape GetPipeline returns: property names in camelCase (configuration keys
 * stay as they are), the repository's GetAtt replaced by its name, other intrinsics left as opaque values.
 */
function asDeclaration(value: Json, inConfiguration = false): Json {
  if (Array.isArray(value)) return value.map((item) => asDeclaration(item));
  if (value === null || typeof value !== "object") return value;
  if ("Fn::GetAtt" in value && JSON.stringify(value).includes('"Name"')) return CONFIG.repository;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      inConfiguration ? key : key.charAt(0).toLowerCase() + key.slice(1),
      asDeclaration(item, key === "Configuration"),
    ]),
  );
}

/** The declaration of the environment pipeline a route clones. */
function templateOf(route: Route) {
  const resource = Object.values(template.findResources("AWS::CodePipeline::Pipeline")).find(
    (candidate) => candidate.Properties.Name === route.templatePipeline,
  );
  const { tags: _tags, ...declaration } = asDeclaration(resource?.Properties) as Record<string, Json>;
  return declaration as unknown as Parameters<typeof cloneDeclaration>[0];
}

function routeOf(route: Route | null): Route {
  if (route === null) throw new Error("the branch does not route");
  return route;
}

describe("clone contract with @tributary/cloner", () => {
  it.each([
    ["feature/login", routeOf(resolveBranch(CONFIG, "feature/login"))],
    ["release/1.2.0", routeOf(resolveBranch(CONFIG, "release/1.2.0"))],
    [
      "PR 7 into develop",
      routeOf(
        resolvePullRequest(CONFIG, { id: "7", sourceBranch: "feature/x", destinationBranch: "develop" }),
      ),
    ],
  ])(
    "given %s, when the cloner clones its environment pipeline, then only branch, name and variables change",
    (_branch, route) => {
      const original = templateOf(route);
      const clone = cloneDeclaration(original, route, CONFIG.repository);
      expect(clone.name).toBe(route.pipelineName);
      expect(clone.stages?.[0]?.actions?.[0]?.configuration).toMatchObject({
        BranchName: route.branch,
        PollForSourceChanges: false,
      });
      expect(
        Object.fromEntries((clone.variables ?? []).map((variable) => [variable.name, variable.defaultValue])),
      ).toEqual(route.variables);
      expect(
        clone.variables?.find((variable) => variable.name === PIPELINE_VARIABLES.pipelineName)?.defaultValue,
      ).toBe(route.pipelineName);
      expect(clone.stages?.map((stage) => stage.name)).toEqual([
        "Source",
        "Test",
        "Preview",
        "Deploy",
        "Cleanup",
      ]);
      expect(clone.roleArn).toEqual(original.roleArn);
    },
  );

  it("given a PR into main (an ephemeral clone of prod), when cloned, then the Approval stage is gone, Preview stays and the change-set actions stay in order", () => {
    const route = routeOf(
      resolvePullRequest(CONFIG, { id: "9", sourceBranch: "hotfix/urgent", destinationBranch: "main" }),
    );
    expect(route.templatePipeline).toBe("acme-prod");
    const original = templateOf(route);
    expect(original.stages?.map((stage) => stage.name)).toContain("Approval");
    const clone = cloneDeclaration(original, route, CONFIG.repository);
    expect(clone.stages?.map((stage) => stage.name)).toEqual([
      "Source",
      "Test",
      "Preview",
      "Deploy",
      "Cleanup",
    ]);
    // The preview still targets acme-prod: the Preview project (shared with the template) names the shared stack.
    expect(clone.stages?.find((stage) => stage.name === "Preview")).toEqual(
      original.stages?.find((stage) => stage.name === "Preview"),
    );
    const deploy = clone.stages?.find((stage) => stage.name === "Deploy");
    expect(deploy?.actions?.map((action) => [action.name, action.runOrder])).toEqual([
      ["CreateChangeSet", 1],
      ["ExecuteChangeSet", 2],
    ]);
  });
});
