import type { PipelineDeclaration } from "@aws-sdk/client-codepipeline";
import {
  MANAGED_TAGS,
  type Route,
  resolveBranch,
  resolvePullRequest,
  templateVersion,
} from "@tributary/core";
import type { JsonObject } from "@tributary/fake-aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneDeclaration } from "../../src/functions/cloner/clone-declaration";
import { scheduledEvent } from "../__fixtures__/events";
import type { Invocation } from "./cloner-process";
import { startWorld, type World } from "./world";

type Outcome = { action: string; subject: string; outcome: string };

function outcomes(invocation: Invocation): string[] {
  if (!invocation.ok) throw new Error(`${invocation.error.name}: ${invocation.error.message}`);
  return invocation.result.outcomes.map(
    (outcome: Outcome) => `${outcome.action}:${outcome.subject}:${outcome.outcome}`,
  );
}

function routeOf(route: Route | null): Route {
  if (route === null) throw new Error("unrouted");
  return route;
}

/** A new declaration of an environment pipeline, deployed the way the CDK app deploys it (UpdatePipeline). */
function deployTemplate(
  world: World,
  name: string,
  change: (declaration: PipelineDeclaration) => void,
): void {
  const stored = world.aws.codePipeline.pipelines.get(name);
  if (!stored) throw new Error(`${name} is not deployed`);
  const declaration = structuredClone(stored.declaration) as unknown as PipelineDeclaration;
  change(declaration);
  world.aws.codePipeline.handle("UpdatePipeline", { pipeline: declaration as unknown as JsonObject });
}

