/** What `summarizeChangeSets` returns (plain, JSON-serializable, frozen data) and the order of its resources. */

import type { ChangeSetAction, ChangeSetReplacement } from "./change-set-pages.js";

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

/** Sort rank: removals, replacements, conditional replacements, then the rest, the least risky last. */
function rank(resource: ResourcePreview): number {
  if (resource.danger === "removal") return 0;
  if (resource.danger === "replacement") return 1;
  if (resource.danger === "conditional-replacement") return 2;
  return { Dynamic: 3, Modify: 4, Import: 5, Add: 6, SyncWithActual: 7, Remove: 0 }[resource.action];
}

/** Code-unit order, the same in every locale and runtime. */
export function compareText(a: string, b: string): number {
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
