/** `configWarnings`: what synthesizes but will not work as the config's author expects (printed, never fatal). */
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DeployConfig } from "./config";

/**
 * The demo project of this repository (`demo-templates/`), whose `ci/<env>/` the Test and Deploy stages read.
 *
 * @example
 * configWarnings(config, { demoDir: DEMO_TEMPLATES_DIR });
 */
export const DEMO_TEMPLATES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../demo-templates");

/** The files the buildspec reads from `ci/<env>/` (demo-templates/buildspec.yml fails the build without them). */
const CI_FILES = [".taskcat.yml", "template-configuration.json"] as const;

/**
 * Warnings about environments: one that no branch or pull request reaches (its pipeline would never run), and one
 * without `ci/<env>/` in the demo (its Test stage would fail on the first run). `demoDir` is skipped when it does not
 * exist (a project that keeps its templates elsewhere).
 *
 * @example
 * configWarnings(config, { demoDir: DEMO_TEMPLATES_DIR });
 * // ['environment "staging" is reached by no branch or pull request: …']
 */
export function configWarnings(config: DeployConfig, options: { readonly demoDir?: string } = {}): string[] {
  const { tributary } = config;
  const warnings: string[] = [];
  const routed = new Set<string>();
  for (const route of Object.values(tributary.routes.branches)) {
    if (route !== undefined) routed.add(route.environment);
  }
  if (tributary.routes.pullRequests.enabled) {
    for (const environment of Object.values(tributary.routes.pullRequests.environmentByDestination)) {
      if (environment !== undefined) routed.add(environment);
    }
  }
  for (const env of tributary.environments) {
    if (env.branch !== null || routed.has(env.name)) continue;
    warnings.push(
      `environment "${env.name}" is reached by no branch or pull request: it has no branch and no ` +
        `routes.branches.<kind>.environment or routes.pullRequests.environmentByDestination names it, so its ` +
        `pipeline ${env.pipelineName} never runs. Fix: give it a branch (environments.${env.name}.branch), route a ` +
        `branch kind to it (e.g. routes.branches.release: { environment: "${env.name}", ephemeral: false }), or remove it.`,
    );
  }
  const demoDir = options.demoDir ?? DEMO_TEMPLATES_DIR;
  if (existsSync(demoDir)) {
    const shown = relative(process.cwd(), demoDir) || ".";
    for (const env of tributary.environments) {
      const missing = CI_FILES.filter((file) => !existsSync(join(demoDir, "ci", env.name, file)));
      if (missing.length === 0) continue;
      warnings.push(
        `environment "${env.name}" has no ${missing.map((file) => `ci/${env.name}/${file}`).join(" or ")} in ` +
          `${shown}: the Test stage of ${env.pipelineName} fails on its first run. Fix: copy ${shown}/ci/dev/ to ` +
          `${shown}/ci/${env.name}/ and adjust its parameters.`,
      );
    }
  }
  return warnings;
}
