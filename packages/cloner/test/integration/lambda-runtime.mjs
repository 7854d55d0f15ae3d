// A minimal stand-in for the Lambda Node.js runtime: imports the bundled handler once (the init phase), then
// invokes it for every event the parent sends over IPC, with a Lambda-like context, and sends back the result
// or the error. Logs and EMF metrics go to stdout, as in Lambda.
import { pathToFileURL } from "node:url";

const bundle = pathToFileURL(process.argv[2] ?? "").href;
let handler;
let initError;
try {
  ({ handler } = await import(bundle));
} catch (error) {
  initError = { name: error?.name ?? "Error", message: String(error?.message ?? error) };
}
process.send?.({ type: "ready", initError });

let invocation = 0;
process.on("message", async (message) => {
  if (message?.type !== "invoke") return;
  invocation += 1;
  // TEST_TIMEOUT_MS: the function's timeout, counted down from the invocation's start (as Lambda's clock does), on a
  // clock TEST_TIME_SCALE times faster than the wall's (the bench's simulated time); else TEST_REMAINING_TIME_MS: a
  // clock that always shows that much time left.
  const scale = Number(process.env.TEST_TIME_SCALE ?? 1);
  const deadline = process.env.TEST_TIMEOUT_MS
    ? Date.now() + Number(process.env.TEST_TIMEOUT_MS) / scale
    : undefined;
  const context = {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "acme-cloner",
    functionVersion: "$LATEST",
    invokedFunctionArn: process.env.TEST_FUNCTION_ARN,
    memoryLimitInMB: "256",
    awsRequestId: `request-${invocation}`,
    logGroupName: "/aws/lambda/acme-cloner",
    logStreamName: "test",
    // Powertools' middy wrapper aborts a handler that outlives this (middy's timeoutEarly), as Lambda's timeout would.
    getRemainingTimeInMillis: () =>
      deadline === undefined
        ? Number(process.env.TEST_REMAINING_TIME_MS ?? 60_000)
        : Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handler(message.event, context);
    process.send?.({ type: "result", id: message.id, ok: true, result });
  } catch (error) {
    process.send?.({
      type: "result",
      id: message.id,
      ok: false,
      error: { name: error?.name ?? "Error", message: String(error?.message ?? error) },
    });
  }
});
