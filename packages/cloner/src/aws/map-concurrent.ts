/** Runs an async function over a list with a bound on how many calls are in flight. */

/**
 * Maps `items` through `run` with at most `limit` calls at once; results keep the input order.
 * Every item is attempted; the first rejection is rethrown after all settle (an `AggregateError` when several fail).
 *
 * @example
 * const tags = await mapConcurrent(names, 8, (name) => listTags(name));
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`mapConcurrent limit ${limit} is not a positive integer. Fix: pass 1 or more.`);
  }
  const results = new Array<R>(items.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await run(items[index] as T, index);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new AggregateError(
      errors,
      `${errors.length} of ${items.length} calls failed; the first: ${String(errors[0])}`,
    );
  }
  return results;
}
