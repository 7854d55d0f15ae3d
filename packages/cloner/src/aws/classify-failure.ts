/**
 * Sorts failures into permanent (log, count, drop the event) and transient (rethrow: Lambda retries the event
 * and the dead-letter queue keeps it when retries run out).
 */
import { ConfigError, EventError, PreviewError } from "@tributary/core";
import { countFailure, type Telemetry } from "./telemetry";

/**
 * What to do with a failure, and the `reason` dimension of the `Failures` metric.
 *
 * @example
 * const failure: FailureClass = classifyFailure(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
 * // { kind: "transient", reason: "throttling" }
 */
export interface FailureClass {
  readonly kind: "permanent" | "transient";
  readonly reason: string;
}

/**
 * An error that knows its own class: the errors a Lambda throws by design (the cloner's refusals, permanent; a
 * missing teardown project, transient) carry it, so the classifier needs no list of them.
 *
 * @example
 * class RefusalError extends Error implements ClassifiedError {
 *   get failureClass(): FailureClass { return { kind: "permanent", reason: this.reason }; }
 * }
 */
export interface ClassifiedError extends Error {
  readonly failureClass: FailureClass;
}

function isClassifiedError(error: unknown): error is ClassifiedError {
  return error instanceof Error && "failureClass" in error;
}

/** AWS error names that retrying cannot fix. */
const PERMANENT_ERRORS: Readonly<Record<string, string>> = {
  ValidationException: "validation",
  InvalidStructureException: "invalid-structure",
  InvalidActionDeclarationException: "invalid-structure",
  InvalidStageDeclarationException: "invalid-structure",
  InvalidBlockerDeclarationException: "invalid-structure",
  InvalidTagsException: "invalid-tags",
  TooManyTagsException: "invalid-tags",
  InvalidArnException: "validation",
  InvalidInputException: "validation",
  AccessDeniedException: "access-denied",
  AccessDenied: "access-denied",
  UnauthorizedOperation: "access-denied",
  LimitExceededException: "limit-exceeded",
  PipelineNotFoundException: "not-found",
  ResourceNotFoundException: "not-found",
  RepositoryDoesNotExistException: "not-found",
  PullRequestDoesNotExistException: "not-found",
  CommitDoesNotExistException: "not-found",
  PullRequestAlreadyClosedException: "validation",
  BeforeCommitIdAndAfterCommitIdAreSameException: "validation",
  IdempotencyParameterMismatchException: "validation",
  InvalidPullRequestIdException: "validation",
  CommentContentSizeLimitExceededException: "validation",
  // Comments and approvals (CodeCommit): another author's comment, a revision or pull request that moved on.
  CommentNotCreatedByCallerException: "not-ours",
  CommentDoesNotExistException: "not-found",
  CommentDeletedException: "not-found",
  RevisionNotCurrentException: "stale-revision",
  InvalidRevisionIdException: "validation",
  InvalidApprovalStateException: "validation",
  PullRequestCannotBeApprovedByAuthorException: "validation",
  MaximumNumberOfApprovalsExceededException: "limit-exceeded",
  ActionExecutionNotFoundException: "not-found",
  InvalidNextTokenException: "validation",
  // S3 (preview.json).
  NoSuchBucket: "not-found",
  NoSuchKey: "not-found",
  PipelineExecutionNotFoundException: "not-found",
  // SNS (query protocol: the SDK names the error after its shape).
  NotFoundException: "not-found",
  AuthorizationErrorException: "access-denied",
  InvalidParameterException: "validation",
  InvalidParameterValueException: "validation",
  KMSAccessDeniedException: "access-denied",
  KMSDisabledException: "kms",
  KMSInvalidStateException: "kms",
  KMSNotFoundException: "kms",
};

