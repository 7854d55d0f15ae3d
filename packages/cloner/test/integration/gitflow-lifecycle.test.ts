import { MANAGED_TAGS } from "@tributary/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commit } from "../__fixtures__/events";
import { gitflowStory, startWorld, type World } from "./world";

type Outcome = { action: string; subject: string; outcome: string };

describe("the bundled cloner replays a whole GitFlow life cycle against the fake AWS account", () => {
  let world: World;
  const outcomes = new Map<string, Outcome[]>();
  let environmentBefore: unknown;

  beforeAll(async () => {
    world = await startWorld();
    environmentBefore = world.environmentSnapshot();
    for (const step of gitflowStory(world.git)) {
      const invocation = await world.cloner.deliver(step.event);
      if (!invocation.ok)
        throw new Error(`${step.label} failed: ${invocation.error.name}: ${invocation.error.message}`);
      outcomes.set(step.label, invocation.result.outcomes);
      if (step.label === "merge PR feature/login") {
        // Between steps the account must already be right (spot check after the busiest part of the story).
        expect(world.actualClones()).toEqual(["acme-dev-feature-keep", "acme-dev-feature-login"]);
      }
    }
  });

  afterAll(async () => {
    await world?.close();
  });

  const summary = (label: string) =>
    (outcomes.get(label) ?? []).map((outcome) => `${outcome.action}:${outcome.subject}:${outcome.outcome}`);

  it("given the whole story, when replayed in order, then the account holds exactly the clones core expects", () => {
    expect(world.actualClones()).toEqual(world.expectedClones());
    expect(world.actualClones()).toEqual([
      "acme-dev-bugfix-typo",
      "acme-dev-feature-keep",
      "acme-dev-pr-3",
      "acme-dev-pr-4",
    ]);
    expect(world.cloner.deadLetters).toEqual([]);
  });

  it("given pushes to develop and main, when replayed, then they are left to the environment pipelines", () => {
    expect(summary("push develop")).toEqual([expect.stringMatching(/^ignore:.*:ignored$/)]);
    expect(summary("push main (merge)")).toEqual([expect.stringMatching(/^ignore:.*:ignored$/)]);
  });

  it("given a new feature branch, when created, then its clone reads that branch, deploys its own stack and started one run", () => {
    expect(summary("create feature/login")).toEqual(["createClone:acme-dev-feature-login:created"]);
    const keep = world.aws.codePipeline.pipelines.get("acme-dev-feature-keep");
    expect(JSON.stringify(keep?.declaration.stages)).toContain('"BranchName":"feature/keep"');
    expect(keep?.declaration.variables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "StackName", defaultValue: "acme-dev-feature-keep" }),
        expect.objectContaining({ name: "Ephemeral", defaultValue: "true" }),
        expect.objectContaining({ name: "PipelineName", defaultValue: "acme-dev-feature-keep" }),
      ]),
    );
    const runs = world.aws.codePipeline.executions.filter(
      (run) => run.pipelineName === "acme-dev-feature-keep",
    );
    expect(runs).toEqual([
      expect.objectContaining({ trigger: "CreatePipeline", commitId: commit("keep-1") }),
    ]);
  });

  it("given pushes to a feature branch with an open PR, when replayed, then both clones run the pushed commits", () => {
    const runs = (name: string) =>
      world.aws.codePipeline.executions
        .filter((run) => run.pipelineName === name)
        .map((run) => `${run.trigger}:${run.commitId}`);
    expect(runs("acme-dev-feature-login")).toEqual([
      `CreatePipeline:${commit("login-1")}`,
      `StartPipelineExecution:${commit("login-2")}`,
      `StartPipelineExecution:${commit("login-3")}`,
    ]);
    expect(runs("acme-dev-pr-1")).toEqual([
      `CreatePipeline:${commit("login-2")}`,
      `StartPipelineExecution:${commit("login-3")}`,
    ]);
  });

  it("given PRs opened and reopened, when replayed, then the cloner writes no comment: the living comment is the notifier's", () => {
    expect(world.aws.codeCommit.comments).toEqual([]);
    const commentCalls = world.aws.calls.filter((call) => /Comment/.test(call.operation));
    expect(commentCalls).toEqual([]);
  });

  it("given a release PR into main, when opened, then its prod clone has no approval and deploys its own stack", () => {
    expect(summary("open PR release/1.0.0 → main")).toEqual(["createClone:acme-prod-pr-2:created"]);
    const prodClone = world.aws.calls.find(
      (call) =>
        call.operation === "CreatePipeline" && JSON.stringify(call.input).includes('"name":"acme-prod-pr-2"'),
    );
    const text = JSON.stringify(prodClone?.input);
    expect(text).not.toContain('"Approve"');
    expect(text).toContain('"BranchName":"release/1.0.0"');
    expect(text).toContain('{"name":"StackName","defaultValue":"acme-prod-pr-2"');
  });

  it("given merged or closed PRs and deleted branches, when replayed, then their clones are gone and only ephemeral stacks are torn down", () => {
    expect(summary("merge PR feature/login")).toEqual([
      "deleteClone:acme-dev-pr-1:deleted",
      "teardownStack:acme-dev-pr-1:teardown-started",
    ]);
    expect(summary("delete release/1.0.0")).toEqual(["deleteClone:acme-qa-release-1.0.0:deleted"]);
    expect(world.aws.codeBuild.builds.map((build) => build.environmentVariables.STACK_NAME)).toEqual([
      "acme-dev-pr-1",
      "acme-dev-feature-login",
      "acme-prod-pr-2",
      "acme-dev-pr-3",
    ]);
  });

  it("given unroutable branches and tags, when replayed, then they cost no AWS call", () => {
    expect(summary("create wip/experiment (unroutable)")).toEqual([expect.stringMatching(/^ignore:/)]);
    expect(summary("create tag v1.0.0")).toEqual([expect.stringMatching(/^ignore:/)]);
  });

  it("given the whole story, when replayed, then the environment pipelines were never changed", () => {
    expect(world.environmentSnapshot()).toEqual(environmentBefore);
    for (const name of ["acme-dev", "acme-qa", "acme-prod"]) {
      expect(world.aws.codePipeline.tagsOf(name)?.[MANAGED_TAGS.managed]).toBeUndefined();
    }
    const touched = world.aws.calls.filter(
      (call) =>
        ["CreatePipeline", "DeletePipeline", "StartPipelineExecution", "TagResource"].includes(
          call.operation,
        ) && /"name":"acme-(dev|qa|prod)"/.test(JSON.stringify(call.input)),
    );
    expect(touched).toEqual([]);
  });

  it("given the run, when its logs are read, then every line is structured and the EMF metrics add up", () => {
    const logs = world.cloner.lines.filter((line) => "level" in line);
    expect(logs.length).toBeGreaterThan(0);
    const actionLines = logs.filter((line) =>
      [
        "Created clone",
        "Started execution",
        "Deleted clone",
        "Started stack teardown",
        "Commented on pull request",
      ].includes(String(line.message)),
    );
    expect(actionLines.length).toBeGreaterThan(10);
    for (const line of actionLines) {
      expect(line).toEqual(
        expect.objectContaining({
          service: "tributary-cloner",
          eventId: expect.any(String),
          action: expect.any(String),
          branch: expect.any(String),
        }),
      );
    }
    const comments = logs.filter((line) => line.message === "Commented on pull request");
    expect(comments.every((line) => typeof line.pullRequestId === "string")).toBe(true);
    expect(world.cloner.metric("PipelinesCreated")).toBe(
      world.aws.calls.filter((call) => call.operation === "CreatePipeline" && call.status === 200).length,
    );
    expect(world.cloner.metric("PipelinesDeleted")).toBe(6);
    expect(world.cloner.metric("StacksTornDown")).toBe(4);
    expect(world.cloner.metric("Failures")).toBe(0);
    expect(world.cloner.metric("EventsIgnored")).toBe(4);
  });
});
