import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { config, destinationBranch, pullRequestId } from "../__fixtures__/arbitraries.js";
import { defineConfig } from "../config/define-config.js";
import { explainPullRequest, resolvePullRequest } from "./resolve-pull-request.js";

const pr = (id: string, destinationBranch: string, sourceBranch = "feature/login") => ({
  id,
  sourceBranch,
  destinationBranch,
});

describe("resolvePullRequest", () => {
  describe("Compliance: PRs into routed branches get an ephemeral clone of the destination's environment", () => {
    it.each([
      ["develop", "dev", "acme-dev-pr-42"],
      ["refs/heads/develop", "dev", "acme-dev-pr-42"],
      ["main", "prod", "acme-prod-pr-42"],
      ["release/1.2.0", "qa", "acme-qa-pr-42"],
      ["hotfix/1.2.1", "qa", "acme-qa-pr-42"],
      ["feature/login", "dev", "acme-dev-pr-42"],
    ])(
      "given a PR into %j, then env %s, pipeline %s, own stack, no approval",
      (destination, environment, name) => {
        expect(resolvePullRequest(config, pr("42", destination, "refs/heads/feature/login"))).toMatchObject({
          environment,
          templatePipeline: `acme-${environment}`,
          pipelineName: name,
          stackName: name,
          clone: true,
          ephemeral: true,
          requiresApproval: false,
          branch: "feature/login",
          source: {
            type: "pullRequest",
            pullRequestId: "42",
            sourceBranch: "feature/login",
            destinationBranch: destination.replace("refs/heads/", ""),
          },
          variables: {
            Environment: environment,
            StackName: name,
            Branch: "feature/login",
            Ephemeral: "true",
            PipelineName: name,
          },
        });
      },
    );
  });

  describe("Noncompliance: no pipeline", () => {
    it.each([
      [
        "a destination that routes nowhere",
        pr("42", "support/1.x"),
        'destination support branch "support/1.x" deploys to no environment',
      ],
      [
        "a tag destination",
        pr("42", "refs/tags/v1"),
        'destination other branch "refs/tags/v1" deploys to no environment',
      ],
      ["a non-numeric id", pr("x42", "develop"), 'pull request id "x42" is not a number'],
      ["an empty id", pr("", "develop"), 'pull request id "" is not a number'],
      [
        "an empty source",
        pr("1", "develop", ""),
        "source branch is 0 characters long; CodePipeline accepts 1 to 1000",
      ],
      [
        "a source over 1000 characters",
        pr("1", "develop", `feature/${"x".repeat(993)}`),
        "source branch is 1001 characters long; CodePipeline accepts 1 to 1000",
      ],
    ])("given %s, then null with a reason", (_name, input, reason) => {
      expect(resolvePullRequest(config, input)).toBeNull();
      expect(explainPullRequest(config, input)).toEqual({ route: null, reason });
    });
  });

  it("given PRs disabled, then every PR is null", () => {
    const disabled = defineConfig({
      project: "acme",
      repository: "infra",
      routes: { pullRequests: { enabled: false } },
    });
    expect(resolvePullRequest(disabled, pr("1", "develop"))).toBeNull();
    expect(explainPullRequest(disabled, pr("1", "develop"))).toEqual({
      route: null,
      reason: "pull requests are disabled (routes.pullRequests.enabled is false)",
    });
  });

  it("given an override by destination kind, then it wins over the destination's own environment", () => {
    const custom = defineConfig({
      project: "acme",
      repository: "infra",
      routes: { pullRequests: { environmentByDestination: { main: "qa", support: "dev" } } },
    });
    expect(resolvePullRequest(custom, pr("5", "main"))?.pipelineName).toBe("acme-qa-pr-5");
    expect(resolvePullRequest(custom, pr("5", "support/1.x"))?.pipelineName).toBe("acme-dev-pr-5");
    expect(resolvePullRequest(custom, pr("5", "develop"))?.pipelineName).toBe("acme-dev-pr-5");
  });

  it("given a clone's tags, then they carry the pull request id", () => {
    expect(resolvePullRequest(config, pr("42", "develop"))?.tags["tributary:pull-request"]).toBe("42");
  });

  it("given any routed PR, then it is ephemeral, never approves, and deploys its own stack", () => {
    fc.assert(
      fc.property(pullRequestId, destinationBranch, (id, destination) => {
        const route = resolvePullRequest(config, pr(id, destination));
        if (route === null) return;
        expect(route.ephemeral && route.clone && !route.requiresApproval).toBe(true);
        expect(config.environments.map((env) => env.stackName)).not.toContain(route.stackName);
      }),
    );
  });
});
