/** The merge gate: a CodeCommit approval rule template that needs the cloner's approval, associated with the repository. */

import {
  approvalRuleTemplateContent,
  approverPoolMember,
  pullRequestApprovalRule,
  type TributaryConfig,
} from "@tributary/core";
import { Stack } from "aws-cdk-lib";
import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import { acknowledgeWildcardFindings } from "../nag/nag-acknowledgements.js";

/**
 * Properties of {@link PullRequestApprovalRule}.
 *
 * @example
 * const props: PullRequestApprovalRuleProps = { config, repository: source.repository, approver: cloner.role };
 */
export interface PullRequestApprovalRuleProps {
  /** The validated Tributary config: the template's name, description and branches come from it (core's `pullRequestApprovalRule`). */
  readonly config: TributaryConfig;
  /** The repository the template is associated with (created by the app or imported by name). */
  readonly repository: codecommit.IRepository;
  /** The role whose approval counts: the cloner's (`PipelineCloner.role`), which approves a revision whose pipeline succeeded. */
  readonly approver: iam.IRole;
  /**
   * How long the custom resource's Lambda keeps its logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * CodeCommit errors that mean "already done" for the call they are attached to (the CodeCommit API Reference and the
 * API model's error lists). The other calls are idempotent as they are: DeleteApprovalRuleTemplate answers 200 OK
 * for a template already deleted, UpdateApprovalRuleTemplateContent replaces the whole content, and
 * AssociateApprovalRuleTemplateWithRepository has no "already associated" error (only a missing template or
 * repository, or more than 25 templates on the repository).
 */
const ALREADY_EXISTS = "^ApprovalRuleTemplateNameAlreadyExistsException$";
const ALREADY_GONE = "^(ApprovalRuleTemplateDoesNotExistException|RepositoryDoesNotExistException)$";
// A template that someone associated with more repositories stays for them; Tributary removed its own association.
const STILL_USED = "^ApprovalRuleTemplateInUseException$";

/**
 * The approval rule template that lets a pull request into the main or develop branch merge only with one approval
 * from the cloner's role (the cloner approves the revision whose pipeline run succeeded), and its association with
 * the repository. CloudFormation has no resource for approval rule templates, so three `AwsCustomResource`s call
 * CodeCommit: `Template` creates the template (an existing one is taken over) and deletes it, `Content` writes the
 * current content on every create and update (a new cloner role, a renamed branch), `Association` associates it with
 * the repository and disassociates it on delete. A new project or repository name replaces them: the old ones are
 * removed after the new ones exist. Their Lambda may call only these five actions; the template actions have no
 * resource-level permissions, the association actions are limited to the repository.
 *
 * @example
 * const rule = new PullRequestApprovalRule(stack, "PullRequestApprovalRule", {
 *   config,
 *   repository: source.repository,
 *   approver: cloner.role,
 * });
 * rule.templateName; // "acme-tributary-green-pipeline"
 */
export class PullRequestApprovalRule extends Construct {
  /** The template's name (core's `approvalRuleTemplateName`), which every gated pull request shows as its rule. */
  public readonly templateName: string;
  /** The branches it gates, as `refs/heads/<branch>`. */
  public readonly destinations: readonly string[];
  /** The template's content as CloudFormation resolves it (a JSON string with the approver's role name). */
  public readonly content: string;
  /** The custom resource that creates and deletes the template. */
  public readonly template: cr.AwsCustomResource;
  /** The custom resource that writes the template's content. */
  public readonly templateContent: cr.AwsCustomResource;
  /** The custom resource that associates the template with the repository. */
  public readonly association: cr.AwsCustomResource;
  /** The execution role of the custom resources' Lambda (one per stack, shared by every `AwsCustomResource`). */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PullRequestApprovalRuleProps) {
    super(scope, id);
    const rule = pullRequestApprovalRule(props.config);
    if (rule === null) {
      throw new Error(
        `PullRequestApprovalRule: project ${props.config.project} gets no approval rule template (approvals.pullRequestRule is false, or no pull request into ${props.config.branches.main} or ${props.config.branches.develop} gets a pipeline). Fix: create the construct only when pullRequestApprovalRule(config) is not null.`,
      );
    }
    const stack = Stack.of(this);
    this.templateName = rule.name;
    this.destinations = rule.destinations;
    this.content = stack.toJsonString(
      approvalRuleTemplateContent({
        destinations: rule.destinations,
        approvers: [
          approverPoolMember({
            partition: stack.partition,
            account: stack.account,
            roleName: props.approver.roleName,
          }),
        ],
      }),
    );

    this.role = new iam.Role(this, "ProviderRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Tributary ${props.config.project}: manages the approval rule template ${rule.name}`,
    });
    const logGroup = new logs.LogGroup(this, "ProviderLogs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    logGroup.grantWrite(this.role);
    const provider = {
      role: this.role,
      logGroup,
      installLatestAwsSdk: false,
    } as const;
    const name = { approvalRuleTemplateName: rule.name };
    const physicalResourceId = cr.PhysicalResourceId.of(rule.name);

    const create: cr.AwsSdkCall = {
      service: "CodeCommit",
      action: "createApprovalRuleTemplate",
      parameters: {
        ...name,
        approvalRuleTemplateContent: this.content,
        approvalRuleTemplateDescription: rule.description,
      },
      physicalResourceId,
      ignoreErrorCodesMatching: ALREADY_EXISTS,
      // Only the id comes back to CloudFormation (its response holds at most 4 KB; the content alone may be 3 KB).
      outputPaths: ["approvalRuleTemplate.approvalRuleTemplateId"],
    };
    this.template = new cr.AwsCustomResource(this, "Template", {
      ...provider,
      resourceType: "Custom::TributaryApprovalRuleTemplate",
      onCreate: create,
      // A new name is a new physical id: CloudFormation then deletes the old template.
      onUpdate: create,
      onDelete: {
        service: "CodeCommit",
        action: "deleteApprovalRuleTemplate",
        parameters: name,
        ignoreErrorCodesMatching: STILL_USED,
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ["codecommit:CreateApprovalRuleTemplate", "codecommit:DeleteApprovalRuleTemplate"],
          resources: ["*"],
        }),
      ]),
    });

    this.templateContent = new cr.AwsCustomResource(this, "Content", {
      ...provider,
      resourceType: "Custom::TributaryApprovalRuleTemplateContent",
      onUpdate: {
        service: "CodeCommit",
        action: "updateApprovalRuleTemplateContent",
        parameters: { ...name, newRuleContent: this.content },
        physicalResourceId,
        outputPaths: ["approvalRuleTemplate.approvalRuleTemplateId"],
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ["codecommit:UpdateApprovalRuleTemplateContent"],
          resources: ["*"],
        }),
      ]),
    });
    this.templateContent.node.addDependency(this.template);

    const association = { ...name, repositoryName: props.repository.repositoryName };
    this.association = new cr.AwsCustomResource(this, "Association", {
      ...provider,
      resourceType: "Custom::TributaryApprovalRuleTemplateAssociation",
      onUpdate: {
        service: "CodeCommit",
        action: "associateApprovalRuleTemplateWithRepository",
        parameters: association,
        physicalResourceId: cr.PhysicalResourceId.of(`${rule.name}@${props.config.repository}`),
      },
      onDelete: {
        service: "CodeCommit",
        action: "disassociateApprovalRuleTemplateFromRepository",
        parameters: association,
        ignoreErrorCodesMatching: ALREADY_GONE,
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: [
            "codecommit:AssociateApprovalRuleTemplateWithRepository",
            "codecommit:DisassociateApprovalRuleTemplateFromRepository",
          ],
          resources: [props.repository.repositoryArn],
        }),
      ]),
    });
    this.association.node.addDependency(this.templateContent);

    acknowledgeWildcardFindings(this, [
      {
        finding: /^Resource::\*$/,
        reason:
          "codecommit:CreateApprovalRuleTemplate, DeleteApprovalRuleTemplate and UpdateApprovalRuleTemplateContent have no resource-level permissions (Service Authorization Reference); the association actions are limited to the repository.",
      },
    ]);
  }
}
