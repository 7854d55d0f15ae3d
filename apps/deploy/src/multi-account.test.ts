import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REMOTE_TEARDOWN_SCRIPT } from "@tributary/constructs";
import {
  artifactStoreStackName,
  BUILDSPEC_VARIABLES,
  ConfigError,
  cicdRoleNames,
  cicdTeardownRoleName,
  parseTargetListingSource,
  roleArn,
  TARGET_LISTING_PREFIX,
  TARGET_LISTINGS_VARIABLE,
  TARGET_ROLE_PURPOSES,
  TARGET_STACK_VERSION,
  TARGET_VERSION_OUTPUT,
  targetRoleNames,
  targetStackName,
  targetTeardownRoleName,
  teardownProjectName,
  teardownTargets,
} from "@tributary/core";
import { beforeAll, describe, expect, it } from "vitest";
import { THREE_ACCOUNT_CONFIG } from "./__fixtures__/configs";
import { createApp } from "./app";
import type { DeployConfigInput } from "./config";
import { multiAccountTables, ROOT_README, renderMultiAccountReadme } from "./multi-account-readme";
import { formatSummary } from "./summary";

type Template = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown }>;
};
type Statement = {
  Effect: string;
  Principal?: { AWS?: unknown; Service?: unknown };
  Condition?: Record<string, Record<string, unknown>>;
  Action: unknown;
};

const CICD = "111111111111";
const TARGETS = { dev: "222222222222", qa: "222222222222", prod: "333333333333" } as const;
const arn = (account: string, name: string) => roleArn("aws", account, name);

let templates: Record<string, Template>;
beforeAll(() => {
  const { app } = createApp(THREE_ACCOUNT_CONFIG, {
    outdir: mkdtempSync(join(tmpdir(), "tributary-three-accounts-")),
  });
  templates = Object.fromEntries(
    app.synth().stacks.map((stack) => [stack.stackName, stack.template as Template]),
  );
}, 120_000);

function resources(stack: string, type: string) {
  return Object.values(templates[stack]?.Resources ?? {}).filter((resource) => resource.Type === type);
}

function statements(stack: string, type: string, document: string): Statement[] {
  return resources(stack, type).flatMap(
    (resource) => (resource.Properties[document] as { Statement: Statement[] }).Statement,
  );
}

function principals(statement: Statement): string[] {
  const aws = statement.Principal?.AWS;
  return aws === undefined ? [] : (Array.isArray(aws) ? aws : [aws]).map(String);
}

