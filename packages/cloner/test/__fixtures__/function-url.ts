/** What a Lambda function URL hands its function for a request (payload format 2.0), built from a webhook delivery. */
import type { LambdaFunctionURLEvent } from "aws-lambda";

/**
 * A function URL's event for a request with these headers and body (headers in lower case, as function URLs pass
 * them; a JSON body as text).
 *
 * @example
 * await handler(functionUrlEvent(await signedDelivery(event, secret)), lambdaContext());
 */
export function functionUrlEvent(
  request: { readonly headers: Readonly<Record<string, string>>; readonly body: string },
  method = "POST",
): LambdaFunctionURLEvent {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/",
    rawQueryString: "",
    headers: { ...request.headers },
    body: request.body,
    isBase64Encoded: false,
    requestContext: {
      http: {
        method,
        path: "/",
        protocol: "HTTP/1.1",
        sourceIp: "140.82.115.1",
        userAgent: "GitHub-Hookshot/fake",
      },
    },
  } as unknown as LambdaFunctionURLEvent;
}
