/** Turns the raw `DescribeChangeSet` pages of each previewed stack (root and nested change sets) into a plain summary. */

import { PreviewError } from "../shared/errors.js";

// Input shapes: the CloudFormation API reference's own JSON (DescribeChangeSet output, Change, ResourceChange,
// ResourceChangeDetail, ResourceTargetDefinition), as the CLI prints it and as botocore's service model
// (cloudformation 2010-05-15) defines it. As in the API reference every field is optional ("Required: No"), so the
// SDK's output types fit too; summarizeChangeSets checks at run time the ones it needs.

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

// Output: plain, JSON-serializable, frozen data.

/**
 * Why a resource change is dangerous: it deletes the resource, replaces it, or may replace it.
 *
 * @example
 * const danger: ChangeDanger = "replacement";
 */
export type ChangeDanger = "removal" | "replacement" | "conditional-replacement";

/**
 * One reason a resource changes, from a `ResourceChangeDetail` (absent fields are left out).
 *
 * @example
 * const change: PropertyChange = {
 *   attribute: "Properties", name: "Engine", requiresRecreation: "Always", changeSource: "DirectModification",
 *   evaluation: "Static",
 * };
 */
export interface PropertyChange {
  readonly attribute?: string;
  readonly name?: string;
  readonly path?: string;
  readonly requiresRecreation?: string;
  readonly changeType?: string;
  readonly evaluation?: string;
  readonly changeSource?: string;
  readonly causingEntity?: string;
  readonly before?: string;
  readonly after?: string;
}

/**
 * One changed resource of a previewed stack or of one of its nested stacks.
 *
 * @example
 * const resource: ResourcePreview = {
 *   stackPath: ["Network"], logicalId: "Subnet", type: "AWS::EC2::Subnet", action: "Remove", scope: [],
 *   dangerous: true, danger: "removal", properties: [],
 * };
 */
export interface ResourcePreview {
  /** Logical ids of the nested stacks that hold the resource, outermost first; `[]` in the stack itself. */
  readonly stackPath: readonly string[];
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly action: ChangeSetAction;
  readonly replacement?: ChangeSetReplacement;
  readonly policyAction?: string;
  readonly scope: readonly string[];
  readonly dangerous: boolean;
  readonly danger?: ChangeDanger;
  readonly properties: readonly PropertyChange[];
  /** For a nested stack's own change: the nested change set that lists what changes inside it. */
  readonly nestedChangeSetId?: string;
}

/**
 * Whether a change set (or a whole stack) changes something, changes nothing, or could not be computed.
 *
 * @example
 * const status: PreviewStatus = "no-changes";
 */
export type PreviewStatus = "changes" | "no-changes" | "error";

/**
 * One nested change set of a previewed stack.
 *
 * @example
 * const nested: NestedStackPreview = {
 *   stackPath: ["Network"], stackName: "acme-dev-Network-1A2B3C", changeSetId: "arn:…", status: "changes",
 * };
 */
export interface NestedStackPreview {
  readonly stackPath: readonly string[];
  readonly stackName?: string;
  readonly changeSetId: string;
  readonly status: PreviewStatus;
  /** CloudFormation's `StatusReason` when `status` is `error`. */
  readonly reason?: string;
}

/**
 * How many resources change, by action and danger.
 *
 * @example
 * const counts: ChangeCounts = {
 *   total: 3, add: 1, modify: 1, remove: 1, import: 0, dynamic: 0, sync: 0,
 *   replacement: 1, conditionalReplacement: 0, dangerous: 2,
 * };
 */
export interface ChangeCounts {
  readonly total: number;
  readonly add: number;
  readonly modify: number;
  readonly remove: number;
  readonly import: number;
  readonly dynamic: number;
  readonly sync: number;
  /** Changes with `Replacement: True`. */
  readonly replacement: number;
  /** Changes with `Replacement: Conditional`. */
  readonly conditionalReplacement: number;
  /** Removals, replacements and conditional replacements. */
  readonly dangerous: number;
}

/**
 * The preview of one stack: its status, its changed resources (dangerous first, nested stacks' included), its
 * nested change sets.
 *
 * @example
 * const stack: StackPreview = summary.stacks[0];
 * if (stack.status === "error") console.log(stack.reason);
 */
