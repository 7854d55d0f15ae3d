import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  artifactStoreRegions,
  deploymentTargets,
  environmentLocation,
  isRemoteEnvironment,
  resolveCicdLocation,
  targetStackName,
} from "./deployment-targets.js";

const env = (name: string, account?: string, region?: string) => ({ name, account, region });
const CICD = { account: "111111111111", region: "eu-west-1" };
const THREE_ACCOUNTS = {
  project: "acme",
  environments: [
    env("dev", "222222222222"),
    env("qa", "222222222222"),
    env("prod", "333333333333", "eu-central-1"),
  ],
};

describe("environmentLocation", () => {
  it("given an environment naming only its account, when located, then the region is the CI/CD stack's", () => {
    expect(environmentLocation(env("prod", "333333333333"), CICD)).toEqual({
      account: "333333333333",
      region: "eu-west-1",
    });
  });
});

describe("isRemoteEnvironment", () => {
  it.each([
    { name: "names nothing", environment: env("dev"), remote: false },
    {
      name: "names the CI/CD account and region",
      environment: env("dev", "111111111111", "eu-west-1"),
      remote: false,
    },
    { name: "names another account", environment: env("dev", "222222222222"), remote: true },
    {
      name: "names another region of the CI/CD account",
      environment: env("dev", undefined, "us-east-1"),
      remote: true,
    },
  ])("given an environment that $name, when checked, then remote is $remote", ({ environment, remote }) => {
    expect(isRemoteEnvironment(environment, CICD)).toBe(remote);
  });
});

describe("deploymentTargets", () => {
  it("given three accounts in two regions, when the targets are listed, then one per distinct account and region holds its environments", () => {
    expect(deploymentTargets(THREE_ACCOUNTS, CICD)).toEqual([
      {
        account: "222222222222",
        region: "eu-west-1",
        stackName: "acme-tributary-target-222222222222-eu-west-1",
        environments: ["dev", "qa"],
      },
      {
        account: "333333333333",
        region: "eu-central-1",
        stackName: "acme-tributary-target-333333333333-eu-central-1",
        environments: ["prod"],
      },
    ]);
  });

  it("given every environment in the CI/CD account and region, when the targets are listed, then there are none", () => {
    expect(
      deploymentTargets({ project: "acme", environments: [env("dev"), env("prod", "111111111111")] }, CICD),
    ).toEqual([]);
  });

  it("given any environments, when the targets are listed, then each remote environment is in exactly one target and no target is the CI/CD stack's own", () => {
    const accounts = fc.constantFrom(undefined, "111111111111", "222222222222", "333333333333");
    const regions = fc.constantFrom(undefined, "eu-west-1", "eu-central-1");
    fc.assert(
      fc.property(fc.array(fc.tuple(accounts, regions), { minLength: 1, maxLength: 6 }), (pairs) => {
        const environments = pairs.map(([account, region], index) => env(`e${index}`, account, region));
        const targets = deploymentTargets({ project: "acme", environments }, CICD);
        const listed = targets.flatMap((target) => target.environments);
        const remote = environments.filter((environment) => isRemoteEnvironment(environment, CICD));
        expect([...listed].sort()).toEqual(remote.map((environment) => environment.name).sort());
        for (const target of targets) {
          expect(target.account === CICD.account && target.region === CICD.region).toBe(false);
        }
      }),
    );
  });
});

describe("artifactStoreRegions", () => {
  it("given environments in two regions, when the stores are listed, then the CI/CD region comes first and each region once", () => {
    expect(artifactStoreRegions(THREE_ACCOUNTS, CICD)).toEqual(["eu-west-1", "eu-central-1"]);
  });

  it("given an environment-agnostic CI/CD stack, when the stores are listed, then there are none to name", () => {
    expect(artifactStoreRegions(THREE_ACCOUNTS, { account: undefined, region: undefined })).toEqual([]);
  });
});

describe("targetStackName", () => {
  it("given a project, an account and a region, when named, then the name holds -tributary-target-", () => {
    expect(targetStackName("acme", "222222222222", "eu-west-1")).toBe(
      "acme-tributary-target-222222222222-eu-west-1",
    );
  });
});

describe("resolveCicdLocation", () => {
  it.each([
    {
      name: "nothing set anywhere",
      environments: [env("dev"), env("prod")],
      app: { account: undefined, region: undefined },
      resolved: { account: undefined, region: undefined },
    },
    {
      name: "the environments naming one account and region",
      environments: [env("dev", "123456789012", "eu-west-1"), env("prod", "123456789012")],
      app: { account: undefined, region: undefined },
      resolved: { account: "123456789012", region: "eu-west-1" },
    },
    {
      name: "three accounts and two regions with the CI/CD account and region set",
      environments: THREE_ACCOUNTS.environments,
      app: CICD,
      resolved: CICD,
    },
    {
      name: "two regions of the aws-cn partition",
      environments: [env("dev"), env("prod", "333333333333", "cn-northwest-1")],
      app: { account: "111111111111", region: "cn-north-1" },
      resolved: { account: "111111111111", region: "cn-north-1" },
    },
  ])(
    "Compliance: given $name, then the CI/CD location is found with no problem",
    ({ environments, app, resolved }) => {
      expect(resolveCicdLocation(environments, app)).toEqual({ ...resolved, problems: [] });
    },
  );

  it.each([
    {
      name: "two accounts and no app.account",
      environments: [env("dev", "222222222222"), env("prod", "333333333333")],
      app: { account: undefined, region: "eu-west-1" },
      path: "environments.prod.account",
      value: "333333333333",
      fix: /Set app\.account to the CI\/CD account/,
    },
    {
      name: "two regions and no app.region",
      environments: [env("dev", undefined, "eu-west-1"), env("prod", undefined, "us-east-1")],
      app: { account: "111111111111", region: undefined },
      path: "environments.prod.region",
      value: "us-east-1",
      fix: /Set app\.region to the CI\/CD region/,
    },
    {
      name: "another account than app.account and no region anywhere",
      environments: [env("prod", "333333333333")],
      app: { account: "111111111111", region: undefined },
      path: "environments.prod.account",
      value: "333333333333",
      fix: /Set app\.region explicitly/,
    },
    {
      name: "an environment in China and the CI/CD region in the aws partition",
      environments: [env("dev"), env("prod", "333333333333", "cn-north-1")],
      app: CICD,
      path: "environments.prod.region",
      value: "cn-north-1",
      fix: /Deploy prod from a CI\/CD account of its own partition .*aws-cn.*, or give it a region of aws\./,
    },
    {
      name: "an environment in GovCloud and the CI/CD region in the aws partition",
      environments: [env("prod", undefined, "us-gov-west-1")],
      app: CICD,
      path: "environments.prod.region",
      value: "us-gov-west-1",
      fix: /Deploy prod from a CI\/CD account of its own partition .*aws-us-gov/,
    },
  ])(
    "Noncompliance: given $name, then the problem names the field, the value and the fix",
    ({ environments, app, path, value, fix }) => {
      const [problem, ...others] = resolveCicdLocation(environments, app).problems;
      expect(others).toEqual([]);
      expect(problem).toMatchObject({ path, value });
      expect(problem?.fix).toMatch(fix);
    },
  );
});
