/** Another tool using the rules: prints where branches and pull requests will deploy. Run: tsx examples/where-will-it-deploy.ts feature/login */

import { defineConfig, explainBranch, explainPullRequest, type Route } from "@tributary/core";

// The same config the CDK app deploys with (here: the defaults for project "acme").
const config = defineConfig({ project: "acme", repository: "infra-deployment" });

function describe(route: Route): string {
  const pipeline = route.clone
    ? `${route.pipelineName} (clone of ${route.templatePipeline})`
    : route.pipelineName;
  const stack = `${route.stackName} (${route.ephemeral ? "own stack, deleted with the branch" : "shared"})`;
  return `env ${route.environment}, pipeline ${pipeline}, stack ${stack}${route.requiresApproval ? ", after manual approval" : ""}`;
}

// Arguments: branch names, or pull requests as pr:<id>:<source>:<destination>.
const inputs = process.argv.slice(2);
const targets =
  inputs.length > 0
    ? inputs
    : [
        "develop",
        "main",
        "feature/JIRA-123_login",
        "release/1.2.0",
        "support/1.x",
        "pr:42:feature/login:develop",
      ];

for (const input of targets) {
  if (input.startsWith("pr:")) {
    const [, id = "", sourceBranch = "", destinationBranch = ""] = input.split(":");
    const resolution = explainPullRequest(config, { id, sourceBranch, destinationBranch });
    console.log(
      `PR ${id} (${sourceBranch} → ${destinationBranch}) → ${resolution.route ? describe(resolution.route) : `nothing: ${resolution.reason}`}`,
    );
  } else {
    const { route, reason } = explainBranch(config, input);
    console.log(`${input} → ${route ? describe(route) : `nothing: ${reason}`}`);
  }
}