export interface StackPreview {
  readonly stack: string;
  readonly environment: string;
  readonly changeSetType: "CREATE" | "UPDATE";
  /** The root change set; `""` when CloudFormation rejected the CreateChangeSet call, so no change set exists. */
  readonly changeSetId: string;
  readonly status: PreviewStatus;
  /** CloudFormation's `StatusReason` when the root change set failed for another reason than "no changes". */
  readonly reason?: string;
  readonly counts: ChangeCounts;
  readonly resources: readonly ResourcePreview[];
  readonly nestedStacks: readonly NestedStackPreview[];
}

/**
 * What `summarizeChangeSets` returns: the stacks in the given order, and counts over all of them.
 *
 * @example
 * const summary: PreviewSummary = summarizeChangeSets(stacks);
 * console.log(JSON.stringify(summary)); // the full preview written beside the TaskCat report
 */
export interface PreviewSummary {
  /** The summary's format; it changes only with a major version of core. */
  readonly format: typeof PREVIEW_FORMAT;
  /** `error` when any stack has one, else `changes` when any stack changes, else `no-changes`. */
  readonly status: PreviewStatus;
  readonly counts: ChangeCounts;
  readonly stacks: readonly StackPreview[];
}

/**
 * The `format` of every `PreviewSummary`.
 *
 * @example
 * summary.format === PREVIEW_FORMAT; // true
 */
export const PREVIEW_FORMAT = "tributary-preview/1" as const;

/**
 * The documented start of the `StatusReason` of a change set that CloudFormation refuses because it would change
 * nothing. The CloudFormation API returns "The submitted information didn't contain changes. Submit different
 * information to create a change set."; the AWS CLI's own `cloudformation deploy` (awscli
 * `customizations/cloudformation/deployer.py`) treats this reason and "No updates are to be performed" as "no changes",
 * and so does `summarizeChangeSets`.
 *
 * @example
 * NO_CHANGES_REASONS.some((reason) => statusReason.includes(reason));
 */
export const NO_CHANGES_REASONS: readonly string[] = Object.freeze([
  "The submitted information didn't contain changes.",
  "No updates are to be performed",
]);

const ACTIONS: readonly ChangeSetAction[] = [
  "Add",
  "Modify",
  "Remove",
  "Import",
  "Dynamic",
  "SyncWithActual",
];
const REPLACEMENTS: readonly ChangeSetReplacement[] = ["True", "False", "Conditional"];
/** Statuses after which a change set no longer changes (the CLI's `wait change-set-create-complete` ends at these). */
const FINISHED_STATUSES = ["CREATE_COMPLETE", "FAILED"];

/** Sort rank: removals, replacements, conditional replacements, then the rest, the least risky last. */
function rank(resource: ResourcePreview): number {
  if (resource.danger === "removal") return 0;
  if (resource.danger === "replacement") return 1;
  if (resource.danger === "conditional-replacement") return 2;
  return { Dynamic: 3, Modify: 4, Import: 5, Add: 6, SyncWithActual: 7, Remove: 0 }[resource.action];
}

/** Code-unit order, the same in every locale and runtime. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order of resources in a preview: dangerous first (removals, replacements, conditional replacements), then
 * dynamic, modified, imported, added and synced, each by stack path and logical id.
 *
 * @example
 * [...resources].sort(compareResources);
 */
export function compareResources(a: ResourcePreview, b: ResourcePreview): number {
  return (
    rank(a) - rank(b) ||
    compareText(a.stackPath.join("/"), b.stackPath.join("/")) ||
    compareText(a.logicalId, b.logicalId)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(path: string, value: unknown, problem: string, fix: string): never {
  throw new PreviewError(path, value, problem, fix);
}

const DESCRIBE_FIX =
  "pass DescribeChangeSet output unchanged (aws cloudformation describe-change-set --output json)";

function optionalString(record: Record<string, unknown>, field: string, path: string): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") fail(`${path}.${field}`, value, "must be a string", DESCRIBE_FIX);
  return value;
}

function requiredString(record: Record<string, unknown>, field: string, path: string, fix: string): string {
  const value = record[field];
  if (typeof value !== "string" || value.length === 0) {
    fail(`${path}.${field}`, value, "must be a non-empty string", fix);
  }
  return value;
}

function oneOf<T extends string>(
  record: Record<string, unknown>,
  field: string,
  path: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(record, field, path);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    fail(
      `${path}.${field}`,
      value,
      `is not one of ${allowed.join(", ")}`,
      "pass DescribeChangeSet output unchanged; a value newer than this version of @tributary/core needs a newer @tributary/core",
    );
  }
  return value as T;
}

