/**
 * Presigned GET URLs of TaskCat reports: the overview page links each run's report through one, valid for minutes, so
 * the bucket stays private and a person needs nothing but the console login they have. Signed as the SDK's
 * `S3RequestPresigner` signs (`UNSIGNED-PAYLOAD`, the payload header hoisted into the query), without `client-s3`.
 */
import { isTaskcatReportKey } from "@tributary/core";
import { objectUrl, type previewSource, s3Signer } from "../../read-preview";

/** RFC 3986 escaping, as SigV4's canonical query string (and the SDK's `buildQueryString`) uses it. */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A presigned URL of one TaskCat report (`reports/<pipeline>/<execution>/index.html`, core's `isTaskcatReportKey`),
 * valid for `expiresInSeconds`; `undefined` for any other key, which the page then does not link. Signing is local (no
 * call to S3); the URL works only while the function's role may `s3:GetObject` the key and its session lasts.
 *
 * @example
 * await presignReportUrl(previewSource("acme-reports", process.env), "reports/acme-dev/0a1b/index.html", 900);
 * // "https://acme-reports.s3.eu-west-1.amazonaws.com/reports/acme-dev/0a1b/index.html?X-Amz-Algorithm=AWS4-HMAC-SHA256&…"
 */
export async function presignReportUrl(
  source: ReturnType<typeof previewSource>,
  key: string,
  expiresInSeconds: number,
  signingDate: Date = new Date(),
): Promise<string | undefined> {
  if (!isTaskcatReportKey(key)) return undefined;
  const url = objectUrl(source, key);
  const presigned = await s3Signer(source).presign(
    {
      method: "GET",
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: { host: url.host, "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD" },
    },
    { expiresIn: expiresInSeconds, signingDate, unsignableHeaders: new Set(["content-type"]) },
  );
  const query = Object.entries(presigned.query ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${escapeUri(name)}=${escapeUri(String(value))}`)
    .join("&");
  return `${url.protocol}//${url.host}${url.pathname}?${query}`;
}
