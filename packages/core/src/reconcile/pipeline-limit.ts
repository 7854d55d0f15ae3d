/** Which pipeline limit a reconcile keeps to, and why: the account's quota from Service Quotas when it could be read, else `maxPipelines`. */

import type { TributaryConfig } from "../shared/types.js";

/**
 * CodePipeline's quota of pipelines per Region in Service Quotas: service code `codepipeline`, quota code
 * `L-78D200AD`, named "Total pipelines" (default 1,000). AWS's CodePipeline quotas page names the quota ("Maximum
 * number of total pipelines per Region in an AWS account", 1,000) but not its code; the code and name are those
 * the Service Quotas API lists, as recorded by klaffka/aws-quota-monitor (`src/modules/qmchecks/codepipeline.py`)
 * and gruntwork-io/terraform-aws-utilities (`docs/quotas.md`, a generated table of adjustable quotas).
 *
 * @example
 * new GetServiceQuotaCommand({ ServiceCode: PIPELINE_QUOTA.serviceCode, QuotaCode: PIPELINE_QUOTA.quotaCode });
 * PIPELINE_QUOTA.resource; // "codepipeline/L-78D200AD", the quota's ARN is arn:aws:servicequotas:<region>:<account>:codepipeline/L-78D200AD
 */
export const PIPELINE_QUOTA = Object.freeze({
  serviceCode: "codepipeline",
  quotaCode: "L-78D200AD",
  quotaName: "Total pipelines",
  /** The resource part of the quota's ARN (`arn:${Partition}:servicequotas:${Region}:${Account}:${ServiceCode}/${QuotaCode}`). */
  resource: "codepipeline/L-78D200AD",
} as const);

/**
 * What the one GetServiceQuota of a reconcile gave: the `Quota.Value` it answered (whatever its type), or the error
 * it failed with after the SDK's retries (`"<name>: <message>"`).
 *
 * @example
 * const read: PipelineQuotaRead = { answered: true, value: 1250 };
 * const failed: PipelineQuotaRead = { answered: false, error: "AccessDeniedException: not authorized" };
 */
export type PipelineQuotaRead =
  | { readonly answered: true; readonly value: unknown }
  | { readonly answered: false; readonly error: string };

/**
 * The pipeline limit a reconcile keeps to, and where it came from. `fallbackReason` says why the quota was not used
 * (source `config` only).
 *
 * @example
 * const limit: PipelineLimit = { value: 1250, source: "service-quotas" };
 * const fallback: PipelineLimit = { value: 1000, source: "config", fallbackReason: "Service Quotas could not be read (AccessDeniedException: ...)" };
 */
export interface PipelineLimit {
  /** Pipelines the region may hold (the headroom is kept below it). */
  readonly value: number;
  readonly source: "service-quotas" | "config";
  readonly fallbackReason?: string;
}

/**
 * Which limit applies: the quota Service Quotas answered, when it is a number of at least one pipeline (rounded down:
 * the API's values are doubles); otherwise `config.maxPipelines`, with the reason. The quota wins in both directions:
 * it is what CodePipeline enforces, so a quota below `maxPipelines` is kept to as well.
 *
 * @example
 * pipelineLimit(config, { answered: true, value: 1250 }); // { value: 1250, source: "service-quotas" }
 * pipelineLimit(config, { answered: false, error: "NoSuchResourceException: ..." });
 * // { value: 1000, source: "config", fallbackReason: "Service Quotas could not be read (NoSuchResourceException: ...)" }
 */
export function pipelineLimit(
  config: Pick<TributaryConfig, "maxPipelines">,
  read: PipelineQuotaRead,
): PipelineLimit {
  if (!read.answered) {
    return {
      value: config.maxPipelines,
      source: "config",
      fallbackReason: `Service Quotas could not be read (${read.error})`,
    };
  }
  const { value } = read;
  if (typeof value === "number" && Number.isFinite(value) && value >= 1) {
    return { value: Math.floor(value), source: "service-quotas" };
  }
  return {
    value: config.maxPipelines,
    source: "config",
    fallbackReason: `Service Quotas answered ${value === undefined ? "no value" : `the value ${JSON.stringify(value)}`}, which is not a number of pipelines`,
  };
}

/**
 * Where a limit came from, in a few words (for subjects and logs).
 *
 * @example
 * pipelineLimitSource({ value: 1250, source: "service-quotas" }); // "Service Quotas L-78D200AD"
 * pipelineLimitSource({ value: 1000, source: "config" }); // "config maxPipelines"
 */
export function pipelineLimitSource(limit: PipelineLimit): string {
  return limit.source === "service-quotas"
    ? `Service Quotas ${PIPELINE_QUOTA.quotaCode}`
    : "config maxPipelines";
}

/**
 * A limit and its origin in a sentence's words (for messages): the quota's code and name, or `maxPipelines` and why
 * the quota was not used.
 *
 * @example
 * describePipelineLimit({ value: 1250, source: "service-quotas" });
 * // '1250 pipelines, the account\'s quota L-78D200AD ("Total pipelines") read from Service Quotas'
 * describePipelineLimit({ value: 1000, source: "config", fallbackReason: "Service Quotas could not be read (...)" });
 * // "1000 pipelines, maxPipelines of tributary.config.ts (Service Quotas could not be read (...))"
 */
export function describePipelineLimit(limit: PipelineLimit): string {
  if (limit.source === "service-quotas") {
    return `${limit.value} pipelines, the account's quota ${PIPELINE_QUOTA.quotaCode} ("${PIPELINE_QUOTA.quotaName}") read from Service Quotas`;
  }
  return `${limit.value} pipelines, maxPipelines of tributary.config.ts${limit.fallbackReason ? ` (${limit.fallbackReason})` : ""}`;
}