describe("a three-account, two-region config (CI/CD 111111111111 eu-west-1; dev, qa 222222222222; prod 333333333333 eu-central-1)", () => {
  it("given the config, when synthesized, then the app has one target stack per account and region and an artifact store for eu-central-1", () => {
    expect(Object.keys(templates).sort()).toEqual(
      [
        "acme-tributary-repository",
        "acme-tributary-cicd",
        artifactStoreStackName("acme", "eu-central-1"),
        targetStackName("acme", "222222222222", "eu-west-1"),
        targetStackName("acme", "333333333333", "eu-central-1"),
      ].sort(),
    );
  });

  it("given each target stack, when synthesized, then every role trusts exactly the CI/CD role of its purpose, by ARN", () => {
    for (const [environment, account] of Object.entries(TARGETS)) {
      const stack = targetStackName("acme", account, environment === "prod" ? "eu-central-1" : "eu-west-1");
      const names = targetRoleNames("acme", environment);
      const cicd = cicdRoleNames("acme", environment);
      const trusted = {
        cloudFormation: { Service: "cloudformation.amazonaws.com" },
        deployAction: { AWS: arn(CICD, cicd.pipeline) },
        test: { AWS: arn(CICD, cicd.test) },
        preview: { AWS: arn(CICD, cicd.preview) },
        cleanup: { AWS: arn(CICD, cicd.cleanup) },
      };
      for (const purpose of TARGET_ROLE_PURPOSES) {
        const [role] = resources(stack, "AWS::IAM::Role").filter(
          (resource) => resource.Properties.RoleName === names[purpose.key],
        );
        expect(role?.Properties.AssumeRolePolicyDocument).toEqual({
          Version: "2012-10-17",
          Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: trusted[purpose.key] }],
        });
      }
      expect(templates[stack]?.Outputs?.[TARGET_VERSION_OUTPUT]?.Value).toBe(TARGET_STACK_VERSION);
    }
  });

  it("given the CI/CD account's bucket and key policies, when synthesized, then another account appears only with aws:PrincipalArn naming one of its target roles", () => {
    const targetArns = Object.entries(TARGETS).flatMap(([environment, account]) =>
      Object.values(targetRoleNames("acme", environment)).map((name) => arn(account, name)),
    );
    const documents = [
      ...["acme-tributary-cicd", artifactStoreStackName("acme", "eu-central-1")].flatMap((stack) => [
        ...statements(stack, "AWS::S3::BucketPolicy", "PolicyDocument"),
        ...statements(stack, "AWS::KMS::Key", "KeyPolicy"),
      ]),
    ];
    const foreign = documents.filter((statement) =>
      principals(statement).some(
        (principal) => !principal.includes(`::${CICD}:`) && principal.startsWith("arn:"),
      ),
    );
    expect(foreign.length).toBeGreaterThan(0);
    for (const statement of foreign) {
      const [principal] = principals(statement);
      expect(principals(statement)).toHaveLength(1);
      expect(principal).toMatch(/^arn:aws:iam::(222222222222|333333333333):root$/);
      const named = statement.Condition?.ArnEquals?.["aws:PrincipalArn"];
      expect(targetArns).toContain(named);
      expect(String(named)).toContain(`::${principal?.split(":")[4]}:`);
    }
  });

  it("given prod's pipeline, when synthesized, then it keeps an artifact store per region and its change-set actions run in eu-central-1 as the target's deploy-action role", () => {
    const [prod] = resources("acme-tributary-cicd", "AWS::CodePipeline::Pipeline").filter(
      (pipeline) => pipeline.Properties.Name === "acme-prod",
    );
    const stores = prod?.Properties.ArtifactStores as {
      Region: string;
      ArtifactStore: { EncryptionKey: { Id: unknown } };
    }[];
    expect(stores.map((store) => store.Region)).toEqual(["eu-west-1", "eu-central-1"]);
    expect(stores[1]?.ArtifactStore.EncryptionKey.Id).toBe(
      "arn:aws:kms:eu-central-1:111111111111:alias/acme-tributary-artifacts",
    );
    const stages = (prod?.Properties.Stages ?? []) as {
      Name: string;
      Actions: { Region?: string; RoleArn: unknown }[];
    }[];
    const deploy = stages.find((stage) => stage.Name === "Deploy");
    expect(deploy?.Actions).toHaveLength(2);
    for (const action of deploy?.Actions ?? []) {
      expect(action).toMatchObject({
        Region: "eu-central-1",
        RoleArn: arn(TARGETS.prod, targetRoleNames("acme", "prod").deployAction),
      });
    }
  });

  it("given prod's builds, when synthesized, then each runs as its fixed CI/CD role, which may assume only its own target role", () => {
    const cicd = cicdRoleNames("acme", "prod");
    const target = targetRoleNames("acme", "prod");
    const roles = resources("acme-tributary-cicd", "AWS::IAM::Role");
    const policies = resources("acme-tributary-cicd", "AWS::IAM::Policy");
    for (const purpose of ["test", "preview", "cleanup"] as const) {
      const logicalId = Object.entries(templates["acme-tributary-cicd"]?.Resources ?? {}).find(
        ([, resource]) =>
          resource.Type === "AWS::IAM::Role" && resource.Properties.RoleName === cicd[purpose],
      )?.[0];
      expect(logicalId).toBeDefined();
      const assumes = policies
        .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: logicalId }]))
        .flatMap(
          (policy) =>
            (policy.Properties.PolicyDocument as { Statement: (Statement & { Resource: unknown })[] })
              .Statement,
        )
        .filter((statement) => statement.Action === "sts:AssumeRole");
      expect(assumes.map((statement) => statement.Resource)).toEqual([arn(TARGETS.prod, target[purpose])]);
    }
    expect(roles.some((role) => role.Properties.RoleName === cicd.pipeline)).toBe(true);
  });
});

