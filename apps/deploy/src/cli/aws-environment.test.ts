import { describe, expect, it } from "vitest";
import { credentialsOption, endpointOption, regionOf } from "./aws-environment";

describe("credentialsOption", () => {
  it("gives the keys of the environment, with the session token when there is one", () => {
    expect(
      credentialsOption({
        AWS_ACCESS_KEY_ID: "AKID",
        AWS_SECRET_ACCESS_KEY: "secret",
        AWS_SESSION_TOKEN: "token",
      }),
    ).toEqual({ credentials: { accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "token" } });
  });

  it("gives no option without both keys, so the SDK's default chain applies", () => {
    expect(credentialsOption({ AWS_ACCESS_KEY_ID: "AKID" })).toEqual({});
    expect(credentialsOption({ AWS_PROFILE: "prod" })).toEqual({});
  });
});

describe("endpointOption", () => {
  it("prefers the service's own endpoint variable to AWS_ENDPOINT_URL", () => {
    const env = { AWS_ENDPOINT_URL: "http://127.0.0.1:5000", AWS_ENDPOINT_URL_STS: "http://127.0.0.1:6000" };
    expect(endpointOption(env, "STS")).toEqual({ endpoint: "http://127.0.0.1:6000" });
    expect(endpointOption(env, "DYNAMODB")).toEqual({ endpoint: "http://127.0.0.1:5000" });
  });

  it("gives no option when no endpoint is set", () => {
    expect(endpointOption({}, "DYNAMODB")).toEqual({});
  });
});

describe("regionOf", () => {
  it.each([
    [{ AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-west-2" }, "eu-west-1"],
    [{ AWS_DEFAULT_REGION: "us-west-2" }, "us-west-2"],
    [{}, "eu-central-1"],
  ])("reads AWS_REGION, else AWS_DEFAULT_REGION, else the fallback (%o gives %s)", (env, region) => {
    expect(regionOf(env, "eu-central-1")).toBe(region);
  });
});
