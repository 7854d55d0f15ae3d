/** The variables a pipeline hands its buildspecs, as CodePipeline resolves them for one clone's execution. */
import {
  buildspecVariables,
  defineConfig,
  PIPELINE_REFERENCES,
  reportPrefix,
  resolveBranch,
  stagingPrefix,
} from "@tributary/core";

export const EXECUTION = "4d1f2b6c-8a7e-4e0b-9c3d-5f6a7b8c9d0e";
export const CONFIG = defineConfig({ project: "acme", repository: "infra" });
export const REGION = "eu-west-1";

/** What CodePipeline does before the action runs: replace each `#{namespace.name}` with its value. */
function resolveReferences(
  values: Readonly<Record<string, string>>,
  references: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      value.replace(/#\{[^}]*\}/g, (reference) => {
        const resolved = references[reference];
        if (resolved === undefined) throw new Error(`no value for ${reference} in ${name}`);
        return resolved;
      }),
    ]),
  );
}

/** The route core gives a branch (the clone's pipeline variables), or fails the test. */
export function route(branch: string) {
  const found = resolveBranch(CONFIG, branch);
  if (found === null) throw new Error(`core routes no pipeline for ${branch}`);
  return found;
}

/**
 * The environment the Test and Cleanup buildspecs receive for `branch`: core's `buildspecVariables` as the
 * pipeline declares them, with the references resolved to the clone's variables and this execution.
 */
export function pipelineVariables(
  branch: string,
  overrides: Record<string, string> = {},
): { test: Record<string, string>; cleanup: Record<string, string>; pipelineName: string } {
  const { variables } = route(branch);
  const contract = buildspecVariables({
    project: CONFIG.project,
    stagingBucket: "acme-staging",
    reportsBucket: "acme-reports",
    region: REGION,
    testNamespace: "Test",
  });
  const references: Record<string, string> = {
    [PIPELINE_REFERENCES.executionId]: EXECUTION,
    ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [`#{variables.${name}}`, value])),
  };
  const test: Record<string, string> = {
    ...contract.project,
    ...resolveReferences(contract.test, references),
    ...overrides,
  };
  references["#{Test.STAGING_PREFIX}"] = test.STAGING_PREFIX ?? "";
  const cleanup = { ...contract.project, ...resolveReferences(contract.cleanup, references), ...overrides };
  return { test, cleanup, pipelineName: variables.PipelineName ?? "" };
}

export const login = pipelineVariables("feature/login");
export const staging = stagingPrefix(login.pipelineName, EXECUTION);
export const reports = reportPrefix(login.pipelineName, EXECUTION);
