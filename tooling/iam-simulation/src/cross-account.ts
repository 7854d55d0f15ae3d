/**
 * The three-account, two-region app (apps/deploy's THREE_ACCOUNT_CONFIG), synthesized with cdk-nag, each stack's
 * policies resolved in its own account and region, and the cross-account cases: trust policies, bucket and key policies
 * evaluated together with the identity policies of the principal's account.
 */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  cicdRoleNames,
  cicdTeardownRoleName,
  MANAGED_TAGS,
  roleArn,
  TARGET_ROLE_PURPOSES,
  type TargetRoleNames,
  targetListingKey,
  targetRoleNames,
  targetStackName,
  targetTeardownRoleName,
} from "@tributary/core";
import { THREE_ACCOUNT_CONFIG } from "@tributary/deploy/src/__fixtures__/configs";
import { createApp } from "@tributary/deploy/src/app";
import { intrinsicResolver, type PolicyDocument, simulatedKeyId } from "./synthesized-app.js";

type Json = unknown;
interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}

/** The accounts and regions of THREE_ACCOUNT_CONFIG, and an account Tributary never names. */
export const ACCOUNTS = {
  cicd: "111111111111",
  devQa: "222222222222",
  prod: "333333333333",
  other: "444444444444",
};
export const LOCATIONS = {
  dev: { account: ACCOUNTS.devQa, region: "eu-west-1" },
  qa: { account: ACCOUNTS.devQa, region: "eu-west-1" },
  prod: { account: ACCOUNTS.prod, region: "eu-central-1" },
} as const;
export type Environment = keyof typeof LOCATIONS;
const CICD_REGION = "eu-west-1";

/** A principal with its identity policies, as its own account sees it. */
export interface Principal {
  readonly arn: string;
  readonly account: string;
  readonly policies: readonly { readonly name: string; readonly policy: PolicyDocument }[];
}

/** A resource with the policy AWS evaluates on it (a trust, bucket or key policy), and its account. */
export interface GuardedResource {
  readonly arn: string;
  readonly account: string;
  readonly policy?: PolicyDocument;
}

/** What the cross-account cases read from the synthesized app. */
export interface CrossAccountApp {
  /** Every IAM role of every stack, by ARN. */
  readonly roles: ReadonlyMap<string, Principal & { readonly trustPolicy: PolicyDocument }>;
  /** Bucket policies by bucket name, key policies by key ARN. */
  readonly bucketPolicies: ReadonlyMap<string, PolicyDocument>;
  readonly keyPolicies: ReadonlyMap<string, PolicyDocument>;
  /** The CI/CD stack's artifacts, staging and reports buckets, and its artifact key's ARN. */
  readonly artifactsBucket: string;
  readonly stagingBucket: string;
  /**
   * The staging bucket and its key of each region by region: the CI/CD stack's in its region, an artifact-store
   * stack's elsewhere (CloudFormation reads a nested template only from a bucket of the stack's region).
   */
  readonly staging: ReadonlyMap<string, { readonly bucket: string; readonly key: string }>;
  readonly reportsBucket: string;
  readonly artifactKey: string;
  /** The cloner Lambda's role in the CI/CD stack. */
  readonly clonerRole: string;
}

