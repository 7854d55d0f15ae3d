/** Records what a handler tells Powertools Metrics, for assertions on metric names and failure reasons. */
import { Metrics } from "@aws-lambda-powertools/metrics";
import { vi } from "vitest";

/** What the handler under test has counted since `recordMetrics()`. */
export interface RecordedMetrics {
  /** Metric names in the order they were added. */
  readonly names: string[];
  /** Values of the `reason` dimension (on `Failures`), in order. */
  readonly failureReasons: string[];
}

/**
 * Spies on `Metrics.prototype.addMetric` and `addDimension` and returns the (live) record. Call it in
 * `beforeEach`, after `vi.restoreAllMocks()`.
 *
 * @example
 * let metrics: RecordedMetrics;
 * beforeEach(() => { vi.restoreAllMocks(); metrics = recordMetrics(); });
 * expect(metrics.names).toEqual(["PipelinesCreated"]);
 */
export function recordMetrics(): RecordedMetrics {
  const recorded: RecordedMetrics = { names: [], failureReasons: [] };
  vi.spyOn(Metrics.prototype, "addMetric").mockImplementation(function (this: Metrics, name: string) {
    recorded.names.push(name);
    return this;
  });
  vi.spyOn(Metrics.prototype, "addDimension").mockImplementation(function (
    this: Metrics,
    name: string,
    value: string,
  ) {
    if (name === "reason") recorded.failureReasons.push(value);
    return this;
  });
  return recorded;
}
