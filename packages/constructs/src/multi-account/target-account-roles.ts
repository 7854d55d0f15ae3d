/**
 * The roles a CI/CD account's pipelines assume in one target account and region, one set per environment deploying
 * there (core's `targetRoleNames`): CloudFormation's, the change-set actions', Test's, Preview's and Cleanup's; and
 * one teardown role for the account and region (core's `targetTeardownRoleName`). Each trusts exactly the CI/CD role
 * that uses it, by ARN (core's `cicdRoleNames`, `cicdTeardownRoleName`), and gets the statements the same account's
 * roles get, built by the same functions (the stage modules', `teardownStatements`), for this account and region.
 */

import {
  cicdRoleNames,
  cicdTeardownRoleName,
  environmentRoutes,
  environmentStackName,
  ownershipRule,
  regionPartition,
  roleArn,
  TARGET_ROLE_PURPOSES,
  TARGET_STACK_VERSION,
  TARGET_VERSION_OUTPUT,
  type TargetRoleNames,
  type TributaryConfig,
  targetRoleNames,
  targetTeardownRoleName,
  teardownTargets,
} from "@tributary/core";
import { CfnOutput, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import type { PipelineBuckets } from "../buckets/tributary-buckets.js";
import { grantCleanupRole } from "../environment-pipeline/cleanup-stage.js";
import {
  changeSetStatements,
  projectDeploymentRole,
  sameAccountRoles,
} from "../environment-pipeline/pipeline-roles.js";
import { grantPreviewRole } from "../environment-pipeline/preview-stage.js";
import type { ProjectNeeds } from "../environment-pipeline/project-needs.js";
import { stageContext } from "../environment-pipeline/stage-context.js";
import { grantTestRole } from "../environment-pipeline/test-stage.js";
import { acknowledgeWildcardFindings, targetWildcardAcknowledgements } from "../nag/nag-acknowledgements.js";
import { teardownStatements } from "../stack-teardown/teardown-statements.js";

/**
 * Properties of {@link TargetAccountRoles}.
 *
 * @example
 * const props: TargetAccountRolesProps = {
 *   config, cicdAccount: "111111111111", environments: ["prod"], buckets: cicd.buckets, artifactStore: store.bucket,
 *   projectNeeds: DEMO_PROJECT,
 * };
 */
export interface TargetAccountRolesProps {
  /** The validated Tributary config. */
  readonly config: TributaryConfig;
  /** The CI/CD account: its pipeline and project roles (core's fixed names) are the only principals trusted. */
  readonly cicdAccount: string;
  /** The environments deploying in this stack's account and region (core's `deploymentTargets`). */
  readonly environments: readonly string[];
  /** The CI/CD account's staging and reports buckets (their names are generated and referenced across accounts). */
  readonly buckets: PipelineBuckets;
  /** The pipelines' artifact store in this stack's region (the CI/CD artifacts bucket in its own region). */
  readonly artifactStore: s3.IBucket;
  /** What the project's templates and buildspecs need (the shipped app passes `DEMO_PROJECT`). */
  readonly projectNeeds?: ProjectNeeds;
}

/**
 * The target roles of the environments deploying in the stack's account and region, and the stack's
 * `TributaryTargetVersion` output (core's `TARGET_STACK_VERSION`, which `tributary doctor` compares).
 *
 * @example
 * const roles = new TargetAccountRoles(targetStack, "Roles", props);
 * roles.rolesOf("prod").preview.roleName; // "acme-tributary-prod-preview"
 */
export class TargetAccountRoles extends Construct {
  private readonly roles = new Map<string, Readonly<Record<keyof TargetRoleNames, iam.Role>>>();

  /**
   * The teardown role of this account and region (core's `targetTeardownRoleName`): the CI/CD teardown project
   * assumes it to empty and delete the ephemeral stacks of the environments deploying here.
   */
  public readonly teardownRole: iam.Role;

  constructor(scope: Construct, id: string, props: TargetAccountRolesProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const partition = regionPartition(stack.region);
    // The CI/CD buckets as this account sees them: identity policies name them, their own policies name these roles.
    const buckets: PipelineBuckets = {
      artifactsBucket: importBucket(this, "ArtifactStore", props.artifactStore),
      stagingBucket: importBucket(this, "Staging", props.buckets.stagingBucket),
      reportsBucket: importBucket(this, "Reports", props.buckets.reportsBucket),
    };
    for (const name of props.environments) {
      const environment = config.environments.find((candidate) => candidate.name === name);
      const route = environmentRoutes(config).find((candidate) => candidate.environment === name);
      if (environment === undefined || route === undefined) {
        throw new Error(
          `TargetAccountRoles: environment ${JSON.stringify(name)} is not in the config. Fix: pass the environments of core's deploymentTargets.`,
        );
      }
      const scopeOf = new Construct(this, pascal(name));
      const context = stageContext(
        scopeOf,
        { config, buckets, ...(props.projectNeeds ? { projectNeeds: props.projectNeeds } : {}) },
        environment,
        route,
      );
      const names = targetRoleNames(config.project, name);
      const cicd = cicdRoleNames(config.project, name);
      const trusting = (id: string, roleName: string, trusted: string, description: string) =>
        new iam.Role(scopeOf, id, {
          roleName,
          assumedBy: new iam.ArnPrincipal(roleArn(partition, props.cicdAccount, trusted)),
          description,
        });
      const created = projectDeploymentRole(scopeOf, "CloudFormation", context, names.cloudFormation);
      // The same-account factory adds what CloudFormation reads (the staged templates, the artifacts).
      sameAccountRoles.deploymentRole(scopeOf, context, created);
      const deployAction = trusting(
        "DeployAction",
        names.deployAction,
        cicd.pipeline,
        `Change-set actions of ${route.pipelineName} and its clones: stacks ${environment.stackName}(-*)`,
      );
      for (const statement of changeSetStatements(scopeOf, context, created))
        deployAction.addToPolicy(statement);
      buckets.artifactsBucket.grantRead(deployAction);
      const test = trusting(
        "Test",
        names.test,
        cicd.test,
        `Test builds of ${route.pipelineName} and its clones`,
      );
      grantTestRole(scopeOf, test, context, { taskcat: true });
      const preview = trusting(
        "Preview",
        names.preview,
        cicd.preview,
        `Preview builds of ${route.pipelineName} and its clones: tributary-preview-* change sets, never executed`,
      );
      grantPreviewRole(scopeOf, preview, context, created);
      const cleanup = trusting(
        "Cleanup",
        names.cleanup,
        cicd.cleanup,
        `Cleanup builds of ${route.pipelineName} and its clones`,
      );
      grantCleanupRole(scopeOf, cleanup, context);
      const roles = { cloudFormation: created, deployAction, test, preview, cleanup };
      for (const purpose of TARGET_ROLE_PURPOSES)
        grantArtifactKeys(roles[purpose.key], partition, props.cicdAccount);
      this.roles.set(name, roles);
    }
    this.teardownRole = targetTeardownRole(this, config, props.cicdAccount, props.environments, partition);
    acknowledgeWildcardFindings(this, targetWildcardAcknowledgements(config, props.cicdAccount));
    new CfnOutput(stack, TARGET_VERSION_OUTPUT, {
      value: TARGET_STACK_VERSION,
      description: "What this target stack holds; tributary doctor asks for this version",
    });
  }

  /**
   * The roles of one environment, by purpose.
   *
   * @example
   * roles.rolesOf("prod").cloudFormation.roleArn;
   */
  public rolesOf(environment: string): Readonly<Record<keyof TargetRoleNames, iam.Role>> {
    const roles = this.roles.get(environment);
    if (roles === undefined) {
      throw new Error(
        `TargetAccountRoles: no roles for ${JSON.stringify(environment)}; this stack holds ${[...this.roles.keys()].join(", ")}.`,
      );
    }
    return roles;
  }
}

/**
 * The teardown role of the stack's account and region, trusting only the CI/CD teardown project's role (core's
 * `cicdTeardownRoleName`) by ARN, with the statements of the CI/CD teardown role (`teardownStatements`) scoped to the
 * stacks of `environments` (core's `teardownTargets` prefixes): their shared stacks and this target stack are denied,
 * this stack's buckets are never emptied, and no pipeline is read here (the clones live in the CI/CD account). It also
 * lists the project's stacks with the tagging API, for the teardown project's listing mode.
 */
function targetTeardownRole(
  scope: Construct,
  config: TributaryConfig,
  cicdAccount: string,
  environments: readonly string[],
  partition: string,
): iam.Role {
  const stack = Stack.of(scope);
  const ownership = ownershipRule(config);
  const here = new Set(environments.map((name) => environmentStackName(config.project, name)));
  const targets = teardownTargets(
    config.project,
    environments.map((name) => ({ name, account: stack.account, region: stack.region })),
  );
  const role = new iam.Role(scope, "Teardown", {
    roleName: targetTeardownRoleName(config.project, stack.region),
    assumedBy: new iam.ArnPrincipal(roleArn(partition, cicdAccount, cicdTeardownRoleName(config.project))),
    description: `Teardown of the ephemeral stacks of ${environments.join(", ")}: stacks ${targets.map((target) => `${target.stackPrefix}*`).join(", ")}`,
  });
  const statements = teardownStatements(stack, {
    stackPrefixes: targets.map((target) => target.stackPrefix),
    ephemeralStackTags: ownership.ephemeralStackTags,
    protectedStacks: [...ownership.protectedStacks.filter((name) => here.has(name)), stack.stackName],
    ownStacks: [stack.stackName],
    // The listing mode lists the project's stacks here (core's TARGET_LISTING_MODE), for the reconcile's sweep.
    listsStacks: true,
  });
  for (const statement of statements) role.addToPolicy(statement);
  return role;
}

/**
 * The CI/CD buckets and replication buckets are encrypted with the CI/CD account's keys, whose key policies name each
 * target role: the identity side allows those keys only (the CI/CD account's), never this account's own.
 */
function grantArtifactKeys(role: iam.Role, partition: string, cicdAccount: string): void {
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: "UseArtifactKeysOfCicdAccount",
      actions: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
      resources: [`arn:${partition}:kms:*:${cicdAccount}:key/*`],
    }),
  );
}

/** A CI/CD bucket imported into this stack, without its key (the key is granted by {@link grantArtifactKeys}). */
function importBucket(scope: Construct, id: string, bucket: s3.IBucket): s3.IBucket {
  return s3.Bucket.fromBucketAttributes(scope, id, {
    bucketName: bucket.bucketName,
    account: bucket.env.account,
    region: bucket.env.region,
  });
}

/** `dev` → `Dev`, for construct ids. */
function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
