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