/** Builds an object without the fields whose value is `undefined`, so that JSON round trips are exact. */
function compact<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

function propertyChange(detail: unknown, path: string): PropertyChange {
  if (!isRecord(detail)) fail(path, detail, "must be a ResourceChangeDetail object", DESCRIBE_FIX);
  const target = detail.Target ?? {};
  if (!isRecord(target))
    fail(`${path}.Target`, target, "must be a ResourceTargetDefinition object", DESCRIBE_FIX);
  const targetPath = `${path}.Target`;
  return Object.freeze(
    compact({
      attribute: optionalString(target, "Attribute", targetPath),
      name: optionalString(target, "Name", targetPath),
      path: optionalString(target, "Path", targetPath),
      requiresRecreation: optionalString(target, "RequiresRecreation", targetPath),
      changeType: optionalString(target, "AttributeChangeType", targetPath),
      evaluation: optionalString(detail, "Evaluation", path),
      changeSource: optionalString(detail, "ChangeSource", path),
      causingEntity: optionalString(detail, "CausingEntity", path),
      before: optionalString(target, "BeforeValue", targetPath),
      after: optionalString(target, "AfterValue", targetPath),
    }),
  );
}

function stringList(record: Record<string, unknown>, field: string, path: string): readonly string[] {
  const value = record[field];
  if (value === undefined || value === null) return Object.freeze([]);
  if (!Array.isArray(value)) fail(`${path}.${field}`, value, "must be an array of strings", DESCRIBE_FIX);
  value.forEach((item, index) => {
    if (typeof item !== "string") fail(`${path}.${field}.${index}`, item, "must be a string", DESCRIBE_FIX);
  });
  return Object.freeze([...value]);
}

/** A resource change as read from a page, before its nested stack path is known. */
interface ReadChange {
  readonly resource: Omit<ResourcePreview, "stackPath">;
  readonly path: string;
}

function danger(
  action: ChangeSetAction,
  replacement: ChangeSetReplacement | undefined,
): ChangeDanger | undefined {
  if (action === "Remove") return "removal";
  if (action === "Add") return undefined;
  if (replacement === "True") return "replacement";
  if (replacement === "Conditional") return "conditional-replacement";
  return undefined;
}

function readChange(entry: unknown, path: string): ReadChange {
  if (!isRecord(entry)) fail(path, entry, "must be a Change object", DESCRIBE_FIX);
  const type = optionalString(entry, "Type", path);
  if (type !== undefined && type !== "Resource") {
    fail(`${path}.Type`, type, 'is not "Resource", the only documented change type', DESCRIBE_FIX);
  }
  const change = entry.ResourceChange;
  const at = `${path}.ResourceChange`;
  if (!isRecord(change)) fail(at, change, "must be a ResourceChange object", DESCRIBE_FIX);
  const action = oneOf(change, "Action", at, ACTIONS);
  if (action === undefined) fail(`${at}.Action`, change.Action, "is missing", DESCRIBE_FIX);
  const replacement = oneOf(change, "Replacement", at, REPLACEMENTS);
  const details = change.Details ?? [];
  if (!Array.isArray(details)) fail(`${at}.Details`, details, "must be an array", DESCRIBE_FIX);
  const why = danger(action, replacement);
  return {
    path,
    resource: compact({
      logicalId: requiredString(change, "LogicalResourceId", at, DESCRIBE_FIX),
      physicalId: optionalString(change, "PhysicalResourceId", at),
      type: requiredString(change, "ResourceType", at, DESCRIBE_FIX),
      action,
      replacement,
      policyAction: optionalString(change, "PolicyAction", at),
      scope: stringList(change, "Scope", at),
      dangerous: why !== undefined,
      danger: why,
      properties: Object.freeze(
        details.map((detail, index) => propertyChange(detail, `${at}.Details.${index}`)),
      ),
      nestedChangeSetId: optionalString(change, "ChangeSetId", at),
    }),
  };
}