/** AWS error names worth another try later. */
const TRANSIENT_ERRORS: Readonly<Record<string, string>> = {
  ThrottlingException: "throttling",
  Throttling: "throttling",
  TooManyRequestsException: "throttling",
  RequestLimitExceeded: "throttling",
  ProvisionedThroughputExceededException: "throttling",
  ThrottledException: "throttling",
  KMSThrottlingException: "throttling",
  InternalErrorException: "server-error",
  ConcurrentModificationException: "conflict",
  ConflictException: "conflict",
  ConcurrentPipelineExecutionsLimitExceededException: "conflict",
  AccountLimitExceededException: "throttling",
  EncryptionKeyUnavailableException: "server-error",
  InternalFailure: "server-error",
  InternalServerError: "server-error",
  ServiceUnavailable: "server-error",
  ServiceUnavailableException: "server-error",
  TimeoutError: "timeout",
  RequestTimeout: "timeout",
  RequestTimeoutException: "timeout",
  AbortError: "timeout",
};

/** Node.js socket error codes: the network failed, not the request. */
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
]);

function property(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function httpStatus(error: unknown): number | undefined {
  const status = property(property(error, "$metadata"), "httpStatusCode");
  return typeof status === "number" ? status : undefined;
}

/**
 * Classifies one failure. Order: core's errors (a `PreviewError` is a preview that cannot be read) and the errors that
 * carry their own class (`ClassifiedError`: the cloner's `RefusalError` and `TeardownProjectMissingError`); AWS error names known to be transient
 * or permanent; then the HTTP status (5xx transient, other 4xx permanent); network error codes; and anything
 * unknown as transient, so that an event is never dropped on a guess (the dead-letter queue keeps it).
 *
 * @example
 * classifyFailure(new EventError("detail", undefined, "must be an object")); // { kind: "permanent", reason: "bad-event" }
 * classifyFailure(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" })); // { kind: "transient", reason: "throttling" }
 */
export function classifyFailure(error: unknown): FailureClass {
  if (error instanceof EventError) return { kind: "permanent", reason: "bad-event" };
  if (error instanceof ConfigError) return { kind: "permanent", reason: "bad-config" };
  if (error instanceof PreviewError) return { kind: "permanent", reason: "bad-preview" };
  if (isClassifiedError(error)) return error.failureClass;
  if (error instanceof AggregateError) {
    const classes = error.errors.map(classifyFailure);
    return (
      classes.find((failure) => failure.kind === "transient") ??
      classes[0] ?? { kind: "transient", reason: "unknown" }
    );
  }
  const name = property(error, "name");
  if (typeof name === "string") {
    const transient = TRANSIENT_ERRORS[name];
    if (transient) return { kind: "transient", reason: transient };
    const permanent = PERMANENT_ERRORS[name];
    if (permanent) return { kind: "permanent", reason: permanent };
  }
  const status = httpStatus(error);
  if (status !== undefined && status >= 500) return { kind: "transient", reason: "server-error" };
  if (status === 429) return { kind: "transient", reason: "throttling" };
  if (status !== undefined && status >= 400) return { kind: "permanent", reason: "client-error" };
  const code = property(error, "code");
  if (typeof code === "string" && NETWORK_CODES.has(code)) return { kind: "transient", reason: "network" };
  return { kind: "transient", reason: "unknown" };
}

/**
 * Logs and counts a failure; returns it when it is permanent, rethrows it when it is transient.
 *
 * @example
 * try { await deleteClone(context, action); } catch (error) { reportFailure(context, error, { action: "deleteClone" }); }
 */
export function reportFailure(
  context: Telemetry,
  error: unknown,
  fields: Record<string, unknown>,
): { readonly reason: string } {
  const failure = classifyFailure(error);
  countFailure(context, failure.reason);
  if (failure.kind === "permanent") {
    context.logger.error("Permanent failure; dropping", { ...fields, reason: failure.reason, error });
    return failure;
  }
  context.logger.error("Transient failure; rethrowing for a retry", {
    ...fields,
    reason: failure.reason,
    error,
  });
  throw error;
}
