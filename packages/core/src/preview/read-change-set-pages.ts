/** Reads and checks the `DescribeChangeSet` pages of one previewed stack, merged per change set. */

import { PreviewError } from "../shared/errors.js";
import { isRecord, optionalString } from "../shared/plain-object.js";
import type { ChangeSetAction, ChangeSetReplacement } from "./change-set-pages.js";
import type { ChangeDanger, PropertyChange, ResourcePreview } from "./preview-summary.js";

const ACTIONS: readonly ChangeSetAction[] = [
  "Add",
  "Modify",
  "Remove",
  "Import",
  "Dynamic",
  "SyncWithActual",
];

const REPLACEMENTS: readonly ChangeSetReplacement[] = ["True", "False", "Conditional"];

/** Throws the `PreviewError` of a bad field. */
export function fail(path: string, value: unknown, problem: string, fix: string): never {
  throw new PreviewError(path, value, problem, fix);
}

const DESCRIBE_FIX =
  "pass DescribeChangeSet output unchanged (aws cloudformation describe-change-set --output json)";

/** `record[field]` when it is a string, `undefined` when absent or `null` (as the API reference allows). */
function stringField(record: Record<string, unknown>, field: string, path: string): string | undefined {
  return optionalString(
    record[field],
    (value) => fail(`${path}.${field}`, value, "must be a string", DESCRIBE_FIX),
    { nullIsAbsent: true },
  );
}

/** `record[field]` when it is a non-empty string; else a `PreviewError` with `fix`. */
export function requiredString(
  record: Record<string, unknown>,
  field: string,
  path: string,
  fix: string,
): string {
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
  const value = stringField(record, field, path);
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
export function compact<T extends object>(fields: T): T {
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
      attribute: stringField(target, "Attribute", targetPath),
      name: stringField(target, "Name", targetPath),
      path: stringField(target, "Path", targetPath),
      requiresRecreation: stringField(target, "RequiresRecreation", targetPath),
      changeType: stringField(target, "AttributeChangeType", targetPath),
      evaluation: stringField(detail, "Evaluation", path),
      changeSource: stringField(detail, "ChangeSource", path),
      causingEntity: stringField(detail, "CausingEntity", path),
      before: stringField(target, "BeforeValue", targetPath),
      after: stringField(target, "AfterValue", targetPath),
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
export interface ReadChange {
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
  const type = stringField(entry, "Type", path);
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
      physicalId: stringField(change, "PhysicalResourceId", at),
      type: requiredString(change, "ResourceType", at, DESCRIBE_FIX),
      action,
      replacement,
      policyAction: stringField(change, "PolicyAction", at),
      scope: stringList(change, "Scope", at),
      dangerous: why !== undefined,
      danger: why,
      properties: Object.freeze(
        details.map((detail, index) => propertyChange(detail, `${at}.Details.${index}`)),
      ),
      nestedChangeSetId: stringField(change, "ChangeSetId", at),
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
export interface ChangeSet {
  readonly id: string;
  /** Where its first page was given, for error paths. */
  readonly path: string;
  readonly fields: Readonly<Record<(typeof CHANGE_SET_FIELDS)[number], string | undefined>>;
  readonly changes: ReadChange[];
  readonly tokens: Map<string | null, string>;
}

/** The change sets of one stack's pages, each with its pages merged and its changes read, in page order. */
export function readPages(
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
      CHANGE_SET_FIELDS.map((field) => [field, stringField(page, field, at)]),
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
    const token = stringField(page, "NextToken", at) ?? null;
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

/** A field's value for a message: `nothing`, or the value as JSON. */
export function describe(value: string | undefined): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}
