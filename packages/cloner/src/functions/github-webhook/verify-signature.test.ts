import { sign, verify } from "@octokit/webhooks-methods";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifySignature } from "./verify-signature";

describe("verifySignature", () => {
  it("given GitHub's documented test vector, then the signature verifies", () => {
    expect(
      verifySignature(
        "It's a Secret to Everybody",
        Buffer.from("Hello, World!"),
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
      ),
    ).toBe(true);
  });

  it("given any secret and body, then ours and GitHub's own implementation (@octokit/webhooks-methods) agree", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.boolean(),
        async (secret, body, tamper) => {
          const signature = await sign(secret, body);
          const sent = tamper ? `${signature.slice(0, -1)}${signature.endsWith("0") ? "1" : "0"}` : signature;
          expect(verifySignature(secret, Buffer.from(body, "utf8"), sent)).toBe(
            await verify(secret, body, sent),
          );
        },
      ),
    );
  });

  it.each<[string, string | undefined]>([
    ["no header", undefined],
    ["an empty header", ""],
    ["SHA-1's header", "sha1=0123456789abcdef0123456789abcdef01234567"],
    ["a short digest", "sha256=757107ea"],
    ["no prefix", "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"],
  ])("Noncompliance: given %s, then the delivery is not verified", (_name, header) => {
    expect(verifySignature("It's a Secret to Everybody", Buffer.from("Hello, World!"), header)).toBe(false);
  });

  it("given an empty secret, then nothing verifies", () => {
    expect(verifySignature("", Buffer.from(""), `sha256=${"0".repeat(64)}`)).toBe(false);
  });
});
