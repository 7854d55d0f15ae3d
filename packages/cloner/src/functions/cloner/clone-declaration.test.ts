import type { PipelineDeclaration } from "@aws-sdk/client-codepipeline";
import { defineConfig, type Route, resolveBranch, resolvePullRequest } from "@tributary/core";
import { environmentPipeline } from "@tributary/fake-aws";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cloneDeclaration } from "./clone-declaration";
import { RefusalError } from "./refusal-error";

const config = defineConfig({ project: "acme", repository: "infra" });
const templates: Record<string, PipelineDeclaration> = {
  dev: environmentPipeline("dev"),
  qa: environmentPipeline("qa"),
  prod: environmentPipeline("prod"),
};

function routeOf(branch: string): Route {
  const route = resolveBranch(config, branch);
  if (!route) throw new Error(`${branch} does not route`);
  return route;
}

function templateOf(route: Route): PipelineDeclaration {
  const template = templates[route.environment];
  if (!template) throw new Error(`no template for ${route.environment}`);
  return template;
}

const actionNames = (declaration: PipelineDeclaration) =>
  (declaration.stages ?? []).flatMap((stage) =>
    (stage.actions ?? []).map((action) => `${stage.name}.${action.name}`),
  );
const variablesOf = (declaration: PipelineDeclaration) =>
  Object.fromEntries((declaration.variables ?? []).map((variable) => [variable.name, variable.defaultValue]));
const sourceBranch = (declaration: PipelineDeclaration) =>
  declaration.stages?.[0]?.actions?.[0]?.configuration?.BranchName;

describe("cloneDeclaration", () => {
  it.each([
    ["feature/login", "acme-dev-feature-login", "develop"],
    ["release/1.2.0", "acme-qa-release-1.2.0", "develop"],
    ["hotfix/urgent", "acme-qa-hotfix-urgent", "develop"],
  ])(
    "given the route of %s, when cloned, then the clone has its own name and reads its own branch",
    (branch, name) => {
      const route = routeOf(branch);
      const clone = cloneDeclaration(templateOf(route), route, "infra");
      expect(clone.name).toBe(name);
      expect(sourceBranch(clone)).toBe(branch);
      expect(variablesOf(clone)).toEqual(route.variables);
    },
  );

  it("given a template of an environment in another account and region, when cloned, then the clone keeps its artifact store per region and its actions' roles and regions", () => {
    // botocore's codepipeline service-2.json: PipelineDeclaration has artifactStore or artifactStores (a map from a
    // region to an ArtifactStore, required for an action in another region); ActionDeclaration has roleArn and region.
    const route = routeOf("release/1.2.0");
    const { artifactStore: _single, ...template } = templateOf(route);
    const store = (location: string) => ({
      type: "S3" as const,
      location,
      encryptionKey: {
        id: "arn:aws:kms:eu-central-1:111111111111:alias/acme-tributary-artifacts",
        type: "KMS" as const,
      },
    });
    const artifactStores = {
      "eu-west-1": store("acme-artifacts"),
      "eu-central-1": store("acme-artifacts-eu-central-1"),
    };
    const remote = {
      ...template,
      artifactStores,
      stages: (template.stages ?? []).map((stage) =>
        stage.name === "Deploy"
          ? {
              ...stage,
              actions: (stage.actions ?? []).map((action) => ({
                ...action,
                region: "eu-central-1",
                roleArn: "arn:aws:iam::333333333333:role/acme-tributary-qa-deploy-action",
              })),
            }
          : stage,
      ),
    };

    const clone = cloneDeclaration(remote, route, "infra");

    expect(clone.artifactStores).toEqual(artifactStores);
    expect(clone.artifactStore).toBeUndefined();
    const deploy = clone.stages?.find((stage) => stage.name === "Deploy");
    expect(deploy?.actions?.length).toBeGreaterThan(0);
    for (const action of deploy?.actions ?? []) {
      expect(action).toMatchObject({
        region: "eu-central-1",
        roleArn: "arn:aws:iam::333333333333:role/acme-tributary-qa-deploy-action",
      });
    }
  });

  it("given a template with a version and triggers, when cloned, then both are dropped", () => {
    const route = routeOf("feature/login");
    const template = {
      ...templateOf(route),
      triggers: [
        {
          providerType: "CodeStarSourceConnection" as const,
          gitConfiguration: { sourceActionName: "Source" },
        },
      ],
    };
    const clone = cloneDeclaration(template, route, "infra");
    expect(clone).not.toHaveProperty("version");
    expect(clone).not.toHaveProperty("triggers");
  });

  it("given a prod template with an approval, when an ephemeral PR clone is made, then the approval is removed and the rest kept", () => {
    const prodConfig = defineConfig({
      project: "acme",
      repository: "infra",
      routes: { pullRequests: { environmentByDestination: { main: "prod" } } },
    });
    const route = resolvePullRequest(prodConfig, {
      id: "42",
      sourceBranch: "hotfix/urgent",
      destinationBranch: "main",
    });
    if (!route) throw new Error("PR into main must route");
    const template = environmentPipeline("prod");
    const clone = cloneDeclaration(template, route, "infra");
    expect(actionNames(template)).toContain("Approval.Approve");
    expect(actionNames(clone)).toEqual(actionNames(template).filter((name) => name !== "Approval.Approve"));
    expect(clone.stages?.map((stage) => stage.name)).toEqual([
      "Source",
      "Test",
      "Preview",
      "Deploy",
      "Cleanup",
    ]);
    expect(sourceBranch(clone)).toBe("hotfix/urgent");
  });

  it("given a route that keeps the approval, when cloned, then the approval stays", () => {
    const keeps = { ...routeOf("release/1.2.0"), requiresApproval: true };
    const clone = cloneDeclaration(templates.prod as PipelineDeclaration, keeps, "infra");
    expect(actionNames(clone)).toContain("Approval.Approve");
  });

  it("given a stage made only of an approval, when cloned without approval, then the empty stage is dropped", () => {
    const template = templates.prod as PipelineDeclaration;
    const withGate: PipelineDeclaration = {
      ...template,
      stages: [
        ...(template.stages ?? []).slice(0, 1),
        {
          name: "Gate",
          actions: [
            {
              name: "Gate",
              actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" },
            },
          ],
        },
        ...(template.stages ?? []).slice(1),
      ],
    };
    const clone = cloneDeclaration(withGate, routeOf("feature/login"), "infra");
    // Gate and prod's own Approval stage both hold only an approval; Preview stays.
    expect(clone.stages?.map((stage) => stage.name)).toEqual([
      "Source",
      "Test",
      "Preview",
      "Deploy",
      "Cleanup",
    ]);
  });

  it("given a template missing a route variable, when cloned, then the variable is declared with its value", () => {
    const route = routeOf("feature/login");
    const template = {
      ...templateOf(route),
      variables: templateOf(route).variables?.filter((variable) => variable.name !== "PipelineName"),
    };
    const clone = cloneDeclaration(template, route, "infra");
    expect(variablesOf(clone).PipelineName).toBe("acme-dev-feature-login");
  });

  it("given a template without a CodeCommit source on the repository, when cloned, then it is refused as an invalid template", () => {
    const route = routeOf("feature/login");
    expect(() => cloneDeclaration(templateOf(route), route, "another-repo")).toThrow(RefusalError);
    expect(() => cloneDeclaration(templateOf(route), route, "another-repo")).toThrow(
      /invalid|no CodeCommit source/,
    );
  });

  it("given any feature branch, when cloned, then only name, source branch and variable defaults differ from the template", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._-]{1,60}$/), (suffix) => {
        const route = resolveBranch(config, `feature/${suffix}`);
        fc.pre(route !== null);
        const template = templateOf(route);
        const clone = cloneDeclaration(template, route, "infra");
        const normalise = (declaration: PipelineDeclaration) => {
          const {
            name: _name,
            version: _version,
            variables: _variables,
            ...rest
          } = structuredClone(declaration);
          const source = rest.stages?.[0]?.actions?.[0]?.configuration;
          if (source) source.BranchName = "<branch>";
          return rest;
        };
        expect(normalise(clone)).toEqual(normalise(template));
        expect(clone.name).toBe(route.pipelineName);
        expect(sourceBranch(clone)).toBe(`feature/${suffix}`);
        expect(templates.dev?.stages?.[0]?.actions?.[0]?.configuration?.BranchName).toBe("develop");
      }),
    );
  });
});

