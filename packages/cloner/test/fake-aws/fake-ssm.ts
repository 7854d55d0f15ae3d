/**
 * A fake AWS Systems Manager Parameter Store (`AmazonSSM`, AWS JSON 1.1): `GetParameter` and `PutParameter` for
 * `String` parameters, with the service's documented errors (`ParameterNotFound`; `ParameterAlreadyExists` for a
 * put without `Overwrite`; `ValidationException` for a Standard-tier value over 4 KB). Strongly consistent, as SSM's
 * GetParameter is for the parameter just put.
 */
import { check, FakeAwsError, requiredString } from "./aws-error";
import type { JsonObject } from "./json";

/** The `X-Amz-Target` prefix of the service. */
export const SSM_TARGET_PREFIX = "AmazonSSM";

/** One stored parameter. */
export interface StoredParameter {
  value: string;
  version: number;
}

/**
 * GetParameter and PutParameter over an in-memory store.
 *
 * @example
 * const ssm = new FakeSsm({ region: "eu-west-1", accountId: "123456789012" });
 * ssm.handle("PutParameter", { Name: "/tributary/acme/refused-clones", Value: "{}", Type: "String" });
 */
export class FakeSsm {
  readonly parameters = new Map<string, StoredParameter>();

  constructor(private readonly options: { readonly region: string; readonly accountId: string }) {}

  /** Runs one operation; throws `FakeAwsError` the way the service answers. */
  handle(operation: string, input: JsonObject): unknown {
    switch (operation) {
      case "GetParameter":
        return this.getParameter(input);
      case "PutParameter":
        return this.putParameter(input);
      default:
        throw new FakeAwsError("UnknownOperationException", `Unknown operation ${operation}`);
    }
  }

  private getParameter(input: JsonObject): unknown {
    const name = requiredString(input, "Name");
    const stored = this.parameters.get(name);
    if (!stored) throw new FakeAwsError("ParameterNotFound", `Parameter ${name} not found.`);
    return {
      Parameter: {
        Name: name,
        Type: "String",
        Value: stored.value,
        Version: stored.version,
        ARN: `arn:aws:ssm:${this.options.region}:${this.options.accountId}:parameter${name.startsWith("/") ? "" : "/"}${name}`,
        DataType: "text",
      },
    };
  }

  private putParameter(input: JsonObject): unknown {
    const name = requiredString(input, "Name");
    const value = requiredString(input, "Value");
    check(
      input.Type === undefined || input.Type === "String",
      `Type ${String(input.Type)} is not supported by the fake`,
    );
    check(
      Buffer.byteLength(value) <= 4096,
      "Standard tier parameters support a maximum parameter value of 4096 characters.",
    );
    const existing = this.parameters.get(name);
    if (existing && input.Overwrite !== true)
      throw new FakeAwsError("ParameterAlreadyExists", `The parameter ${name} already exists.`);
    const version = (existing?.version ?? 0) + 1;
    this.parameters.set(name, { value, version });
    return { Version: version, Tier: "Standard" };
  }
}
