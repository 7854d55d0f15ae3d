/** What Tributary's demo project (`demo-templates/`) needs from its pipelines: TaskCat, the website page, S3 and CloudFront. */

import type { ProjectNeeds } from "../environment-pipeline/project-needs.js";
import { demoStackStatements } from "./demo-stack-policy.js";

/**
 * The demo project's needs: its `buildspec.yml` runs cfn-lint and TaskCat, its `buildspec-cleanup.yml` publishes the
 * website page and invalidates CloudFront, and its templates hold a nested stack with an S3 bucket and a CloudFront
 * distribution (`demoStackStatements`). The shipped app (`apps/deploy`) passes it to every environment pipeline.
 *
 * @example
 * new EnvironmentPipeline(stack, "DevPipeline", { config, environment: "dev", repository, buckets, projectNeeds: DEMO_PROJECT });
 */
export const DEMO_PROJECT: ProjectNeeds = Object.freeze({
  stackStatements: demoStackStatements,
  taskcat: true,
  website: true,
});