/** The fields every page of one change set must agree on (they describe the change set, not the page). */
const CHANGE_SET_FIELDS = [
  "Status",
  "StatusReason",
  "StackName",
  "StackId",
  "ParentChangeSetId",
  "RootChangeSetId",
] as const;

/** One change set, its pages merged. */
interface ChangeSet {
  readonly id: string;
  /** Where its first page was given, for error paths. */
  readonly path: string;
  readonly fields: Readonly<Record<(typeof CHANGE_SET_FIELDS)[number], string | undefined>>;
  readonly changes: ReadChange[];
  readonly tokens: Map<string | null, string>;
}

function readPages(
  pages: unknown,
  path: string,
  changeSetOwners: Map<string, string>,
): Map<string, ChangeSet> {
  if (!Array.isArray(pages) || pages.length === 0) {
    fail(
      path,
      pages,
      "must be a non-empty array of DescribeChangeSet pages",
      "describe the root change set and every nested one, following NextToken, and pass every page",
    );
  }
  const changeSets = new Map<string, ChangeSet>();
  pages.forEach((page, index) => {
    const at = `${path}.${index}`;
    if (!isRecord(page)) fail(at, page, "must be a DescribeChangeSet output object", DESCRIBE_FIX);
    const id = page.ChangeSetId;
    if (typeof id !== "string" || !id.startsWith("arn:")) {
      fail(
        `${at}.ChangeSetId`,
        id,
        "must be a change set ARN",
        "pass the DescribeChangeSet output itself; every page carries the change set's ARN in ChangeSetId",
      );
    }
    const owner = changeSetOwners.get(id);
    if (owner !== undefined && owner !== path) {
      fail(
        `${at}.ChangeSetId`,
        id,
        `is also given under ${owner}`,
        "pass each change set's pages under the one stack it previews",
      );
    }
    changeSetOwners.set(id, path);
    const fields = Object.fromEntries(
      CHANGE_SET_FIELDS.map((field) => [field, optionalString(page, field, at)]),
    ) as ChangeSet["fields"];
    if (fields.Status === undefined) {
      fail(`${at}.Status`, page.Status, "is missing", DESCRIBE_FIX);
    }
    const changeSet: ChangeSet = changeSets.get(id) ?? {
      id,
      path: at,
      fields,
      changes: [],
      tokens: new Map(),
    };
    changeSets.set(id, changeSet);
    for (const field of CHANGE_SET_FIELDS) {
      if (changeSet.fields[field] !== fields[field]) {
        fail(
          `${at}.${field}`,
          fields[field],
          `differs from ${describe(changeSet.fields[field])} on another page of change set ${id}`,
          "describe each change set once, after its Status is CREATE_COMPLETE or FAILED, and pass only those pages",
        );
      }
    }
    const token = optionalString(page, "NextToken", at) ?? null;
    const earlier = changeSet.tokens.get(token);
    if (earlier !== undefined) {
      fail(
        `${at}.NextToken`,
        token,
        `is also the NextToken of ${earlier}: the same page of change set ${id} is given twice`,
        "pass each page once",
      );
    }
    changeSet.tokens.set(token, at);
    const changes = page.Changes ?? [];
    if (!Array.isArray(changes)) fail(`${at}.Changes`, changes, "must be an array of changes", DESCRIBE_FIX);
    changes.forEach((change, position) => {
      changeSet.changes.push(readChange(change, `${at}.Changes.${position}`));
    });
  });
  return changeSets;
}

function describe(value: string | undefined): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

function isNoChangesReason(reason: string | undefined): boolean {
  return reason !== undefined && NO_CHANGES_REASONS.some((known) => reason.includes(known));
}

