import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { previewKey } from "@tributary/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyFailure } from "../../aws/classify-failure";
import { previewSource, readPreview } from "./read-preview";

// S3's answers as its REST API documents them (an XML <Error> with <Code> and <Message>); moto's real answers are
// exercised by the integration tests through the bundle.
const answers = new Map<string, { status: number; body: string }>();
let seen: { url: string; headers: IncomingHttpHeaders } | undefined;
const server = createServer((request, response) => {
  seen = { url: request.url ?? "", headers: request.headers };
  const answer = answers.get(request.url ?? "") ?? {
    status: 500,
    body: "<Error><Code>InternalError</Code></Error>",
  };
  response.writeHead(answer.status, { "content-type": "application/xml" });
  response.end(answer.body);
});
let endpoint = "";
const env = () => ({
  AWS_REGION: "eu-west-1",
  AWS_ENDPOINT_URL_S3: endpoint,
  AWS_ACCESS_KEY_ID: "AKIATEST",
  AWS_SECRET_ACCESS_KEY: "secret",
});
const path = (execution: string) => `/acme-reports/${previewKey("acme-dev-pr-42", execution)}`;
const error = (code: string, message: string) =>
  `<?xml version="1.0"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, env());
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("reading preview.json", () => {
  it("given the object, when read, then it is parsed, and the GET is path-style and SigV4-signed for s3", async () => {
    answers.set(path("e-1"), { status: 200, body: '[{"stack":"acme-dev"}]' });
    expect(await readPreview(previewSource("acme-reports", env()), "acme-dev-pr-42", "e-1")).toEqual([
      { stack: "acme-dev" },
    ]);
    expect(seen?.url).toBe(path("e-1"));
    expect(String(seen?.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIATEST\/\d{8}\/eu-west-1\/s3\/aws4_request/,
    );
    expect(seen?.headers["x-amz-content-sha256"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("given no object (NoSuchKey), when read, then there is no preview", async () => {
    answers.set(path("e-2"), { status: 404, body: error("NoSuchKey", "The specified key does not exist.") });
    expect(await readPreview(previewSource("acme-reports", env()), "acme-dev-pr-42", "e-2")).toBeUndefined();
  });

  it("given content that is not JSON, when read, then it comes back as text for core to reject with a reason", async () => {
    answers.set(path("e-3"), { status: 200, body: "not json" });
    expect(await readPreview(previewSource("acme-reports", env()), "acme-dev-pr-42", "e-3")).toBe("not json");
  });

  it.each([
    [403, "AccessDenied", "permanent"],
    [404, "NoSuchBucket", "permanent"],
    [503, "SlowDown", "transient"],
    [500, "InternalError", "transient"],
  ])(
    "given HTTP %i %s, when read, then the error is named after S3's code and classified %s",
    async (status, code, kind) => {
      answers.set(path(`e-${code}`), { status, body: error(code, "no") });
      const failure = await readPreview(
        previewSource("acme-reports", env()),
        "acme-dev-pr-42",
        `e-${code}`,
      ).catch((caught: unknown) => caught);
      expect((failure as Error).name).toBe(code);
      expect(classifyFailure(failure).kind).toBe(kind);
    },
  );
});