describe("the staged templates of each region", () => {
  /** The value of the Deploy stage's TemplateBucket and of every build's STAGING_BUCKET of one environment. */
  function stagingBucketsOf(environment: string): unknown[] {
    const [pipeline] = resources("acme-tributary-cicd", "AWS::CodePipeline::Pipeline").filter(
      (candidate) => candidate.Properties.Name === `acme-${environment}`,
    );
    const stages = (pipeline?.Properties.Stages ?? []) as {
      Name: string;
      Actions: { Configuration?: { ParameterOverrides?: string } }[];
    }[];
    // A string when every value is literal, else an Fn::Join whose parts hold the bucket's Ref.
    const overrides = stages
      .find((stage) => stage.Name === "Deploy")
      ?.Actions.flatMap((action) => {
        const value = action.Configuration?.ParameterOverrides;
        if (value === undefined) return [];
        if (typeof value === "string") return [JSON.parse(value).TemplateBucket];
        const parts = (value as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1];
        return parts.filter((part) => typeof part === "object");
      });
    const projects = resources("acme-tributary-cicd", "AWS::CodeBuild::Project")
      .filter((project) => String(project.Properties.Description).includes(`acme-${environment}:`))
      .map(
        (project) =>
          (
            project.Properties.Environment as { EnvironmentVariables: { Name: string; Value: unknown }[] }
          ).EnvironmentVariables.find((variable) => variable.Name === "STAGING_BUCKET")?.Value,
      );
    expect(projects).toHaveLength(3);
    return [...(overrides ?? []), ...projects];
  }

  const store = artifactStoreStackName("acme", "eu-central-1");
  const regionalStaging = () =>
    resources(store, "AWS::S3::Bucket").filter((bucket) =>
      JSON.stringify(bucket.Properties.LifecycleConfiguration).includes("ExpireStagedTemplates"),
    );

  it("given prod in eu-central-1, when synthesized, then its builds and its Deploy stage stage templates in the eu-central-1 staging bucket, encrypted with that region's key", () => {
    const [bucket] = regionalStaging();
    const name = bucket?.Properties.BucketName;
    expect(typeof name).toBe("string");
    expect(new Set(stagingBucketsOf("prod"))).toEqual(new Set([name]));
    // The key of the bucket's own region, by its ARN (S3 resolves an alias in the requester's account).
    const [keyId] = Object.entries(templates[store]?.Resources ?? {})
      .filter(([, resource]) => resource.Type === "AWS::KMS::Key")
      .map(([id]) => id);
    expect(JSON.stringify(bucket?.Properties.BucketEncryption)).toContain(
      JSON.stringify({ "Fn::GetAtt": [keyId, "Arn"] }),
    );
  });

  it("given dev in the CI/CD region, when synthesized, then it keeps the CI/CD stack's staging bucket", () => {
    const cicdStaging = Object.entries(templates["acme-tributary-cicd"]?.Resources ?? {}).find(
      ([id, resource]) => resource.Type === "AWS::S3::Bucket" && id.startsWith("BucketsStaging"),
    )?.[0];
    expect(new Set(stagingBucketsOf("dev").map((value) => JSON.stringify(value)))).toEqual(
      new Set([JSON.stringify({ Ref: cicdStaging })]),
    );
  });

  it("given the eu-central-1 staging bucket and key, when synthesized, then only prod's target roles may use them: CloudFormation's and Preview's read, Test's writes, Cleanup's deletes", () => {
    const target = targetRoleNames("acme", "prod");
    const policy = resources(store, "AWS::S3::BucketPolicy").find((candidate) =>
      JSON.stringify(candidate.Properties.Bucket).includes(
        Object.keys(templates[store]?.Resources ?? {}).find((id) => id.includes("Staging")) ?? "?",
      ),
    );
    const granted = (
      (policy?.Properties.PolicyDocument ?? { Statement: [] }) as { Statement: Statement[] }
    ).Statement.filter((statement) => statement.Effect === "Allow").map((statement) => ({
      role: statement.Condition?.ArnEquals?.["aws:PrincipalArn"],
      actions: [statement.Action].flat(),
    }));
    const actionsOf = (purpose: keyof typeof target) =>
      granted
        .filter((grant) => grant.role === arn(TARGETS.prod, target[purpose]))
        .flatMap((grant) => grant.actions);
    expect(new Set(granted.map((grant) => grant.role))).toEqual(
      new Set(
        ["cloudFormation", "preview", "test", "cleanup"].map((purpose) =>
          arn(TARGETS.prod, target[purpose as keyof typeof target]),
        ),
      ),
    );
    expect(actionsOf("cloudFormation")).toEqual(["s3:GetObject"]);
    expect(actionsOf("preview")).toEqual(["s3:GetObject"]);
    expect(actionsOf("test")).toContain("s3:PutObject");
    expect(actionsOf("cleanup")).toContain("s3:DeleteObject*");
    const keyReaders = statements(store, "AWS::KMS::Key", "KeyPolicy")
      .filter((statement) => [statement.Action].flat().includes("kms:Decrypt"))
      .map((statement) => statement.Condition?.ArnEquals?.["aws:PrincipalArn"]);
    for (const purpose of ["cloudFormation", "preview", "test", "cleanup"] as const) {
      expect(keyReaders).toContain(arn(TARGETS.prod, target[purpose]));
    }
  });

  it("given prod's target stack, when synthesized, then its roles name the eu-central-1 staging bucket and not the CI/CD region's", () => {
    const text = JSON.stringify(templates[targetStackName("acme", "333333333333", "eu-central-1")]);
    const regional = String(regionalStaging()[0]?.Properties.BucketName);
    expect(text).toContain(`arn:aws:s3:::${regional}/staging/acme-prod/*`);
    expect(text).not.toMatch(/cicd[a-z]*bucketsstaging/);
  });
});

