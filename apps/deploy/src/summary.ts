/** The short summary `cdk synth` prints: pipelines with their branches, the routes table, topics and buckets. */
import {
  approvalRuleDestinations,
  approvalRuleTemplateName,
  cloneNamePrefix,
  deploymentTargets,
  environmentStackName,
  PREFIXED_BRANCH_KINDS,
  teardownProjectName,
} from "@tributary/core";
import type { DeployConfig } from "./config";
import { stackNames } from "./names";

/** One environment pipeline in the summary. */
export interface PipelineSummary {
  readonly name: string;
  readonly environment: string;
  /** The long-lived branch it runs by itself, or `null` for a template-only environment. */
  readonly branch: string | null;
  readonly requiresApproval: boolean;
  readonly stack: string;
  /** `account/region` the stacks deploy to, or `null` for the CI/CD stack's own. */
  readonly target: string | null;
}

/** One row of the routes table. */
export interface RouteSummary {
  /** `feature/*`, `pull requests → develop`, … */
  readonly source: string;
  /** `null`: the source gets no pipeline. */
  readonly environment: string | null;
  readonly pipeline: string;
  readonly stack: string;
}

/** A named resource (topic, bucket) and what it is for. */
export interface ResourceSummary {
  readonly name: string;
  readonly purpose: string;
}

/** A group of resources that share their properties (`note`), e.g. the topics. */
export interface ResourceGroupSummary {
  /** What every resource of the group has in common (encryption, subscriptions, retention). */
  readonly note: string;
  readonly items: readonly ResourceSummary[];
}

/** Everything the summary shows, as data (tests compare it; `formatSummary` prints it). */
export interface Summary {
  readonly project: string;
  readonly stacks: readonly string[];
  readonly repository: string;
  readonly pipelines: readonly PipelineSummary[];
  readonly routes: readonly RouteSummary[];
  readonly cloner: string;
  /** The approval rule template that gates merges, or why there is none. */
  readonly mergeGate: string;
  readonly topics: ResourceGroupSummary;
  readonly buckets: ResourceGroupSummary;
  /** What synthesizes but will not work as expected (`configWarnings`); empty when all is well. */
  readonly warnings: readonly string[];
  /** `approvals.skipWhenNoChanges`: each manual approval is skipped when the Preview step finds no changes. */
  readonly approvalSkippedWithoutChanges: boolean;
  /**
   * What must exist in other accounts and regions before their environments' pipelines run (core's
   * `deploymentTargets`), each with the commands that deploy it; empty when every environment deploys where the
   * CI/CD stack does.
   */
  readonly targets: readonly TargetSummary[];
}

/** One target account and region of the summary. */
export interface TargetSummary {
  readonly stack: string;
  readonly account: string;
  readonly region: string;
  readonly environments: readonly string[];
  /** Run with that account's credentials, after the CI/CD stack is deployed. */
  readonly commands: readonly string[];
}

/**
 * Computes the summary from the config (through core's names and defaults) and the topics and buckets
 * the CI/CD stack created.
 *
 * @example
 * summarize(config, { topics, buckets }).pipelines.map((p) => `${p.name} ← ${p.branch}`);
 * // ["acme-dev ← develop", "acme-qa ← null", "acme-prod ← main"]
 */
