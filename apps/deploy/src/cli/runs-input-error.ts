/** The error of input `tributary runs` cannot use, apart from the AWS SDK `runs.ts` loads, so other commands start fast. */

/**
 * Input `tributary runs` cannot use: a branch that gets no pipeline, an environment the config does not have.
 *
 * @example
 * throw new RunsInputError('--env "live" is not an environment of the config. Fix: use one of dev, qa, prod.');
 */
export class RunsInputError extends Error {
  override readonly name = "RunsInputError";
}