/** Synthesizes THREE_ACCOUNT_CONFIG and resolves every stack in its own account and region. */
export function synthesizeCrossAccountApp(): CrossAccountApp {
  const { app } = createApp(THREE_ACCOUNT_CONFIG, {
    outdir: mkdtempSync(join(tmpdir(), "tributary-iam-x-")),
  });
  const roles = new Map<string, Principal & { trustPolicy: PolicyDocument }>();
  const bucketPolicies = new Map<string, PolicyDocument>();
  const keyPolicies = new Map<string, PolicyDocument>();
  let artifactsBucket = "";
  let clonerRole = "";
  let stagingBucket = "";
  let reportsBucket = "";
  let artifactKey = "";
  const staging = new Map<string, { bucket: string; key: string }>();
  for (const stack of app.synth().stacks) {
    const { account, region } = stack.environment;
    const resources = (stack.template as { Resources: Record<string, CfnResource> }).Resources;
    const resolve = resolver(resources, { account, region, stackName: stack.stackName });
    for (const [logicalId, resource] of Object.entries(resources)) {
      const properties = resource.Properties ?? {};
      if (resource.Type === "AWS::IAM::Role") {
        const arn = String(resolve({ "Fn::GetAtt": [logicalId, "Arn"] }));
        const policies = Object.entries(resources)
          .filter(
            ([, policy]) =>
              policy.Type === "AWS::IAM::Policy" &&
              ((policy.Properties?.Roles as { Ref?: string }[] | undefined) ?? []).some(
                (entry) => entry.Ref === logicalId,
              ),
          )
          .map(([name, policy]) => ({
            name,
            policy: resolve(policy.Properties?.PolicyDocument) as PolicyDocument,
          }));
        if (logicalId.startsWith("ClonerServiceRole") && stack.stackName.endsWith("-tributary-cicd"))
          clonerRole = arn;
        roles.set(arn, {
          arn,
          account,
          policies,
          trustPolicy: resolve(properties.AssumeRolePolicyDocument) as PolicyDocument,
        });
      } else if (resource.Type === "AWS::S3::BucketPolicy") {
        bucketPolicies.set(
          String(resolve(properties.Bucket)),
          resolve(properties.PolicyDocument) as PolicyDocument,
        );
      } else if (resource.Type === "AWS::KMS::Key") {
        const arn = String(resolve({ "Fn::GetAtt": [logicalId, "Arn"] }));
        keyPolicies.set(arn, resolve(properties.KeyPolicy) as PolicyDocument);
        if (logicalId.startsWith("ArtifactKey")) artifactKey = arn;
      } else if (resource.Type === "AWS::S3::Bucket" && stack.stackName.endsWith("-tributary-cicd")) {
        if (logicalId.startsWith("BucketsArtifacts")) artifactsBucket = String(resolve({ Ref: logicalId }));
        if (logicalId.startsWith("BucketsStaging")) stagingBucket = String(resolve({ Ref: logicalId }));
        if (logicalId.startsWith("BucketsReports")) reportsBucket = String(resolve({ Ref: logicalId }));
      } else if (
        resource.Type === "AWS::S3::Bucket" &&
        logicalId.startsWith("ArtifactStoreStaging") &&
        stack.stackName.includes("-tributary-artifacts-")
      ) {
        // Encrypted with its region's key, by the key's ARN (Fn::GetAtt).
        const encryption = (
          properties.BucketEncryption as {
            ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: { KMSMasterKeyID: Json } }[];
          }
        ).ServerSideEncryptionConfiguration[0]?.ServerSideEncryptionByDefault.KMSMasterKeyID;
        staging.set(region, {
          bucket: String(resolve({ Ref: logicalId })),
          key: String(resolve(encryption ?? "")),
        });
      }
    }
  }
  if (!artifactsBucket || !stagingBucket || !reportsBucket || !artifactKey || !clonerRole) {
    throw new Error(
      "The CI/CD stack has no artifacts, staging or reports bucket, artifact key or cloner role. Fix: synthesized names changed; update cross-account.ts.",
    );
  }
  staging.set(CICD_REGION, { bucket: stagingBucket, key: artifactKey });
  return {
    roles,
    bucketPolicies,
    keyPolicies,
    artifactsBucket,
    stagingBucket,
    staging,
    reportsBucket,
    artifactKey,
    clonerRole,
  };
}

/** Resolves the intrinsics of one stack's template in its account and region (the forms these stacks use). */
function resolver(
  resources: Record<string, CfnResource>,
  where: { account: string; region: string; stackName: string },
): (node: Json) => Json {
  const pseudo: Record<string, string> = {
    "AWS::AccountId": where.account,
    "AWS::Region": where.region,
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": where.stackName,
  };
  const named = (logicalId: string, property: string, lowerCase: boolean) => {
    const given = resources[logicalId]?.Properties?.[property];
    if (given !== undefined) return String(resolve(given));
    const name = `${where.stackName}-${logicalId}`.slice(0, 50);
    return lowerCase ? `${name.toLowerCase()}-1a2b3c4d5e6f` : `${name}-1A2B3C4D5E6F`;
  };
  const ref = (logicalId: string): string => {
    if (Object.hasOwn(pseudo, logicalId)) return pseudo[logicalId] as string;
    const type = resources[logicalId]?.Type;
    if (type === "AWS::IAM::Role") return named(logicalId, "RoleName", false);
    if (type === "AWS::S3::Bucket") return named(logicalId, "BucketName", true);
    if (type === "AWS::KMS::Key") return simulatedKeyId(`${where.stackName}/${logicalId}`);
    // Any other resource is only named, never a principal or a guarded resource of these cases.
    return named(logicalId, "Name", false);
  };
  const getAtt = (logicalId: string, attribute: string): string => {
    const type = resources[logicalId]?.Type;
    const arn = (service: string, resource: string) =>
      `arn:aws:${service}:${where.region}:${where.account}:${resource}`;
    if (type === "AWS::IAM::Role" && attribute === "Arn")
      return roleArn("aws", where.account, ref(logicalId));
    if (type === "AWS::S3::Bucket" && attribute === "Arn") return `arn:aws:s3:::${ref(logicalId)}`;
    if (type === "AWS::KMS::Key" && attribute === "Arn") return arn("kms", `key/${ref(logicalId)}`);
    // Other attributes (log groups, functions, topics) only appear in statements these cases do not decide on.
    return arn(String(type).split("::")[1]?.toLowerCase() ?? "unknown", `${attribute}/${ref(logicalId)}`);
  };
  const resolve = intrinsicResolver(ref, getAtt);
  return resolve;
}

