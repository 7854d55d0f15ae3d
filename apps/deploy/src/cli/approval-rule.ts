/** `tributary approval-rule`: the `aws` commands that apply the merge gate by hand (an imported repository). */
import {
  APPROVAL_RULE_COMMAND_VARIABLES,
  approvalRuleCommands,
  approvalRuleTemplateName,
  type TributaryConfig,
} from "@tributary/core";
import { stackNames } from "../names";

/**
 * The start of the cloner role's logical id in the CI/CD stack (construct `Cloner`, its role `ServiceRole`): the
 * commands look the role's generated name up by it. app.test.ts checks that exactly one role matches.
 *
 * @example
 * "ClonerServiceRoleFD628485".startsWith(CLONER_ROLE_LOGICAL_ID_PREFIX); // true
 */
export const CLONER_ROLE_LOGICAL_ID_PREFIX = "ClonerServiceRole";

/** What `approval-rule --json` prints. */
export interface ApprovalRuleCommands {
  /** The template's name, or `null` when the project gets none. */
  readonly template: string | null;
  /** Whether the CI/CD stack applies the template itself (`approvals.pullRequestRule`). */
  readonly appliedByStack: boolean;
  /** Shell lines to run in order, as someone who may manage approval rule templates; empty when there is no template. */
  readonly commands: readonly string[];
}

/** The partition of a region code (`cn-north-1` → `aws-cn`); `aws` when the stacks are environment-agnostic. */
function partitionOf(region: string | undefined): string {
  if (region?.startsWith("cn-")) return "aws-cn";
  if (region?.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/**
 * The commands that create the project's approval rule template and associate it with the repository: two lines
 * that read the cloner role's name (from the deployed CI/CD stack, by its logical id, with `list-stack-resources`,
 * which pages through every resource) and the account, then core's `approvalRuleCommands`.
 *
 * @example
 * approvalRuleCommandsFor(config, undefined).commands[0];
 * // ROLE=$(aws cloudformation list-stack-resources --stack-name "acme-tributary-cicd" …)
 */
export function approvalRuleCommandsFor(
  config: TributaryConfig,
  region: string | undefined,
): ApprovalRuleCommands {
  const commands = approvalRuleCommands(config, { partition: partitionOf(region) });
  if (commands.length === 0) return { template: null, appliedByStack: false, commands: [] };
  const { role, account } = APPROVAL_RULE_COMMAND_VARIABLES;
  // ListStackResources, which the CLI pages through (DescribeStackResources answers only the stack's first 100
  // resources, and the CI/CD stack holds more), filtered by the role's logical id.
  const query = `StackResourceSummaries[?ResourceType=='AWS::IAM::Role' && starts_with(LogicalResourceId, '${CLONER_ROLE_LOGICAL_ID_PREFIX}')].PhysicalResourceId`;
  return {
    template: approvalRuleTemplateName(config.project),
    appliedByStack: config.approvals.pullRequestRule,
    commands: [
      `${role}=$(aws cloudformation list-stack-resources --stack-name "${stackNames(config).cicd}" --query "${query}" --output text)`,
      `${account}=$(aws sts get-caller-identity --query Account --output text)`,
      ...commands,
    ],
  };
}

/**
 * Formats the commands with a comment that says who runs them and when.
 *
 * @example
 * formatApprovalRuleCommands(approvalRuleCommandsFor(config, undefined)); // "# Run after … \nROLE=$(…)\n…"
 */
export function formatApprovalRuleCommands(result: ApprovalRuleCommands): string {
  if (result.template === null) {
    return "# No approval rule template: no pull request into the main or develop branch gets a pipeline.";
  }
  const header = result.appliedByStack
    ? `# The CI/CD stack applies ${result.template} itself (approvals.pullRequestRule is true); these commands are its manual form.`
    : `# approvals.pullRequestRule is false: after \`cdk deploy\`, someone who may manage CodeCommit approval rule templates runs:`;
  return [header, ...result.commands].join("\n");
}
