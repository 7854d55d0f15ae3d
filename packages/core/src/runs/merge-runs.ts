/**
 * The merge rule of the run history: which of two states of one run (or of one source's live row) is newer. A version
 * string orders them totally, so keeping the greater is idempotent, commutative and associative: redelivered and
 * out-of-order events end in the same item, and DynamoDB applies the rule itself (a put conditional on
 * `version < :version`).
 */

import { stableHash } from "../names/stable-hash.js";
import { canonicalJson } from "../reconcile/template-version.js";
import { RUN_STATE_RANK, type RunRecord } from "./run-record.js";

/**
 * The version of one state of a run: `<attempt, 4 digits>#<event time, ISO 8601>#<state rank>#<digest>`. Compared as
 * strings, a later attempt (a retry) is newer than every state of an earlier one; within an attempt a later event is
 * newer; in the same millisecond a final state is newer than `STARTED`; the digest (a hash of the whole record) breaks
 * the remaining ties, so two different records never share a version.
 *
 * @example
 * runVersion(run); // "0001#2026-11-27T15:09:00.000Z#4#0k3j5h2g1f"
 */
export function runVersion(record: RunRecord): string {
  const attempt = String(record.attempt).padStart(4, "0");
  return `${attempt}#${record.eventTime}#${RUN_STATE_RANK[record.state]}#${stableHash(canonicalJson(record))}`;
}

/**
 * The newer of two states of one run (`runVersion`); either when they are the same.
 *
 * @example
 * mergeRunRecords(started, succeeded) === succeeded; // true, whichever arrived first
 */
export function mergeRunRecords(a: RunRecord, b: RunRecord): RunRecord {
  return runVersion(b) > runVersion(a) ? b : a;
}

/**
 * What a source's live row holds: its latest run, or the time its branch was deleted or its pull request closed.
 *
 * @example
 * const rows: LiveRow[] = [{ sourceKey: "branch#feature/login", run }, { sourceKey: "pr#7", closedAt: "2026-11-28T09:00:00.000Z" }];
 */
export type LiveRow =
  | { readonly sourceKey: string; readonly run: RunRecord; readonly closedAt?: undefined }
  | { readonly sourceKey: string; readonly closedAt: string; readonly run?: undefined };

/**
 * The version of a live row: `<run start>#<execution id>#<run version>` for a run, `<closed at>#~closed` for a closed
 * source. A run that started later is newer (so the row shows the latest run, not the latest event); a closed source
 * is newer than every run that started before it closed (a late event of an old run does not bring the row back) and
 * older than one that started after (the branch was pushed again).
 *
 * @example
 * liveVersion({ sourceKey: "pr#7", closedAt: "2026-11-28T09:00:00.000Z" }); // "2026-11-28T09:00:00.000Z#~closed"
 */
export function liveVersion(row: LiveRow): string {
  return row.run === undefined
    ? `${row.closedAt}#~closed`
    : `${row.run.startedAt}#${row.run.executionId}#${runVersion(row.run)}`;
}

/**
 * The newer of two live rows of one source (`liveVersion`).
 *
 * @example
 * mergeLiveRows({ sourceKey: "pr#7", run: older }, { sourceKey: "pr#7", run: newer }).run === newer; // true
 */
export function mergeLiveRows(a: LiveRow, b: LiveRow): LiveRow {
  return liveVersion(b) > liveVersion(a) ? b : a;
}
