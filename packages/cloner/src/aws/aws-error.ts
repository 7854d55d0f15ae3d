/** Recognizing the AWS SDK's errors by name (the exception's shape name in the service model). */

/**
 * Whether an SDK error has one of the given names (the exception's shape name).
 *
 * @example
 * if (isAwsError(error, "PipelineNotFoundException")) return createClone(context, route);
 */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

/**
 * An error as one line for a log entry: `name: message` (an SDK error's name is its exception's shape name), or the
 * thrown value as text when it is not an `Error`.
 *
 * @example
 * logger.warn("Refusal notice not published", { reason: errorText(error) }); // "AccessDeniedException: User: … is not authorized"
 */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