/** One cross-account request and the decision it must get. */
export interface CrossAccountCase {
  readonly why: string;
  readonly principal: Principal;
  readonly action: string;
  readonly resource: GuardedResource;
  readonly expect: "Allowed" | "Denied";
  /**
   * Request context beyond the principal's account (a stack's tags, `aws:ResourceTag/…`; `kms:ViaService` of a call
   * S3 makes with the key).
   */
  readonly context?: Readonly<Record<string, string>>;
}

/** A principal Tributary never made, with every permission its own account can give (`*` on `*`). */
function administrator(account: string, name: string): Principal {
  return {
    arn: roleArn("aws", account, name),
    account,
    policies: [
      {
        name: "Administrator",
        policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      },
    ],
  };
}

/**
 * The cross-account cases: who may assume each target role (exactly its CI/CD role); what each target role may do
 * on its own environment and not on another's (in its account or the other target account); who may read the CI/CD
 * buckets and key from a target account (that environment's roles, on that environment's objects, only).
 */
export function crossAccountCases(app: CrossAccountApp): CrossAccountCase[] {
  const cases: CrossAccountCase[] = [];
  const roleOf = (arn: string) => {
    const role = app.roles.get(arn);
    if (role === undefined)
      throw new Error(`The app has no role ${arn}. Fix: core's names and the stacks disagree.`);
    return role;
  };
  const target = (environment: Environment, purpose: keyof TargetRoleNames) =>
    roleOf(roleArn("aws", LOCATIONS[environment].account, targetRoleNames("acme", environment)[purpose]));
  const cicd = (environment: Environment, purpose: keyof ReturnType<typeof cicdRoleNames>) =>
    roleOf(roleArn("aws", ACCOUNTS.cicd, cicdRoleNames("acme", environment)[purpose]));
  const cicdPurpose = {
    deployAction: "pipeline",
    test: "test",
    preview: "preview",
    cleanup: "cleanup",
  } as const;
  const environments = Object.keys(LOCATIONS) as Environment[];

  // Trust: each target role is assumable by its CI/CD role only.
  for (const environment of environments) {
    for (const purpose of TARGET_ROLE_PURPOSES) {
      if (purpose.key === "cloudFormation") continue;
      const role = target(environment, purpose.key);
      const resource = { arn: role.arn, account: role.account, policy: role.trustPolicy };
      const own = cicd(environment, cicdPurpose[purpose.key]);
      cases.push({
        why: "its own CI/CD role",
        principal: own,
        action: "sts:AssumeRole",
        resource,
        expect: "Allowed",
      });
      for (const other of environments) {
        for (const otherPurpose of Object.values(cicdPurpose)) {
          const principal = cicd(other, otherPurpose);
          if (principal.arn === own.arn) continue;
          cases.push({
            why: "another CI/CD role",
            principal,
            action: "sts:AssumeRole",
            resource,
            expect: "Denied",
          });
        }
      }
      for (const [account, name] of [
        [ACCOUNTS.cicd, "Administrator"],
        [ACCOUNTS.other, "acme-tributary-cicd-prod-pipeline"],
        [environment === "prod" ? ACCOUNTS.devQa : ACCOUNTS.prod, "Administrator"],
        [role.account, "Administrator"],
      ] as const) {
        cases.push({
          why: `an administrator of ${account}`,
          principal: administrator(account, name),
          action: "sts:AssumeRole",
          resource,
          // Even in the role's own account: IAM needs the trust policy to name the principal for sts:AssumeRole.
          expect: "Denied",
        });
      }
    }
  }

  // Each target role acts on its own environment's stacks only.
  const stack = (environment: Environment, name: string): GuardedResource => {
    const { account, region } = LOCATIONS[environment];
    return { arn: `arn:aws:cloudformation:${region}:${account}:stack/${name}/0a1b2c3d`, account };
  };
  cases.push(...teardownCases(app, roleOf, cicd));
  for (const environment of environments) {
    const deployAction = target(environment, "deployAction");
    for (const other of environments) {
      for (const name of [`acme-${other}`, `acme-${other}-feature-login`]) {
        cases.push({
          why: other === environment ? "its own environment" : `${other}'s stack`,
          principal: deployAction,
          action: "cloudformation:CreateChangeSet",
          resource:
            other === environment
              ? stack(environment, name)
              : { ...stack(other, name), account: LOCATIONS[other].account },
          expect: other === environment ? "Allowed" : "Denied",
        });
      }
    }
    // A stack named like another environment's, in this environment's own account and region.
    for (const other of environments.filter((candidate) => candidate !== environment)) {
      cases.push({
        why: `${other}'s stack name in ${environment}'s account`,
        principal: deployAction,
        action: "cloudformation:ExecuteChangeSet",
        resource: stack(environment, `acme-${other}`),
        expect: "Denied",
      });
    }
    cases.push({
      why: "the preview role never executes a change set",
      principal: target(environment, "preview"),
      action: "cloudformation:ExecuteChangeSet",
      resource: stack(environment, `acme-${environment}`),
      expect: "Denied",
    });
  }

  // The CI/CD buckets and key, from the target accounts.
  const object = (bucket: string, key: string): GuardedResource => ({
    arn: `arn:aws:s3:::${bucket}/${key}`,
    account: ACCOUNTS.cicd,
    ...(app.bucketPolicies.has(bucket) ? { policy: app.bucketPolicies.get(bucket) as PolicyDocument } : {}),
  });
  const key: GuardedResource = {
    arn: app.artifactKey,
    account: ACCOUNTS.cicd,
    policy: app.keyPolicies.get(app.artifactKey) as PolicyDocument,
  };
  // Each environment's templates are staged in the staging bucket of its own region.
  const stagingOf = (environment: Environment) => {
    const staging = app.staging.get(LOCATIONS[environment].region);
    if (staging === undefined) throw new Error(`no staging bucket in ${LOCATIONS[environment].region}`);
    return staging;
  };
  const stagingKey = (environment: Environment): GuardedResource => {
    const { key: arn } = stagingOf(environment);
    return { arn, account: ACCOUNTS.cicd, policy: app.keyPolicies.get(arn) as PolicyDocument };
  };
  for (const environment of environments) {
    for (const other of environments) {
      cases.push({
        why: other === environment ? "its own staged templates" : `${other}'s staged templates`,
        principal: target(environment, "preview"),
        action: "s3:GetObject",
        resource: object(stagingOf(other).bucket, `staging/acme-${other}/exec-1/templates/main.yaml`),
        expect: other === environment ? "Allowed" : "Denied",
      });
      cases.push({
        why: other === environment ? "its own reports" : `${other}'s reports`,
        principal: target(environment, "test"),
        action: "s3:PutObject",
        resource: object(app.reportsBucket, `reports/acme-${other}/exec-1/index.html`),
        expect: other === environment ? "Allowed" : "Denied",
      });
    }
    cases.push({
      why: "the artifact key, named in its policy",
      principal: target(environment, "cloudFormation"),
      action: "kms:Decrypt",
      resource: key,
      expect: "Allowed",
    });
    cases.push({
      why: "its staged templates, as CloudFormation reads a nested stack's TemplateURL",
      principal: target(environment, "cloudFormation"),
      action: "s3:GetObject",
      resource: object(
        stagingOf(environment).bucket,
        `staging/acme-${environment}/exec-1/templates/website.yaml`,
      ),
      expect: "Allowed",
    });
    cases.push({
      why: "the key of its region's staging bucket, named in its policy",
      principal: target(environment, "cloudFormation"),
      action: "kms:Decrypt",
      resource: stagingKey(environment),
      expect: "Allowed",
    });
    const account = LOCATIONS[environment].account;
    cases.push({
      why: `another principal of ${account}`,
      principal: administrator(account, "Administrator"),
      action: "s3:GetObject",
      resource: object(
        stagingOf(environment).bucket,
        `staging/acme-${environment}/exec-1/templates/main.yaml`,
      ),
      expect: "Denied",
    });
    cases.push({
      why: `another principal of ${account}: the key of ${environment}'s staging bucket`,
      principal: administrator(account, "Administrator"),
      action: "kms:Decrypt",
      resource: stagingKey(environment),
      expect: "Denied",
    });
    cases.push({
      why: `another principal of ${account}`,
      principal: administrator(account, "Administrator"),
      action: "kms:Decrypt",
      resource: key,
      expect: "Denied",
    });
  }
  cases.push({
    why: "an account Tributary never names",
    principal: administrator(ACCOUNTS.other, "acme-tributary-prod-preview"),
    action: "s3:GetObject",
    resource: object(stagingOf("prod").bucket, "staging/acme-prod/exec-1/templates/main.yaml"),
    expect: "Denied",
  });
  cases.push(...clonerCases(app, roleOf(app.clonerRole), object, key));
  return cases;
}

