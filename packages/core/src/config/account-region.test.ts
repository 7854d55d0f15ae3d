import { describe, expect, it } from "vitest";
import { sameAccountAndRegion } from "./account-region.js";

const env = (name: string, account?: string, region?: string) => ({ name, account, region });

describe("sameAccountAndRegion", () => {
  it.each([
    {
      name: "nothing set anywhere",
      environments: [env("dev"), env("prod")],
      stack: { account: undefined, region: undefined },
      target: { account: undefined, region: undefined },
    },
    {
      name: "only the environments set one account and region",
      environments: [env("dev", "123456789012", "eu-west-1"), env("prod", "123456789012")],
      stack: { account: undefined, region: undefined },
      target: { account: "123456789012", region: "eu-west-1" },
    },
    {
      name: "the stack sets them and the environments agree or say nothing",
      environments: [env("dev"), env("prod", "123456789012", "eu-west-1")],
      stack: { account: "123456789012", region: "eu-west-1" },
      target: { account: "123456789012", region: "eu-west-1" },
    },
  ])(
    "Compliance: given $name, then the target is found and nothing differs",
    ({ environments, stack, target }) => {
      expect(sameAccountAndRegion(environments, stack)).toEqual({ ...target, mismatches: [] });
    },
  );

  it.each([
    {
      name: "an environment in another account than the stack",
      environments: [env("prod", "111111111111")],
      stack: { account: "123456789012", region: undefined },
      mismatch: {
        environment: "prod",
        field: "account",
        wanted: "111111111111",
        expected: "123456789012",
        expectedFrom: null,
      },
    },
    {
      name: "two environments in different regions",
      environments: [env("dev", undefined, "eu-west-1"), env("prod", undefined, "us-east-1")],
      stack: { account: undefined, region: undefined },
      mismatch: {
        environment: "prod",
        field: "region",
        wanted: "us-east-1",
        expected: "eu-west-1",
        expectedFrom: "dev",
      },
    },
  ])(
    "Noncompliance: given $name, then the mismatch names the environment and the field",
    ({ environments, stack, mismatch }) => {
      expect(sameAccountAndRegion(environments, stack).mismatches).toEqual([mismatch]);
    },
  );
});