export function summarize(
  config: DeployConfig,
  resources: {
    readonly topics: ResourceGroupSummary;
    readonly buckets: ResourceGroupSummary;
    readonly warnings?: readonly string[];
  },
): Summary {
  const { tributary, app } = config;
  const names = stackNames(tributary);
  const project = tributary.project;
  const pipelines = tributary.environments.map(
    (env): PipelineSummary => ({
      name: env.pipelineName,
      environment: env.name,
      branch: env.branch,
      requiresApproval: env.requiresApproval,
      stack: env.stackName,
      target:
        env.account === undefined && env.region === undefined
          ? null
          : `${env.account ?? "(same account)"}/${env.region ?? "(same region)"}`,
    }),
  );
  const routes: RouteSummary[] = [];
  for (const pipeline of pipelines) {
    if (pipeline.branch !== null) {
      routes.push({
        source: pipeline.branch,
        environment: pipeline.environment,
        pipeline: pipeline.name,
        stack: pipeline.stack,
      });
    }
  }
  for (const kind of PREFIXED_BRANCH_KINDS) {
    const route = tributary.routes.branches[kind];
    const source = `${tributary.branches.prefixes[kind]}*`;
    if (route === undefined) {
      routes.push({ source, environment: null, pipeline: "-", stack: "-" });
      continue;
    }
    // Core's names with a placeholder for the encoded suffix.
    const clone = `${cloneNamePrefix(tributary, route.environment, kind)}<name>`;
    routes.push({
      source,
      environment: route.environment,
      pipeline: clone,
      stack: route.ephemeral ? `${clone} (ephemeral)` : environmentStackName(project, route.environment),
    });
  }
  const pullRequests = tributary.routes.pullRequests;
  if (pullRequests.enabled) {
    const overrides = Object.entries(pullRequests.environmentByDestination)
      .map(([kind, env]) => `${kind} → ${env}`)
      .join(", ");
    routes.push({
      source: "pull requests",
      environment: overrides === "" ? "destination's" : `destination's (${overrides})`,
      pipeline: `${cloneNamePrefix(tributary, "<env>", "pr")}<id>`,
      stack: `${cloneNamePrefix(tributary, "<env>", "pr")}<id> (ephemeral)`,
    });
  } else {
    routes.push({ source: "pull requests", environment: null, pipeline: "-", stack: "-" });
  }
  return {
    project,
    stacks: app.repository.create ? [names.repository, names.cicd] : [names.cicd],
    repository: `${tributary.repository} (${app.repository.create ? (app.repository.retainOnDelete ? "created, retained on delete" : "created, deleted with its stack") : "imported"})`,
    pipelines,
    routes,
    cloner: `Lambda on CodeCommit events + reconcile ${tributary.reconcileSchedule}; stack teardown by CodeBuild ${teardownProjectName(tributary)}`,
    mergeGate: mergeGate(config),
    topics: resources.topics,
    buckets: resources.buckets,
    warnings: resources.warnings ?? [],
    approvalSkippedWithoutChanges: tributary.approvals.skipWhenNoChanges,
    targets: deploymentTargets(tributary, { account: app.account, region: app.region }).map((target) => ({
      stack: target.stackName,
      account: target.account,
      region: target.region,
      environments: target.environments,
      commands: [
        `pnpm --filter @tributary/deploy exec cdk bootstrap aws://${target.account}/${target.region}`,
        `pnpm --filter @tributary/deploy exec cdk deploy -e ${target.stackName}`,
      ],
    })),
  };
}

/** The summary's merge-gate line: core's template and the branches it gates, or why the app creates none. */
function mergeGate(config: DeployConfig): string {
  const { tributary } = config;
  const branches = approvalRuleDestinations(tributary).map((ref) => ref.slice("refs/heads/".length));
  if (branches.length === 0) return "none (no pull request into the main or develop branch gets a pipeline)";
  const name = approvalRuleTemplateName(tributary.project);
  if (!tributary.approvals.pullRequestRule) {
    return `off (approvals.pullRequestRule: false); \`pnpm tributary approval-rule\` prints the commands that apply ${name}`;
  }
  return `approval rule template ${name}: pull requests into ${branches.join(", ")} merge with the cloner's approval (their pipeline succeeded)`;
}

/**
 * Formats the summary as a few aligned blocks of plain text.
 *
 * @example
 * process.stderr.write(formatSummary(summarize(config, resources)));
 */
export function formatSummary(summary: Summary): string {
  const lines: string[] = [`Tributary "${summary.project}": what \`cdk deploy --all\` creates`, ""];
  lines.push(`Stacks      ${summary.stacks.join(", ")}`);
  lines.push(`Repository  ${summary.repository}`);
  lines.push(`Cloner      ${summary.cloner}`);
  lines.push(`Merge gate  ${summary.mergeGate}`, "");
  lines.push("Pipelines (CodePipeline V2)");
  lines.push(
    ...columns([
      ["pipeline", "runs", "approval", "stack", "target"],
      ...summary.pipelines.map((p) => [
        p.name,
        p.branch ?? "(clones only)",
        p.requiresApproval
          ? summary.approvalSkippedWithoutChanges
            ? "yes, skipped when the preview finds no changes"
            : "yes"
          : "no",
        p.stack,
        p.target ?? "CI/CD account/region",
      ]),
    ]),
    "",
  );
  lines.push("Routes");
  lines.push(
    ...columns([
      ["branch", "environment", "pipeline", "stack"],
      ...summary.routes.map((r) => [r.source, r.environment ?? "(none)", r.pipeline, r.stack]),
    ]),
    "",
  );
  lines.push(`Topics (${summary.topics.note})`);
  lines.push(...columns(summary.topics.items.map((t) => [t.name, t.purpose])), "");
  lines.push(`Buckets (${summary.buckets.note})`);
  lines.push(...columns(summary.buckets.items.map((b) => [b.name, b.purpose])));
  if (summary.targets.length > 0) {
    lines.push(
      "",
      "Target accounts (deploy each with that account's credentials, after the CI/CD stack; until then its pipelines fail with AccessDenied)",
    );
    for (const target of summary.targets) {
      lines.push(`  ${target.stack}: ${target.environments.join(", ")}`);
      lines.push(...target.commands.map((command) => `    ${command}`));
    }
  }
  if (summary.warnings.length > 0) {
    lines.push("", "Warnings");
    lines.push(...summary.warnings.map((warning) => `  - ${warning}`));
  }
  return `${lines.join("\n")}\n`;
}

function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows.map(
    (row) =>
      `  ${row
        .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd((widths[index] ?? 0) + 2)))
        .join("")}`,
  );
}
