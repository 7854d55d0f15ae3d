/** The pipeline-level variables of an environment pipeline: everything a clone changes, with core's route as defaults. */

import { PIPELINE_VARIABLES, type Route } from "@tributary/core";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";

/** Descriptions of the pipeline-level variables, shown in the console. */
const VARIABLE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  [PIPELINE_VARIABLES.environment]: "Environment whose pipeline this is (or copies)",
  [PIPELINE_VARIABLES.stackName]: "CloudFormation stack this pipeline deploys",
  [PIPELINE_VARIABLES.branch]: "Branch this pipeline builds, as a tag value (core tagValue)",
  [PIPELINE_VARIABLES.ephemeral]: "true when the stack belongs to this branch or pull request alone",
  [PIPELINE_VARIABLES.pipelineName]: "This pipeline's own name (clones set their own)",
};

/**
 * One CodePipeline variable per core `PIPELINE_VARIABLES` name, its default the route's value (clones change only the
 * defaults). Throws when the route lacks one: core and the constructs were built from different versions.
 *
 * @example
 * new codepipeline.Pipeline(this, "Resource", { variables: pipelineVariables(route, "dev"), ... });
 */
export function pipelineVariables(route: Route, environment: string): codepipeline.Variable[] {
  return Object.values(PIPELINE_VARIABLES).map((name) => {
    const defaultValue = route.variables[name];
    if (defaultValue === undefined) {
      throw new Error(
        `EnvironmentPipeline: core's route for ${environment} has no value for pipeline variable ${name}. Fix: rebuild @tributary/core and @tributary/constructs together (pnpm turbo build).`,
      );
    }
    return new codepipeline.Variable({
      variableName: name,
      defaultValue,
      description: VARIABLE_DESCRIPTIONS[name],
    });
  });
}
