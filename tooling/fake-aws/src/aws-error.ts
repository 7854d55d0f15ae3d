/** An AWS JSON 1.1 error the fake server answers with: `__type`, `message` and an HTTP status. */

/**
 * An error in the shape AWS JSON 1.1 services return (`{"__type": "...", "message": "..."}` with HTTP 400 or 5xx).
 *
 * @example
 * throw new FakeAwsError("PipelineNotFoundException", "The account with id '123456789012' does not include a pipeline with the name 'x'");
 */
export class FakeAwsError extends Error {
  /** The error shape name, as the SDK maps it to an exception class. */
  readonly type: string;
  /** HTTP status code of the response. */
  readonly status: number;

  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = "FakeAwsError";
    this.type = type;
    this.status = status;
  }
}

/**
 * Throws a `ValidationException` when `condition` is false.
 *
 * @example
 * check(name.length <= 100, `Value '${name}' at 'pipeline.name' failed to satisfy constraint: length <= 100`);
 */
export function check(condition: boolean, message: string, type = "ValidationException"): asserts condition {
  if (!condition) throw new FakeAwsError(type, message);
}

/** Reads a required string member of a request, or fails the way AWS does for a missing member. */
export function requiredString(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  check(
    typeof value === "string",
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
  return value;
}