/**
 * The cloner reads the remote targets' stack listings, and nothing else of the artifacts bucket: GetObject of each
 * listing key (decrypted with the artifact key through S3 only), no write there, no other object; and it has no way
 * into a target account (no sts:AssumeRole of any role there).
 */
function clonerCases(
  app: CrossAccountApp,
  cloner: Principal,
  object: (bucket: string, key: string) => GuardedResource,
  key: GuardedResource,
): CrossAccountCase[] {
  const listings = [
    targetListingKey(ACCOUNTS.devQa, CICD_REGION),
    targetListingKey(ACCOUNTS.prod, "eu-central-1"),
  ];
  const viaS3 = { "kms:ViaService": `s3.${CICD_REGION}.amazonaws.com` };
  const cases: CrossAccountCase[] = listings.flatMap((listing) => [
    {
      why: "a target's stack listing",
      principal: cloner,
      action: "s3:GetObject",
      resource: object(app.artifactsBucket, listing),
      expect: "Allowed" as const,
    },
    {
      why: "writing a target's stack listing (the listing build's, never the cloner's)",
      principal: cloner,
      action: "s3:PutObject",
      resource: object(app.artifactsBucket, listing),
      expect: "Denied" as const,
    },
  ]);
  cases.push(
    {
      why: "a pipeline's artifact (not a listing)",
      principal: cloner,
      action: "s3:GetObject",
      resource: object(app.artifactsBucket, "acme-prod/SourceOutp/a1b2c3d"),
      expect: "Denied",
    },
    {
      why: "deleting a target's stack listing",
      principal: cloner,
      action: "s3:DeleteObject",
      resource: object(app.artifactsBucket, listings[0] as string),
      expect: "Denied",
    },
    {
      why: "the artifact key, through S3 (a listing's object key)",
      principal: cloner,
      action: "kms:Decrypt",
      resource: key,
      context: viaS3,
      expect: "Allowed",
    },
    {
      why: "the artifact key, not through S3",
      principal: cloner,
      action: "kms:Decrypt",
      resource: key,
      expect: "Denied",
    },
  );
  for (const role of app.roles.values()) {
    if (role.account === ACCOUNTS.cicd) continue;
    cases.push({
      why: "a role in a target account (the cloner never gets one)",
      principal: cloner,
      action: "sts:AssumeRole",
      resource: { arn: role.arn, account: role.account, policy: role.trustPolicy },
      expect: "Denied",
    });
  }
  return cases;
}