/** The status of one change set, from its `Status`, `StatusReason` and changes. */
function changeSetStatus(changeSet: ChangeSet): { status: PreviewStatus; reason?: string } {
  const { Status: status, StatusReason: reason } = changeSet.fields;
  if (status === undefined || !FINISHED_STATUSES.includes(status)) {
    fail(
      `${changeSet.path}.Status`,
      status,
      `is not ${FINISHED_STATUSES.join(" or ")}: the change set is not finished (or is being deleted)`,
      "wait for it (aws cloudformation wait change-set-create-complete) before describing it",
    );
  }
  if (status === "CREATE_COMPLETE")
    return { status: changeSet.changes.length > 0 ? "changes" : "no-changes" };
  if (isNoChangesReason(reason)) {
    if (changeSet.changes.length > 0) {
      fail(
        `${changeSet.path}.Changes`,
        changeSet.changes.length,
        "changes are listed by a change set that failed for having no changes",
        "pass only the pages of that change set",
      );
    }
    return { status: "no-changes" };
  }
  return { status: "error", reason: reason ?? "CloudFormation gave no StatusReason" };
}

function countChanges(resources: readonly ResourcePreview[]): ChangeCounts {
  const count = (test: (resource: ResourcePreview) => boolean) => resources.filter(test).length;
  return Object.freeze({
    total: resources.length,
    add: count((resource) => resource.action === "Add"),
    modify: count((resource) => resource.action === "Modify"),
    remove: count((resource) => resource.action === "Remove"),
    import: count((resource) => resource.action === "Import"),
    dynamic: count((resource) => resource.action === "Dynamic"),
    sync: count((resource) => resource.action === "SyncWithActual"),
    replacement: count((resource) => resource.danger === "replacement"),
    conditionalReplacement: count((resource) => resource.danger === "conditional-replacement"),
    dangerous: count((resource) => resource.dangerous),
  });
}

/**
 * A `CreateChangeSet` call CloudFormation rejected outright (an invalid template, a missing parameter) creates no
 * change set; the Preview step records it as the only page, `{ StackName, Status: "FAILED", StatusReason }` without
 * `ChangeSetId` (preview-contract.ts, `PreviewDocument`). Its stack preview has `changeSetId` `""`.
 */
function rejectedCall(pages: unknown): { status: PreviewStatus; reason?: string } | undefined {
  if (!Array.isArray(pages) || pages.length !== 1) return undefined;
  const [page] = pages as unknown[];
  if (!isRecord(page) || page.ChangeSetId !== undefined || page.Status !== "FAILED") return undefined;
  const reason = typeof page.StatusReason === "string" ? page.StatusReason : undefined;
  if (isNoChangesReason(reason)) return { status: "no-changes" };
  return { status: "error", reason: reason ?? "CloudFormation gave no StatusReason" };
}

