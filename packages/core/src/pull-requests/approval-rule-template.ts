/**
 * The merge gate: the CodeCommit approval rule template that requires the cloner's approval (given when the pull
 * request's pipeline run succeeds) before a pull request into a long-lived branch can merge.
 */

import type { TributaryConfig } from "../shared/types.js";
import { explainPullRequest } from "./resolve-pull-request.js";

/**
 * CodeCommit's limits of an approval rule template (the `ApprovalRuleTemplateName`, `…Description` and
 * `…Content` shapes of the CodeCommit API model, codecommit 2015-04-13).
 *
 * @example
 * approvalRuleTemplateName("acme").length <= APPROVAL_RULE_TEMPLATE_LIMITS.name; // true
 */
export const APPROVAL_RULE_TEMPLATE_LIMITS = { name: 100, description: 1000, content: 3000 } as const;

/**
 * The only version of the approval rule content language CodeCommit documents.
 *
 * @example
 * JSON.parse(content).Version === APPROVAL_RULE_CONTENT_VERSION; // "2018-11-08"
 */
export const APPROVAL_RULE_CONTENT_VERSION = "2018-11-08";

/**
 * The project's approval rule template name: `<project>-tributary-green-pipeline`. Templates are per account and
 * region; project names have no dashes, so no two projects share one. It is also the name of the rule each pull
 * request shows.
 *
 * @example
 * approvalRuleTemplateName("acme"); // "acme-tributary-green-pipeline"
 */
export function approvalRuleTemplateName(project: string): string {
  const name = `${project}-tributary-green-pipeline`;
  if (name.length > APPROVAL_RULE_TEMPLATE_LIMITS.name) {
    throw new RangeError(
      `The approval rule template name "${name}" is longer than ${APPROVAL_RULE_TEMPLATE_LIMITS.name} characters. Fix: use a project name of at most 24 characters, as defineConfig requires.`,
    );
  }
  return name;
}

/**
 * The branches whose pull requests the template gates, as `refs/heads/<branch>` (the template's
 * `DestinationReferences`): the main and develop branches, each only when pull requests into it get a pipeline
 * (otherwise nothing would ever approve them). Empty when pull requests are disabled or route nowhere.
 *
 * @example
 * approvalRuleDestinations(config); // ["refs/heads/main", "refs/heads/develop"]
 */
export function approvalRuleDestinations(config: TributaryConfig): readonly string[] {
  const { main, develop } = config.branches;
  return [main, develop]
    .filter(
      (destinationBranch) =>
        explainPullRequest(config, {
          id: "1",
          sourceBranch: `${config.branches.prefixes.feature}x`,
          destinationBranch,
        }).route !== null,
    )
    .map((branch) => `refs/heads/${branch}`);
}

/**
 * The approval pool member that matches every session of a role: `arn:<partition>:sts::<account>:assumed-role/<role>/*`
 * (the fully qualified ARN form CodeCommit documents; a Lambda's session name is its function name). Tokens are
 * welcome: the construct passes the cloner role's name as one.
 *
 * @example
 * approverPoolMember({ partition: "aws", account: "123456789012", roleName: "acme-cloner" });
 * // "arn:aws:sts::123456789012:assumed-role/acme-cloner/*"
 */
export function approverPoolMember(role: {
  readonly partition: string;
  readonly account: string;
  readonly roleName: string;
}): string {
  return `arn:${role.partition}:sts::${role.account}:assumed-role/${role.roleName}/*`;
}

/**
 * The content of an approval rule template, in CodeCommit's rule language (version `2018-11-08`).
 *
 * @example
 * approvalRuleTemplateContent({ destinations: ["refs/heads/main"], approvers: [member] });
 * // { Version: "2018-11-08", DestinationReferences: ["refs/heads/main"],
 * //   Statements: [{ Type: "Approvers", NumberOfApprovalsNeeded: 1, ApprovalPoolMembers: [member] }] }
 */
export interface ApprovalRuleTemplateContent {
  readonly Version: typeof APPROVAL_RULE_CONTENT_VERSION;
  readonly DestinationReferences: readonly string[];
  readonly Statements: readonly [
    {
      readonly Type: "Approvers";
      readonly NumberOfApprovalsNeeded: number;
      readonly ApprovalPoolMembers: readonly string[];
    },
  ];
}

/**
 * The template's content: one approval, from one of `approvers`, on pull requests into `destinations`.
 * Throws a `RangeError` when `destinations` is empty (a template without destination references would gate every
 * pull request, even those no pipeline approves) or `approvers` is empty.
 *
 * @example
 * approvalRuleTemplateContent({
 *   destinations: ["refs/heads/main"],
 *   approvers: ["arn:aws:sts::123456789012:assumed-role/acme-cloner/*"],
 * }).Statements[0].NumberOfApprovalsNeeded; // 1
 */