describe("the bundled cloner updates clones when their template changes (scheduled reconcile)", () => {
  let world: World;
  let routes: Route[];
  let firstReconcile: string[];
  let secondReconcile: string[];
  let callsBefore: number;
  let runsBefore: number;

  beforeAll(async () => {
    world = await startWorld();
    const { git, cloner } = world;
    await cloner.deliver(git.create("feature/login", "login-1"));
    await cloner.deliver(git.create("release/1.0.0", "release-1"));
    await cloner.deliver(git.openPullRequest("feature/login", "develop").event);
    await cloner.deliver(git.openPullRequest("release/1.0.0", "main").event);
    routes = [
      routeOf(resolveBranch(world.config, "feature/login")),
      routeOf(resolveBranch(world.config, "release/1.0.0")),
      routeOf(
        resolvePullRequest(world.config, {
          id: "1",
          sourceBranch: "feature/login",
          destinationBranch: "develop",
        }),
      ),
      routeOf(
        resolvePullRequest(world.config, {
          id: "2",
          sourceBranch: "release/1.0.0",
          destinationBranch: "main",
        }),
      ),
    ];
    expect(world.actualClones()).toEqual(routes.map((route) => route.pipelineName).sort());

    // The CDK app deploys new declarations: dev gets a changed buildspec variable and a new Test action, prod a
    // new action after its approval. qa is unchanged.
    deployTemplate(world, "acme-dev", (declaration) => {
      const test = declaration.stages?.find((stage) => stage.name === "Test");
      const action = test?.actions?.[0];
      if (!test?.actions || !action?.configuration) throw new Error("no Test action");
      action.configuration.EnvironmentVariables = JSON.stringify([
        ...JSON.parse(action.configuration.EnvironmentVariables ?? "[]"),
        { name: "CFN_LINT_VERSION", value: "1.20.0", type: "PLAINTEXT" },
      ]);
      test.actions.push({
        ...action,
        name: "Lint",
        namespace: undefined,
        runOrder: 2,
        outputArtifacts: [{ name: "LintOutput" }],
      });
    });
    deployTemplate(world, "acme-prod", (declaration) => {
      const deploy = declaration.stages?.find((stage) => stage.name === "Deploy");
      deploy?.actions?.push({
        name: "SmokeTest",
        actionTypeId: { category: "Test", owner: "AWS", provider: "CodeBuild", version: "1" },
        runOrder: 4,
        configuration: { ProjectName: "acme-smoke" },
        inputArtifacts: [{ name: "Source" }],
      });
    });
    // A clone made before clones recorded their template's version (an older cloner).
    world.aws.codePipeline.pipelines.get("acme-qa-release-1.0.0")?.tags.delete(MANAGED_TAGS.templateVersion);

    callsBefore = world.aws.calls.length;
    runsBefore = world.aws.codePipeline.executions.length;
    firstReconcile = outcomes(await cloner.deliver(scheduledEvent()));
    secondReconcile = outcomes(await cloner.deliver(scheduledEvent()));
  });

  afterAll(async () => {
    await world?.close();
  });

  it("given dev and prod templates changed and a clone without a version tag, when reconciled, then exactly those clones are updated", () => {
    expect(firstReconcile.sort()).toEqual([
      "updateClone:acme-dev-feature-login:updated",
      "updateClone:acme-dev-pr-1:updated",
      "updateClone:acme-prod-pr-2:updated",
      "updateClone:acme-qa-release-1.0.0:updated",
    ]);
    expect(world.cloner.metric("PipelinesUpdated")).toBe(4);
    expect(world.cloner.metric("Failures")).toBe(0);
  });

  it("given the update, when each clone is read, then it is its template's current declaration with its own name, branch and variables", () => {
    for (const route of routes) {
      const template = world.aws.codePipeline.pipelines.get(route.templatePipeline)?.declaration;
      const clone = world.aws.codePipeline.pipelines.get(route.pipelineName)?.declaration;
      const { version: _version, ...expected } = cloneDeclaration(
        template as unknown as PipelineDeclaration,
        route,
        world.config.repository,
      );
      const { version: _cloneVersion, ...actual } = clone as unknown as PipelineDeclaration;
      expect(actual).toEqual(expected);
      expect(actual.name).toBe(route.pipelineName);
      expect(actual.stages?.[0]?.actions?.[0]?.configuration?.BranchName).toBe(route.branch);
    }
    const feature = JSON.stringify(
      world.aws.codePipeline.pipelines.get("acme-dev-feature-login")?.declaration,
    );
    expect(feature).toContain("CFN_LINT_VERSION");
    expect(feature).toContain('"name":"Lint"');
    const prodPullRequest = world.aws.codePipeline.pipelines.get("acme-prod-pr-2")?.declaration;
    const deploy = (prodPullRequest as unknown as PipelineDeclaration).stages?.find(
      (stage) => stage.name === "Deploy",
    );
    expect(deploy?.actions?.map((action) => action.name)).toEqual([
      "CreateChangeSet",
      "ExecuteChangeSet",
      "SmokeTest",
    ]);
  });

  it("given the update, when the clones' tags are read, then each carries its template's version and its other tags are kept", () => {
    for (const route of routes) {
      const template = world.aws.codePipeline.pipelines.get(route.templatePipeline)?.declaration;
      expect(world.aws.codePipeline.tagsOf(route.pipelineName)).toEqual({
        ...route.tags,
        [MANAGED_TAGS.templateVersion]: templateVersion(template),
        // Written at CreatePipeline, kept by the update.
        [MANAGED_TAGS.incarnation]: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    }
  });

  it("given the update, when the account is inspected, then no run started and the environment pipelines were not touched by the cloner", () => {
    expect(world.aws.codePipeline.executions).toHaveLength(runsBefore);
    const calls = world.aws.calls.slice(callsBefore);
    const touched = calls.filter(
      (call) =>
        !["GetPipeline", "ListPipelines"].includes(call.operation) &&
        /"(name|resourceArn)":"(arn:[^"]*:)?acme-(dev|qa|prod)"/.test(JSON.stringify(call.input)),
    );
    expect(touched).toEqual([]);
  });

  it("given clones at their templates' versions, when reconciled again, then nothing changes", () => {
    expect(secondReconcile).toEqual([]);
    const updates = world.aws.calls.filter((call) => call.operation === "UpdatePipeline");
    expect(updates).toHaveLength(4);
  });
});