function summarizeStack(input: unknown, path: string, changeSetOwners: Map<string, string>): StackPreview {
  if (!isRecord(input)) {
    fail(
      path,
      input,
      "must be an object { stack, environment, pages }",
      "pass one entry per previewed stack",
    );
  }
  const stack = requiredString(input, "stack", path, "name the stack the change set previews (acme-dev)");
  const environment = requiredString(input, "environment", path, "name the stack's environment (dev)");
  const changeSetType = input.changeSetType ?? "UPDATE";
  if (changeSetType !== "CREATE" && changeSetType !== "UPDATE") {
    fail(
      `${path}.changeSetType`,
      changeSetType,
      'is not "CREATE" or "UPDATE"',
      "pass the ChangeSetType the change set was created with",
    );
  }
  const rejected = rejectedCall(input.pages);
  if (rejected !== undefined) {
    return Object.freeze(
      compact({
        stack,
        environment,
        changeSetType,
        changeSetId: "",
        ...rejected,
        counts: countChanges([]),
        resources: Object.freeze([]),
        nestedStacks: Object.freeze([]),
      }),
    ) as StackPreview;
  }
  const changeSets = readPages(input.pages, `${path}.pages`, changeSetOwners);

  for (const changeSet of changeSets.values()) {
    if (!changeSet.tokens.has(null)) {
      fail(
        `${changeSet.path}.NextToken`,
        [...changeSet.tokens.keys()],
        `every page of change set ${changeSet.id} has a NextToken, so its last page is missing`,
        "call DescribeChangeSet with each NextToken until a page has none, and pass every page",
      );
    }
  }
  const roots = [...changeSets.values()].filter(
    (changeSet) => changeSet.fields.ParentChangeSetId === undefined,
  );
  const [root, other] = roots;
  if (root === undefined) {
    fail(
      `${path}.pages`,
      [...changeSets.keys()],
      "has no root change set (every change set has a ParentChangeSetId)",
      "pass the pages of the root change set, the one created on the stack itself",
    );
  }
  if (other !== undefined) {
    fail(
      `${other.path}.ChangeSetId`,
      other.id,
      `is a second root change set beside ${root.id}`,
      "pass the pages of one root change set (and its nested ones) per stack",
    );
  }
  if (root.fields.StackName !== undefined && root.fields.StackName !== stack) {
    fail(
      `${root.path}.StackName`,
      root.fields.StackName,
      `is not the stack ${JSON.stringify(stack)} these pages are given for`,
      "pass each stack's change sets under its own name",
    );
  }
  if (root.fields.RootChangeSetId !== undefined && root.fields.RootChangeSetId !== root.id) {
    fail(
      `${root.path}.RootChangeSetId`,
      root.fields.RootChangeSetId,
      `names another root than the root change set ${root.id} itself`,
      "pass the pages of one root change set (and its nested ones) per stack",
    );
  }

  // Nested change sets: each must name a given parent and the root, and be reached from the root.
  const referencedBy = new Map<string, { parent: string; logicalId: string; path: string }>();
  for (const changeSet of changeSets.values()) {
    const parent = changeSet.fields.ParentChangeSetId;
    if (parent !== undefined && !changeSets.has(parent)) {
      fail(
        `${changeSet.path}.ParentChangeSetId`,
        parent,
        `is not among the pages: nested change set ${changeSet.id} has no parent here`,
        "pass the pages of every change set from the root down",
      );
    }
    if (parent !== undefined && changeSet.fields.RootChangeSetId !== undefined) {
      if (changeSet.fields.RootChangeSetId !== root.id) {
        fail(
          `${changeSet.path}.RootChangeSetId`,
          changeSet.fields.RootChangeSetId,
          `is not the root change set ${root.id} of the other pages`,
          "pass the pages of one root change set (and its nested ones) per stack",
        );
      }
    }
    for (const { resource, path: changePath } of changeSet.changes) {
      const nested = resource.nestedChangeSetId;
      if (nested === undefined) continue;
      const target = changeSets.get(nested);
      if (target === undefined) {
        fail(
          `${changePath}.ResourceChange.ChangeSetId`,
          nested,
          `is a nested change set (of ${resource.logicalId}) that is not among the pages`,
          "describe every nested change set (the ChangeSetId of each AWS::CloudFormation::Stack change) and pass its pages",
        );
      }
      if (target.fields.ParentChangeSetId !== changeSet.id) {
        fail(
          `${changePath}.ResourceChange.ChangeSetId`,
          nested,
          `is the nested change set of ${resource.logicalId} in ${changeSet.id}, but its ParentChangeSetId is ${describe(target.fields.ParentChangeSetId)}`,
          "pass the pages of one change set hierarchy per stack, unchanged",
        );
      }
      const earlier = referencedBy.get(nested);
      if (earlier !== undefined) {
        fail(
          `${changePath}.ResourceChange.ChangeSetId`,
          nested,
          `is also the nested change set of ${earlier.logicalId} (${earlier.path})`,
          "pass DescribeChangeSet output unchanged",
        );
      }
      referencedBy.set(nested, { parent: changeSet.id, logicalId: resource.logicalId, path: changePath });
    }
  }

  const resources: ResourcePreview[] = [];
  const nestedStacks: NestedStackPreview[] = [];
  let failed = false;
  const visited = new Set<string>();
  const visit = (changeSet: ChangeSet, stackPath: readonly string[]): void => {
    visited.add(changeSet.id);
    const seen = new Map<string, string>();
    for (const { resource, path: changePath } of changeSet.changes) {
      const earlier = seen.get(resource.logicalId);
      if (earlier !== undefined) {
        fail(
          `${changePath}.ResourceChange.LogicalResourceId`,
          resource.logicalId,
          `is also changed at ${earlier}: change set ${changeSet.id} lists it twice (a page given twice?)`,
          "pass each page once",
        );
      }
      seen.set(resource.logicalId, changePath);
      if (changeSetType === "CREATE" && resource.action !== "Add") {
        fail(
          `${changePath}.ResourceChange.Action`,
          resource.action,
          "is not Add in a CREATE change set, which can only add resources",
          'pass changeSetType "UPDATE" for a stack that exists',
        );
      }
      resources.push(Object.freeze({ stackPath, ...resource }));
    }
    const { status, reason } = changeSetStatus(changeSet);
    if (status === "error") failed = true;
    if (stackPath.length > 0) {
      nestedStacks.push(
        Object.freeze(
          compact({
            stackPath,
            stackName: changeSet.fields.StackName,
            changeSetId: changeSet.id,
            status,
            reason,
          }),
        ),
      );
    }
    for (const { resource } of changeSet.changes) {
      const nested = resource.nestedChangeSetId;
      const child = nested === undefined ? undefined : changeSets.get(nested);
      if (child) visit(child, Object.freeze([...stackPath, resource.logicalId]));
    }
  };
  visit(root, Object.freeze([]));
  for (const changeSet of changeSets.values()) {
    if (!visited.has(changeSet.id)) {
      fail(
        `${changeSet.path}.ChangeSetId`,
        changeSet.id,
        `is a nested change set that no AWS::CloudFormation::Stack change of its parent ${describe(changeSet.fields.ParentChangeSetId)} names`,
        "pass only the change sets of one hierarchy, unchanged",
      );
    }
  }

  resources.sort(compareResources);
  nestedStacks.sort((a, b) => compareText(a.stackPath.join("/"), b.stackPath.join("/")));
  const rootStatus = changeSetStatus(root);
  return Object.freeze(
    compact({
      stack,
      environment,
      changeSetType,
      changeSetId: root.id,
      status: failed ? "error" : resources.length > 0 ? "changes" : "no-changes",
      reason: rootStatus.reason,
      counts: countChanges(resources),
      resources: Object.freeze(resources),
      nestedStacks: Object.freeze(nestedStacks),
    }),
  ) as StackPreview;
}

