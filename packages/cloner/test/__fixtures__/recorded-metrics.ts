/**
 * Records the EMF documents Powertools Metrics actually writes, as Powertools' own tests do: with `POWERTOOLS_DEV=true`
 * (set in vitest.config.ts) Metrics writes each EMF document with `console.log`, which this spies on.
 */
import { vi } from "vitest";

/** One EMF document as CloudWatch would ingest it. */
export interface EmfDocument {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: ReadonlyArray<{
      readonly Namespace: string;
      readonly Dimensions: ReadonlyArray<readonly string[]>;
      readonly Metrics: ReadonlyArray<{ readonly Name: string; readonly Unit: string }>;
    }>;
  };
  readonly [field: string]: unknown;
}

/** What the handler under test has emitted since `recordMetrics()`. */
export interface RecordedMetrics {
  /** Every EMF document written, in order. */
  readonly documents: EmfDocument[];
  /** Metric names, once per value emitted (a metric added three times in one flush appears three times). */
  readonly names: string[];
  /** Values of the `reason` dimension of the `Failures` documents, in order. */
  readonly failureReasons: string[];
  /** The sum of the values emitted for one metric. */
  total(name: string): number;
}

function isEmf(value: unknown): value is EmfDocument {
  return typeof value === "object" && value !== null && "_aws" in value;
}

/**
 * Spies on `console.log` (keeping it quiet) and returns the live record of the EMF documents written. Call it in
 * `beforeEach`, after `vi.restoreAllMocks()`.
 *
 * @example
 * let metrics: RecordedMetrics;
 * beforeEach(() => { vi.restoreAllMocks(); metrics = recordMetrics(); });
 * expect(metrics.names).toEqual(["PipelinesCreated"]);
 */
export function recordMetrics(): RecordedMetrics {
  const documents: EmfDocument[] = [];
  const names: string[] = [];
  const failureReasons: string[] = [];
  const values = (document: EmfDocument, name: string): number[] => {
    const value = document[name];
    return Array.isArray(value) ? (value as number[]) : [value as number];
  };
  vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    let parsed: unknown;
    try {
      parsed = typeof line === "string" ? JSON.parse(line) : line;
    } catch {
      return;
    }
    if (!isEmf(parsed)) return;
    documents.push(parsed);
    for (const directive of parsed._aws.CloudWatchMetrics) {
      for (const metric of directive.Metrics) {
        for (const _ of values(parsed, metric.Name)) names.push(metric.Name);
        if (metric.Name === "Failures" && typeof parsed.reason === "string")
          failureReasons.push(parsed.reason);
      }
    }
  });
  return {
    documents,
    names,
    failureReasons,
    total: (name) =>
      documents.reduce(
        (sum, document) => sum + (name in document ? values(document, name).reduce((a, b) => a + b, 0) : 0),
        0,
      ),
  };
}