describe("cloneDeclaration for a GitHub source (CodeStarSourceConnection)", () => {
  const CONNECTION =
    "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
  const github = defineConfig({
    project: "acme",
    source: {
      provider: "github",
      owner: "acme",
      repository: "infra",
      forkPullRequests: { allow: ["acme-labs/infra"] },
    },
  });
  const template = (environment: "dev" | "qa" | "prod") =>
    environmentPipeline(environment, {
      github: { connectionArn: CONNECTION, fullRepositoryId: "acme/infra" },
    });
  const sourceOf = (declaration: PipelineDeclaration) => declaration.stages?.[0]?.actions?.[0]?.configuration;

  it("given a feature branch, when cloned, then the connection's action reads the branch and no longer detects pushes itself", () => {
    const route = resolveBranch(github, "feature/login") as Route;
    const clone = cloneDeclaration(template("dev"), route, github.repository);
    expect(sourceOf(clone)).toEqual({
      ConnectionArn: CONNECTION,
      FullRepositoryId: "acme/infra",
      BranchName: "feature/login",
      OutputArtifactFormat: "CODE_ZIP",
      DetectChanges: "false",
    });
  });

  it("given an allowed fork's pull request, when cloned, then the action reads the fork's branch", () => {
    const route = resolvePullRequest(github, {
      id: "9",
      sourceBranch: "fix",
      destinationBranch: "develop",
      headRepository: "acme-labs/infra",
    }) as Route;
    expect(sourceOf(cloneDeclaration(template("dev"), route, github.repository))).toMatchObject({
      FullRepositoryId: "acme-labs/infra",
      BranchName: "fix",
    });
  });

  it("given the repository in other letters in the template, then it is still the repository's source", () => {
    const route = resolveBranch(github, "release/1.2.0") as Route;
    const declaration = environmentPipeline("qa", {
      github: { connectionArn: CONNECTION, fullRepositoryId: "Acme/Infra" },
    });
    expect(sourceOf(cloneDeclaration(declaration, route, github.repository))?.BranchName).toBe(
      "release/1.2.0",
    );
  });

  it("given a template whose connection reads another repository, when cloned, then it is refused", () => {
    const route = resolveBranch(github, "feature/login") as Route;
    const other = environmentPipeline("dev", {
      github: { connectionArn: CONNECTION, fullRepositoryId: "acme/other" },
    });
    expect(() => cloneDeclaration(other, route, github.repository)).toThrow(RefusalError);
  });
});
