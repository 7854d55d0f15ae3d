/** The `DescribeChangeSet` output that `summarizeChangeSets` reads, in the CloudFormation API reference's own JSON shapes. */

// As the CLI prints it and as botocore's service model (cloudformation 2010-05-15) defines it: Change, ResourceChange,
// ResourceChangeDetail, ResourceTargetDefinition. As in the API reference every field is optional ("Required: No"), so
// the SDK's output types fit too; summarizeChangeSets checks at run time the ones it needs.

/**
 * `ResourceChange.Action`: what CloudFormation does to the resource. `Dynamic`: the action cannot be determined before
 * execution; `SyncWithActual`: only CloudFormation's metadata changes, not the resource.
 *
 * @example
 * const action: ChangeSetAction = "Modify";
 */
export type ChangeSetAction = "Add" | "Modify" | "Remove" | "Import" | "Dynamic" | "SyncWithActual";

/**
 * `ResourceChange.Replacement`: whether a change replaces the resource (a new physical resource, the old one deleted).
 *
 * @example
 * const replacement: ChangeSetReplacement = "Conditional"; // depends on a value known only at execution
 */
export type ChangeSetReplacement = "True" | "False" | "Conditional";

/**
 * `ResourceTargetDefinition`: the attribute or property a change touches and whether changing it recreates the resource.
 *
 * @example
 * const target: ResourceTargetDefinition = { Attribute: "Properties", Name: "Engine", RequiresRecreation: "Always" };
 */
export interface ResourceTargetDefinition {
  /** `Properties`, `Metadata`, `CreationPolicy`, `UpdatePolicy`, `DeletionPolicy`, `UpdateReplacePolicy` or `Tags`. */
  readonly Attribute?: string;
  /** The property's name when `Attribute` is `Properties`. */
  readonly Name?: string | null;
  /** `Never`, `Conditionally` or `Always`. */
  readonly RequiresRecreation?: string;
  /** The property path (`/Properties/Engine`), with `DescribeChangeSet --include-property-values`. */
  readonly Path?: string;
  readonly BeforeValue?: string;
  readonly AfterValue?: string;
  /** `Add`, `Remove`, `Modify` or `SyncWithActual`. */
  readonly AttributeChangeType?: string;
}

/**
 * `ResourceChangeDetail`: one reason a resource changes.
 *
 * @example
 * const detail: ResourceChangeDetail = {
 *   Target: { Attribute: "Properties", Name: "BucketName", RequiresRecreation: "Always" },
 *   Evaluation: "Static", ChangeSource: "ParameterReference", CausingEntity: "BucketName",
 * };
 */
export interface ResourceChangeDetail {
  readonly Target?: ResourceTargetDefinition;
  /** `Static` (CloudFormation knows the new value) or `Dynamic` (it depends on an intrinsic function at execution). */
  readonly Evaluation?: string;
  /** `ResourceReference`, `ParameterReference`, `ResourceAttribute`, `DirectModification`, `Automatic`, … */
  readonly ChangeSource?: string;
  /** The parameter, resource or attribute that causes the change (`BucketName`, `Vpc.CidrBlock`). */
  readonly CausingEntity?: string;
}

/**
 * `ResourceChange`: one resource and what CloudFormation will do to it. A nested stack's change carries the
 * `ChangeSetId` of its nested change set.
 *
 * @example
 * const change: ResourceChange = {
 *   Action: "Modify", LogicalResourceId: "Database", PhysicalResourceId: "acme-dev-db",
 *   ResourceType: "AWS::RDS::DBInstance", Replacement: "True", Scope: ["Properties"], Details: [],
 * };
 */
export interface ResourceChange {
  /** `Delete`, `Retain`, `Snapshot`, `ReplaceAndDelete`, `ReplaceAndRetain` or `ReplaceAndSnapshot`. */
  readonly PolicyAction?: string;
  readonly Action?: ChangeSetAction;
  readonly LogicalResourceId?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType?: string;
  readonly Replacement?: ChangeSetReplacement;
  readonly Scope?: readonly string[];
  readonly Details?: readonly ResourceChangeDetail[];
  /** The nested change set, on an `AWS::CloudFormation::Stack` change of a change set with `IncludeNestedStacks`. */
  readonly ChangeSetId?: string;
}

/**
 * CloudFormation's `Change`: one entry of `DescribeChangeSet`'s `Changes` (its only `Type` is `Resource`).
 *
 * @example
 * const entry: ChangeSetChange = { Type: "Resource", ResourceChange: { Action: "Add", LogicalResourceId: "Queue", ResourceType: "AWS::SQS::Queue" } };
 */
export interface ChangeSetChange {
  readonly Type?: "Resource";
  readonly HookInvocationCount?: number;
  readonly ResourceChange?: ResourceChange;
}

/**
 * One page of `DescribeChangeSet` output, in the API's JSON shape. A change set with more changes than fit 1 MB comes
 * in several pages linked by `NextToken`; the last page has none (absent or `null`).
 *
 * @example
 * const page: DescribeChangeSetPage = {
 *   ChangeSetId: "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/tributary-preview/0a1b",
 *   StackName: "acme-dev", Status: "CREATE_COMPLETE", ExecutionStatus: "AVAILABLE", Changes: [],
 * };
 */
export interface DescribeChangeSetPage {
  readonly ChangeSetId?: string;
  readonly ChangeSetName?: string;
  readonly StackId?: string;
  readonly StackName?: string;
  /** `CREATE_COMPLETE` or `FAILED` once CloudFormation has finished creating the change set. */
  readonly Status?: string;
  readonly StatusReason?: string;
  readonly ExecutionStatus?: string;
  readonly Changes?: readonly ChangeSetChange[];
  readonly NextToken?: string | null;
  readonly IncludeNestedStacks?: boolean;
  readonly ParentChangeSetId?: string;
  readonly RootChangeSetId?: string;
  // Documented fields that a preview does not read.
  readonly Description?: unknown;
  readonly Parameters?: unknown;
  readonly CreationTime?: unknown;
  readonly NotificationARNs?: unknown;
  readonly RollbackConfiguration?: unknown;
  readonly Capabilities?: unknown;
  readonly Tags?: unknown;
  readonly OnStackFailure?: unknown;
  readonly ImportExistingResources?: unknown;
  readonly DeploymentMode?: unknown;
  readonly StackDriftStatus?: unknown;
}

/**
 * What `summarizeChangeSets` takes per previewed stack: the stack, its environment, how the change set was created
 * (`CREATE` when the stack does not exist yet) and every page of the root change set and of every nested one.
 *
 * @example
 * const input: StackChangeSets = { stack: "acme-dev", environment: "dev", pages: [rootPage, nestedPage] };
 */
export interface StackChangeSets {
  readonly stack: string;
  readonly environment: string;
  /** `CREATE` for a stack that does not exist yet: the change set can only add resources. @default "UPDATE" */
  readonly changeSetType?: "CREATE" | "UPDATE";
  readonly pages: readonly DescribeChangeSetPage[];
}
