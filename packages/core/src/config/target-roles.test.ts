import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cicdRoleNames,
  cicdTeardownRoleName,
  roleArn,
  TARGET_ROLE_PURPOSES,
  targetRoleNames,
  targetTeardownRoleName,
  teardownTargets,
} from "./target-roles.js";

const LONGEST_PROJECT = "a".repeat(24);
const LONGEST_ENVIRONMENT = "e".repeat(12);
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

describe("target and CI/CD role names", () => {
  it("given the longest project and environment names, when the roles are named, then every name is a valid IAM role name", () => {
    const names = [
      ...Object.values(targetRoleNames(LONGEST_PROJECT, LONGEST_ENVIRONMENT)),
      ...Object.values(cicdRoleNames(LONGEST_PROJECT, LONGEST_ENVIRONMENT)),
      targetTeardownRoleName(LONGEST_PROJECT, "ap-southeast-4"),
      cicdTeardownRoleName(LONGEST_PROJECT),
    ];
    for (const name of names) expect(name).toMatch(IAM_ROLE_NAME);
  });

  it("given any two environments, when their target and CI/CD roles are named, then no two names are the same", () => {
    const names = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/);
    fc.assert(
      fc.property(names, names, (first, second) => {
        fc.pre(first !== second);
        const all = [first, second].flatMap((environment) => [
          ...Object.values(targetRoleNames("acme", environment)),
          ...Object.values(cicdRoleNames("acme", environment)),
        ]);
        expect(new Set(all).size).toBe(all.length);
      }),
    );
  });

  it("given the purposes, when an environment's target roles are named, then there is one role per purpose", () => {
    expect(Object.keys(targetRoleNames("acme", "prod"))).toEqual(
      TARGET_ROLE_PURPOSES.map((purpose) => purpose.key),
    );
  });

  it("given a partition, an account and a name, when the ARN is made, then it is IAM's role ARN", () => {
    expect(roleArn("aws-cn", "333333333333", "acme-tributary-prod-test")).toBe(
      "arn:aws-cn:iam::333333333333:role/acme-tributary-prod-test",
    );
  });
});

describe("teardownTargets", () => {
  it("given a remote environment, when the teardown targets are listed, then its ephemeral stacks' prefix names its account, region and teardown role", () => {
    expect(
      teardownTargets("acme", [{ name: "prod", account: "333333333333", region: "eu-central-1" }]),
    ).toEqual([
      {
        stackPrefix: "acme-prod-",
        account: "333333333333",
        region: "eu-central-1",
        roleName: "acme-tributary-teardown-eu-central-1",
      },
    ]);
  });
});