export function approvalRuleTemplateContent(input: {
  readonly destinations: readonly string[];
  readonly approvers: readonly string[];
}): ApprovalRuleTemplateContent {
  if (input.destinations.length === 0) {
    throw new RangeError(
      "The approval rule template has no destination branch, so it would gate every pull request. Fix: pass the branches of approvalRuleDestinations(config), or create no template when it is empty.",
    );
  }
  if (input.approvers.length === 0) {
    throw new RangeError(
      "The approval rule template has no approver, so no approval could count. Fix: pass the cloner's role as approverPoolMember(...).",
    );
  }
  return {
    Version: APPROVAL_RULE_CONTENT_VERSION,
    DestinationReferences: [...input.destinations],
    Statements: [
      { Type: "Approvers", NumberOfApprovalsNeeded: 1, ApprovalPoolMembers: [...input.approvers] },
    ],
  };
}

/**
 * The template's description (CodeCommit shows it with the template; at most 1,000 characters). It names only the
 * project, so it never changes while the template exists (the construct writes it once, at creation).
 *
 * @example
 * approvalRuleTemplateDescription("acme");
 * // "Tributary acme: a pull request merges once its pipeline succeeded (the cloner approves the revision that passed)."
 */
export function approvalRuleTemplateDescription(project: string): string {
  return `Tributary ${project}: a pull request merges once its pipeline succeeded (the cloner approves the revision that passed).`;
}

/**
 * The approval rule template of a project, or `null` when it gets none: `approvals.pullRequestRule` is false, or
 * no pull request into the main or develop branch gets a pipeline.
 *
 * @example
 * pullRequestApprovalRule(config);
 * // { name: "acme-tributary-green-pipeline", description: "Tributary acme: …", destinations: ["refs/heads/main", "refs/heads/develop"] }
 */
export function pullRequestApprovalRule(
  config: TributaryConfig,
): { readonly name: string; readonly description: string; readonly destinations: readonly string[] } | null {
  if (!config.approvals.pullRequestRule) return null;
  const destinations = approvalRuleDestinations(config);
  if (destinations.length === 0) return null;
  return {
    name: approvalRuleTemplateName(config.project),
    description: approvalRuleTemplateDescription(config.project),
    destinations,
  };
}

/**
 * The shell variables the commands of {@link approvalRuleCommands} read: the cloner role's name and the account.
 *
 * @example
 * `${APPROVAL_RULE_COMMAND_VARIABLES.role}=$(aws …)`; // "ROLE=$(aws …)"
 */
export const APPROVAL_RULE_COMMAND_VARIABLES = { role: "ROLE", account: "ACCOUNT" } as const;

/** `value` inside double quotes for a POSIX shell, with `$`, `` ` ``, `"` and `\` escaped. */
function doubleQuoted(value: string): string {
  return `"${value.replace(/[\\"$`]/g, "\\$&")}"`;
}

/**
 * The two `aws` CLI commands that create the project's template and associate it with its repository, for a
 * deployer who may not manage approval rule templates (`approvals.pullRequestRule: false`): someone who may runs
 * them. They read the shell variables {@link APPROVAL_RULE_COMMAND_VARIABLES} (`ROLE`, the cloner role's name;
 * `ACCOUNT`). Empty when no pull request into the main or develop branch gets a pipeline.
 *
 * @example
 * approvalRuleCommands(config);
 * // ['aws codecommit create-approval-rule-template --approval-rule-template-name "acme-tributary-green-pipeline" …',
 * //  'aws codecommit associate-approval-rule-template-with-repository --approval-rule-template-name "acme-tributary-green-pipeline" --repository-name "infra"']
 */
export function approvalRuleCommands(
  config: TributaryConfig,
  options: { readonly partition?: string } = {},
): readonly string[] {
  const rule = pullRequestApprovalRule({
    ...config,
    approvals: { ...config.approvals, pullRequestRule: true },
  });
  if (rule === null) return [];
  // Sentinels that neither JSON nor the quoting changes and no branch name holds (git forbids "~"), then the variables.
  const role = "~role~";
  const account = "~account~";
  const content = JSON.stringify(
    approvalRuleTemplateContent({
      destinations: rule.destinations,
      approvers: [approverPoolMember({ partition: options.partition ?? "aws", account, roleName: role })],
    }),
  );
  const quotedContent = doubleQuoted(content)
    .replace(role, `\${${APPROVAL_RULE_COMMAND_VARIABLES.role}}`)
    .replace(account, `\${${APPROVAL_RULE_COMMAND_VARIABLES.account}}`);
  return [
    [
      "aws codecommit create-approval-rule-template",
      `--approval-rule-template-name ${doubleQuoted(rule.name)}`,
      `--approval-rule-template-description ${doubleQuoted(rule.description)}`,
      `--approval-rule-template-content ${quotedContent}`,
    ].join(" "),
    [
      "aws codecommit associate-approval-rule-template-with-repository",
      `--approval-rule-template-name ${doubleQuoted(rule.name)}`,
      `--repository-name ${doubleQuoted(config.repository)}`,
    ].join(" "),
  ];
}
