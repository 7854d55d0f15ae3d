/** A fake Lambda context for tests. */
import type { Context } from "aws-lambda";
import { FUNCTION_ARN } from "./events";

/**
 * A Lambda context with the fields Powertools and the cloner read.
 *
 * @example
 * await handler(event, lambdaContext());
 */
export function lambdaContext(requestId = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "acme-cloner",
    functionVersion: "$LATEST",
    invokedFunctionArn: FUNCTION_ARN,
    memoryLimitInMB: "256",
    awsRequestId: requestId,
    logGroupName: "/aws/lambda/acme-cloner",
    logStreamName: "2026/11/27/[$LATEST]abcdef",
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } satisfies Context;
}