/**
 * Summarizes the change sets of previewed stacks, from raw `DescribeChangeSet` pages in any order: per stack (nested
 * stacks included, with their logical path) the resources added, modified, removed, imported or dynamic, whether each
 * is replaced, which properties change and why, dangerous changes (removals, replacements, conditional replacements)
 * first. A change set that failed because it "didn't contain changes" is `no-changes`; one that failed for another
 * reason is `error`, with CloudFormation's `StatusReason`. Pure: the same pages in any order give an equal summary.
 *
 * Throws `PreviewError` for input that is not what `DescribeChangeSet` returns (a missing `ChangeSetId`, a page given
 * twice, a missing last page, a nested change set whose parent or whose own pages are absent, two root change sets for
 * one stack, a change set still being created).
 *
 * @example
 * const summary = summarizeChangeSets([
 *   { stack: "acme-dev", environment: "dev", pages: [rootPage, nestedPage, rootPage2] },
 *   { stack: "acme-prod", environment: "prod", pages: [noChangesPage] },
 * ]);
 * summary.stacks[1].status; // "no-changes"
 * summary.counts.dangerous; // removals + replacements + conditional replacements over all stacks
 */
export function summarizeChangeSets(stacks: readonly StackChangeSets[]): PreviewSummary {
  if (!Array.isArray(stacks)) {
    fail(
      "stacks",
      stacks,
      "must be an array of { stack, environment, pages }",
      "pass one entry per previewed stack",
    );
  }
  const changeSetOwners = new Map<string, string>();
  const names = new Map<string, string>();
  const previews = stacks.map((input: unknown, index) => {
    const preview = summarizeStack(input, `stacks.${index}`, changeSetOwners);
    const earlier = names.get(preview.stack);
    if (earlier !== undefined) {
      fail(
        `stacks.${index}.stack`,
        preview.stack,
        `is also previewed at ${earlier}`,
        "pass each stack once, with all its pages",
      );
    }
    names.set(preview.stack, `stacks.${index}`);
    return preview;
  });
  const status: PreviewStatus = previews.some((preview) => preview.status === "error")
    ? "error"
    : previews.some((preview) => preview.status === "changes")
      ? "changes"
      : "no-changes";
  return Object.freeze({
    format: PREVIEW_FORMAT,
    status,
    counts: countChanges(previews.flatMap((preview) => preview.resources)),
    stacks: Object.freeze(previews),
  });
}
