/** The error the cloner throws when it refuses to act: the pipeline or stack is not its own, or the template is unusable. */

import type { ClassifiedError, FailureClass } from "../../aws/classify-failure";

/**
 * Why the cloner refused; also the `reason` dimension of the `Failures` metric.
 *
 * @example
 * const reason: RefusalReason = "protected-pipeline"; // assertNotEnvironmentPipeline(config, "acme-dev") refuses with it
 * classifyFailure(new RefusalError(reason, "acme-dev", problem, fix)); // { kind: "permanent", reason: "protected-pipeline" }
 */
export type RefusalReason =
  | "foreign-pipeline"
  | "protected-pipeline"
  | "protected-stack"
  | "invalid-template";

/**
 * A refusal to touch something the cloner does not own (or cannot clone). Permanent: retrying cannot change the answer.
 *
 * @example
 * throw new RefusalError("foreign-pipeline", "acme-dev-feature-x", "its tags lack tributary:managed=true", "Rename or delete the pipeline by hand.");
 */
export class RefusalError extends Error implements ClassifiedError {
  readonly reason: RefusalReason;
  /** The pipeline or stack concerned. */
  readonly resource: string;
  /** What a human can do about it. */
  readonly fix: string;

  constructor(reason: RefusalReason, resource: string, problem: string, fix: string) {
    super(`Refused to touch ${JSON.stringify(resource)}: ${problem}. Fix: ${fix}`);
    this.name = "RefusalError";
    this.reason = reason;
    this.resource = resource;
    this.fix = fix;
  }

  /** Permanent: retrying cannot change the answer; the reason is the `Failures` metric's dimension. */
  get failureClass(): FailureClass {
    return { kind: "permanent", reason: this.reason };
  }
}