/**
 * The teardown across accounts: each target account and region's teardown role is assumable by the CI/CD teardown
 * project's role only, which may assume nothing else there; the teardown role deletes and empties only its own
 * environments' ephemeral stacks (tagged ephemeral and the project's), never a shared or the target stack, never in
 * another account, and reads no pipeline (the clones are read in the CI/CD account).
 */
function teardownCases(
  app: CrossAccountApp,
  roleOf: (arn: string) => Principal & { readonly trustPolicy: PolicyDocument },
  cicd: (environment: Environment, purpose: keyof ReturnType<typeof cicdRoleNames>) => Principal,
): CrossAccountCase[] {
  const cases: CrossAccountCase[] = [];
  const environments = Object.keys(LOCATIONS) as Environment[];
  const cicdTeardown = roleOf(roleArn("aws", ACCOUNTS.cicd, cicdTeardownRoleName("acme")));
  const targets = [
    ...new Map(
      environments.map((environment) => [LOCATIONS[environment].account, LOCATIONS[environment]]),
    ).values(),
  ];
  const teardownRole = (location: { account: string; region: string }) =>
    roleOf(roleArn("aws", location.account, targetTeardownRoleName("acme", location.region)));
  const ephemeral = {
    [`aws:ResourceTag/${MANAGED_TAGS.ephemeral}`]: "true",
    [`aws:ResourceTag/${MANAGED_TAGS.project}`]: "acme",
  };
  const stackIn = (location: { account: string; region: string }, name: string): GuardedResource => ({
    arn: `arn:aws:cloudformation:${location.region}:${location.account}:stack/${name}/0a1b2c3d`,
    account: location.account,
  });
  const bucketObjects = (location: { account: string }, bucket: string): GuardedResource => ({
    arn: `arn:aws:s3:::${bucket}/index.html`,
    account: location.account,
  });

  for (const location of targets) {
    const role = teardownRole(location);
    const trust = { arn: role.arn, account: role.account, policy: role.trustPolicy };
    cases.push({
      why: "the CI/CD teardown role",
      principal: cicdTeardown,
      action: "sts:AssumeRole",
      resource: trust,
      expect: "Allowed",
    });
    for (const environment of environments) {
      for (const purpose of ["pipeline", "test", "preview", "cleanup"] as const) {
        cases.push({
          why: "another CI/CD role",
          principal: cicd(environment, purpose),
          action: "sts:AssumeRole",
          resource: trust,
          expect: "Denied",
        });
      }
    }
    for (const [account, name] of [
      [ACCOUNTS.cicd, "Administrator"],
      [ACCOUNTS.other, cicdTeardownRoleName("acme")],
      [location.account, "Administrator"],
    ] as const) {
      cases.push({
        why: `an administrator of ${account}`,
        principal: administrator(account, name),
        action: "sts:AssumeRole",
        resource: trust,
        expect: "Denied",
      });
    }
  }
  // The CI/CD teardown role's own side: no environment's target role, and no teardown role of an account Tributary
  // never names, even one whose trust policy would let it in.
  for (const environment of environments) {
    for (const purpose of TARGET_ROLE_PURPOSES) {
      const role = roleOf(
        roleArn("aws", LOCATIONS[environment].account, targetRoleNames("acme", environment)[purpose.key]),
      );
      cases.push({
        why: `${environment}'s ${purpose.key} role`,
        principal: cicdTeardown,
        action: "sts:AssumeRole",
        resource: { arn: role.arn, account: role.account, policy: role.trustPolicy },
        expect: "Denied",
      });
    }
  }
  const strangerArn = roleArn("aws", ACCOUNTS.other, targetTeardownRoleName("acme", "eu-west-1"));
  cases.push({
    why: "a teardown role of an account Tributary never names, trusting it",
    principal: cicdTeardown,
    action: "sts:AssumeRole",
    resource: {
      arn: strangerArn,
      account: ACCOUNTS.other,
      policy: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: cicdTeardown.arn }, Action: "sts:AssumeRole" }],
      },
    },
    expect: "Denied",
  });

  for (const location of targets) {
    const role = teardownRole(location);
    const here = environments.filter((environment) => LOCATIONS[environment].account === location.account);
    const elsewhere = environments.filter(
      (environment) => LOCATIONS[environment].account !== location.account,
    );
    const other = targets.find(
      (candidate) => candidate.account !== location.account,
    ) as (typeof targets)[number];
    for (const environment of here) {
      const clone = `acme-${environment}-feature-login`;
      for (const action of [
        "cloudformation:DescribeStacks",
        "cloudformation:ListStackResources",
        "cloudformation:DeleteStack",
      ]) {
        cases.push({
          why: `an ephemeral stack of ${environment}`,
          principal: role,
          action,
          resource: stackIn(location, clone),
          context: ephemeral,
          expect: "Allowed",
        });
      }
      cases.push({
        why: `an untagged stack of ${environment}`,
        principal: role,
        action: "cloudformation:DeleteStack",
        resource: stackIn(location, clone),
        expect: "Denied",
      });
      cases.push({
        why: `a stack of ${environment} tagged another project's`,
        principal: role,
        action: "cloudformation:DeleteStack",
        resource: stackIn(location, clone),
        context: { ...ephemeral, [`aws:ResourceTag/${MANAGED_TAGS.project}`]: "other" },
        expect: "Denied",
      });
      cases.push({
        why: `the shared stack of ${environment}, tagged ephemeral`,
        principal: role,
        action: "cloudformation:DeleteStack",
        resource: stackIn(location, `acme-${environment}`),
        context: ephemeral,
        expect: "Denied",
      });
      cases.push({
        why: `a bucket of an ephemeral stack of ${environment}`,
        principal: role,
        action: "s3:DeleteObjectVersion",
        resource: bucketObjects(location, `${clone}-websitebucket-1a2b3c4d5e6f`),
        expect: "Allowed",
      });
      cases.push({
        why: `the same stack name in another target account`,
        principal: role,
        action: "cloudformation:DeleteStack",
        resource: stackIn(other, clone),
        context: ephemeral,
        expect: "Denied",
      });
    }
    for (const environment of elsewhere) {
      const clone = `acme-${environment}-feature-login`;
      cases.push({
        why: `${environment}'s stack name in this account`,
        principal: role,
        action: "cloudformation:DeleteStack",
        resource: stackIn(location, clone),
        context: ephemeral,
        expect: "Denied",
      });
      cases.push({
        why: `${environment}'s stack in its own account`,
        principal: role,
        action: "cloudformation:DeleteStack",
        resource: stackIn(LOCATIONS[environment], clone),
        context: ephemeral,
        expect: "Denied",
      });
      cases.push({
        why: `a bucket of ${environment}'s stack`,
        principal: role,
        action: "s3:DeleteObjectVersion",
        resource: bucketObjects(location, `${clone}-websitebucket-1a2b3c4d5e6f`),
        expect: "Denied",
      });
    }
    const targetStack = targetStackName("acme", location.account, location.region);
    cases.push({
      why: "its own target stack, tagged ephemeral",
      principal: role,
      action: "cloudformation:DeleteStack",
      resource: stackIn(location, targetStack),
      context: ephemeral,
      expect: "Denied",
    });
    cases.push({
      why: "a pipeline in its own account (clones are read in the CI/CD account only)",
      principal: role,
      action: "codepipeline:ListTagsForResource",
      resource: {
        arn: `arn:aws:codepipeline:${location.region}:${location.account}:acme-${here[0]}-feature-login`,
        account: location.account,
      },
      expect: "Denied",
    });
  }
  // The listing mode: each teardown role lists its account's stacks by tag; the CI/CD teardown role writes the listings
  // into the artifacts bucket, under core's prefix only.
  for (const location of targets) {
    cases.push({
      why: "list the project's stacks by tag (no resource-level permissions)",
      principal: teardownRole(location),
      action: "tag:GetResources",
      resource: { arn: "*", account: location.account },
      expect: "Allowed",
    });
  }
  const artifactsObject = (key: string): GuardedResource => ({
    arn: `arn:aws:s3:::${app.artifactsBucket}/${key}`,
    account: ACCOUNTS.cicd,
    ...(app.bucketPolicies.has(app.artifactsBucket)
      ? { policy: app.bucketPolicies.get(app.artifactsBucket) as PolicyDocument }
      : {}),
  });
  for (const location of targets) {
    cases.push({
      why: "write a target's listing",
      principal: cicdTeardown,
      action: "s3:PutObject",
      resource: artifactsObject(targetListingKey(location.account, location.region)),
      expect: "Allowed",
    });
  }
  cases.push({
    why: "write a pipeline's artifact",
    principal: cicdTeardown,
    action: "s3:PutObject",
    resource: artifactsObject("acme-prod/SourceOutput/a1b2c3"),
    expect: "Denied",
  });
  cases.push({
    why: "write a listing into the CI/CD bucket from a target account",
    principal: teardownRole(LOCATIONS.prod),
    action: "s3:PutObject",
    resource: artifactsObject(targetListingKey(LOCATIONS.prod.account, LOCATIONS.prod.region)),
    expect: "Denied",
  });
  return cases;
}

/** The stack names the cases cover, for the report. */
export const CROSS_ACCOUNT_STACKS = [
  targetStackName("acme", ACCOUNTS.devQa, CICD_REGION),
  targetStackName("acme", ACCOUNTS.prod, "eu-central-1"),
];