describe("environments in other partitions", () => {
  const china = {
    ...THREE_ACCOUNT_CONFIG,
    environments: {
      dev: { branch: "develop" },
      qa: { branch: null },
      prod: { branch: "main", account: "333333333333", region: "cn-northwest-1" },
    },
    app: { account: "111111111111", region: "cn-north-1" },
  } satisfies DeployConfigInput;

  it("given CI/CD in cn-north-1 and prod in cn-northwest-1, when synthesized, then prod stages its templates in a cn-northwest-1 bucket and every role ARN is aws-cn's", () => {
    const { app } = createApp(china, { outdir: mkdtempSync(join(tmpdir(), "tributary-china-")) });
    const synthesized = Object.fromEntries(
      app.synth().stacks.map((stack) => [stack.stackName, stack.template as Template]),
    );
    const store = synthesized[artifactStoreStackName("acme", "cn-northwest-1")];
    const staging = Object.values(store?.Resources ?? {}).find(
      (resource) =>
        resource.Type === "AWS::S3::Bucket" &&
        JSON.stringify(resource.Properties.LifecycleConfiguration).includes("ExpireStagedTemplates"),
    );
    const name = String(staging?.Properties.BucketName);
    const prodProjects = Object.values(synthesized["acme-tributary-cicd"]?.Resources ?? {}).filter(
      (resource) =>
        resource.Type === "AWS::CodeBuild::Project" &&
        String(resource.Properties.Description).includes("acme-prod:"),
    );
    expect(prodProjects).toHaveLength(3);
    for (const project of prodProjects) {
      expect(JSON.stringify(project.Properties.Environment)).toContain(
        `{"Name":"STAGING_BUCKET","Type":"PLAINTEXT","Value":"${name}"}`,
      );
    }
    const target = JSON.stringify(synthesized[targetStackName("acme", "333333333333", "cn-northwest-1")]);
    expect(target).toContain(`arn:aws-cn:s3:::${name}/staging/acme-prod/*`);
    expect(target).toContain(`"arn:aws-cn:iam::111111111111:role/${cicdRoleNames("acme", "prod").test}"`);
    expect(target).not.toMatch(/arn:aws:/);
  }, 120_000);

  it.each([
    ["cn-north-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
  ])(
    "given prod in %s and CI/CD in eu-west-1, when synthesized, then a ConfigError names prod's region, the partitions and the fix",
    (region, partition) => {
      const config = {
        ...THREE_ACCOUNT_CONFIG,
        environments: {
          ...THREE_ACCOUNT_CONFIG.environments,
          prod: { branch: "main", account: "333333333333", region },
        },
      } satisfies DeployConfigInput;
      const attempt = () =>
        createApp(config, { outdir: mkdtempSync(join(tmpdir(), "tributary-partition-")) });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(
        new RegExp(
          `environments\\.prod\\.region.*${region}.*${partition} partition and the CI/CD region eu-west-1 in aws.*Fix: Deploy prod from a CI/CD account of its own partition`,
        ),
      );
    },
  );
});

describe("the credentials of prod's builds", () => {
  it("given prod's Test, Preview and Cleanup projects, when synthesized, then each gets core's TRIBUTARY_TARGET_CREDENTIALS naming its own target role in eu-central-1", () => {
    const [name] = BUILDSPEC_VARIABLES.remoteProject;
    const target = targetRoleNames("acme", "prod");
    const projects = resources("acme-tributary-cicd", "AWS::CodeBuild::Project").filter((project) =>
      String(project.Properties.Description).includes("acme-prod:"),
    );
    const lines = projects.map((project) => {
      const variables = (
        project.Properties.Environment as { EnvironmentVariables: { Name: string; Value: unknown }[] }
      ).EnvironmentVariables;
      return String(variables.find((variable) => variable.Name === name)?.Value);
    });
    expect(lines).toHaveLength(3);
    for (const purpose of ["test", "preview", "cleanup"] as const) {
      const line = lines.find((candidate) => candidate.includes(`:role/${target[purpose]}'`));
      expect(line, purpose).toContain("credential_source = EcsContainer");
      expect(line, purpose).toContain("AWS_REGION='eu-central-1'");
    }
  });

  it("given remote targets, when synthesized, then the cloner gets core's TRIBUTARY_TARGET_LISTINGS naming the artifacts bucket and both targets", () => {
    const [cloner] = resources("acme-tributary-cicd", "AWS::Lambda::Function").filter((fn) =>
      String(fn.Properties.Description).startsWith("Tributary cloner of"),
    );
    if (cloner === undefined) throw new Error("the CI/CD stack has no cloner function");
    const variables = (cloner.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const joined = variables[TARGET_LISTINGS_VARIABLE] as { "Fn::Join": [string, unknown[]] };
    const artifacts = Object.entries(templates["acme-tributary-cicd"]?.Resources ?? {}).find(
      ([logicalId, resource]) =>
        resource.Type === "AWS::S3::Bucket" && logicalId.startsWith("BucketsArtifacts"),
    )?.[0];
    const value = joined["Fn::Join"][1]
      .map((part) => (JSON.stringify(part) === JSON.stringify({ Ref: artifacts }) ? "acme-artifacts" : part))
      .join("");

    expect(parseTargetListingSource(value)).toEqual({
      bucket: "acme-artifacts",
      targets: [
        { account: TARGETS.dev, region: "eu-west-1" },
        { account: TARGETS.prod, region: "eu-central-1" },
      ],
    });
  });
});

describe("the teardown of remote environments' ephemeral stacks", () => {
  const teardownProject = () => {
    const [project] = resources("acme-tributary-cicd", "AWS::CodeBuild::Project").filter(
      (resource) => resource.Properties.Name === teardownProjectName({ project: "acme" }),
    );
    if (project === undefined) throw new Error("The CI/CD stack has no teardown project.");
    return project;
  };
  /** The statements of the teardown project role's policies whose action starts with `prefix`. */
  const teardownRoleStatements = (prefix: string) => {
    const project = teardownProject();
    const roleId = (project.Properties.ServiceRole as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    const statements = resources("acme-tributary-cicd", "AWS::IAM::Policy")
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(
        (policy) =>
          (policy.Properties.PolicyDocument as { Statement: (Statement & { Resource: unknown })[] })
            .Statement,
      )
      .filter((statement) => [statement.Action].flat().some((action) => String(action).startsWith(prefix)));
    return { roleId, statements };
  };
  const TEARDOWN_ROLES = [
    { account: TARGETS.dev, region: "eu-west-1" },
    { account: TARGETS.prod, region: "eu-central-1" },
  ];

  it("given each target stack, when synthesized, then its teardown role trusts exactly the CI/CD teardown role, by ARN", () => {
    for (const { account, region } of TEARDOWN_ROLES) {
      const [role, ...others] = resources(targetStackName("acme", account, region), "AWS::IAM::Role").filter(
        (resource) => resource.Properties.RoleName === targetTeardownRoleName("acme", region),
      );
      expect(others).toEqual([]);
      expect(role?.Properties.AssumeRolePolicyDocument).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Action: "sts:AssumeRole",
            Effect: "Allow",
            Principal: { AWS: arn(CICD, cicdTeardownRoleName("acme")) },
          },
        ],
      });
    }
  });

  it("given the CI/CD stack, when synthesized, then the teardown project runs as cicdTeardownRoleName, which may assume exactly the target teardown roles", () => {
    const { roleId, statements: assumes } = teardownRoleStatements("sts:");
    const role = templates["acme-tributary-cicd"]?.Resources[roleId];
    expect(role?.Properties.RoleName).toBe(cicdTeardownRoleName("acme"));
    expect(assumes.map((statement) => [statement.Action, statement.Resource])).toEqual([
      [
        "sts:AssumeRole",
        TEARDOWN_ROLES.map(({ account, region }) => arn(account, targetTeardownRoleName("acme", region))),
      ],
    ]);
  });

  it("given the CI/CD stack, when synthesized, then the listing mode writes into the artifacts bucket under core's TARGET_LISTING_PREFIX only", () => {
    const project = teardownProject();
    const variables = (
      project.Properties.Environment as { EnvironmentVariables: { Name: string; Value: unknown }[] }
    ).EnvironmentVariables;
    const artifacts = Object.entries(templates["acme-tributary-cicd"]?.Resources ?? {}).find(
      ([logicalId, resource]) =>
        resource.Type === "AWS::S3::Bucket" && logicalId.startsWith("BucketsArtifacts"),
    )?.[0];
    expect(variables.find((variable) => variable.Name === "TEARDOWN_LISTING_BUCKET")?.Value).toEqual({
      Ref: artifacts,
    });
    const writes = teardownRoleStatements("s3:Put").statements;
    expect(writes.map((statement) => [statement.Action, statement.Resource])).toEqual([
      [
        "s3:PutObject",
        { "Fn::Join": ["", [{ "Fn::GetAtt": [artifacts, "Arn"] }, `/${TARGET_LISTING_PREFIX}*`]] },
      ],
    ]);
  });

  it("given the CI/CD stack, when synthesized, then the teardown project carries core's teardownTargets of dev, qa and prod and the remote script", () => {
    const project = teardownProject();
    const variables = (
      project.Properties.Environment as { EnvironmentVariables: { Name: string; Value: unknown }[] }
    ).EnvironmentVariables;
    const targets = variables.find((variable) => variable.Name === "TEARDOWN_TARGETS")?.Value;
    expect(JSON.parse(String(targets))).toEqual(
      teardownTargets("acme", [
        { name: "dev", account: TARGETS.dev, region: "eu-west-1" },
        { name: "qa", account: TARGETS.qa, region: "eu-west-1" },
        { name: "prod", account: TARGETS.prod, region: "eu-central-1" },
      ]),
    );
    const buildSpec = JSON.parse(String((project.Properties.Source as { BuildSpec: string }).BuildSpec)) as {
      phases: { build: { commands: string[] } };
    };
    expect(buildSpec.phases.build.commands[1]).toBe(REMOTE_TEARDOWN_SCRIPT);
  });
});

describe("README.md, Environments in other accounts and regions", () => {
  it("given the three-account app, when its tables are rendered again, then README.md's are unchanged", () => {
    const text = readFileSync(ROOT_README, "utf8");
    expect(
      renderMultiAccountReadme(text, multiAccountTables()),
      "Fix: pnpm --filter @tributary/deploy exec tsx src/multi-account-readme.ts",
    ).toBe(text);
  }, 120_000);
});

describe("the synth summary of a three-account config", () => {
  it("given target accounts, when summarized, then it names each target stack with its environments and the commands that deploy it", () => {
    const { summary } = createApp(THREE_ACCOUNT_CONFIG, {
      outdir: mkdtempSync(join(tmpdir(), "tributary-summary-accounts-")),
    });
    const text = formatSummary(summary);
    expect(text).toContain("acme-tributary-target-222222222222-eu-west-1: dev, qa");
    expect(text).toContain("acme-tributary-target-333333333333-eu-central-1: prod");
    expect(text).toContain(
      "pnpm --filter @tributary/deploy exec cdk deploy -e acme-tributary-target-333333333333-eu-central-1",
    );
  });
});
