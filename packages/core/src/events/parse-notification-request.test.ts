import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventError } from "../shared/errors.js";
import { parseNotificationRequest } from "./parse-notification-request.js";

const VALID = {
  kind: "approval",
  pipeline: "acme-prod",
  executionId: "e-1",
  environment: "prod",
  state: "STARTED",
  stage: "Approve",
  action: "Approve",
  time: "2026-11-27T15:00:00Z",
  region: "eu-west-1",
  account: "123456789012",
  topicArn: "arn:aws:sns:eu-west-1:123456789012:Tributary-ApprovalsTopic-ABC123",
};

describe("parseNotificationRequest", () => {
  describe("Compliance", () => {
    it("given the object the rule's input transformer builds, when parsed, then input and topic are returned", () => {
      const { topicArn, ...input } = VALID;

      expect(parseNotificationRequest(VALID)).toEqual({ input, topicArn });
    });

    it.each([
      ["no stage or action", { stage: undefined, action: undefined }],
      ["null stage", { stage: null }],
      ["a FIFO topic in another partition", { topicArn: "arn:aws-cn:sns:cn-north-1:123456789012:t.fifo" }],
      ["a reports bucket", { reportsBucket: "acme-tributary-cicd-reports1a2b3c-4d5e6f" }],
    ])("given %s, when parsed, then it is accepted", (_case, change) => {
      const parsed = parseNotificationRequest({ ...VALID, ...change });

      expect(parsed.input.kind).toBe("approval");
      if ("stage" in change) expect(parsed.input).not.toHaveProperty("stage");
    });
  });

  describe("Noncompliance", () => {
    it.each<[string, unknown, string, RegExp]>([
      ["not an object", "hello", "", /^is "hello", not an object$/],
      ["an array", [], "", /^is \[\] \(an array\), not an object$/],
      ["null", null, "", /^is null, not an object$/],
      [
        "an unknown kind",
        { ...VALID, kind: "success" },
        "kind",
        /^is "success", not one of failure, deployment, approval$/,
      ],
      ["a missing pipeline", { ...VALID, pipeline: undefined }, "pipeline", /^is missing$/],
      [
        "an empty execution id",
        { ...VALID, executionId: " " },
        "executionId",
        /^is " ", not a non-blank string$/,
      ],
      ["a numeric state", { ...VALID, state: 3 }, "state", /^is 3 \(a number\), not a non-blank string$/],
      ["a numeric stage", { ...VALID, stage: 3 }, "stage", /^is 3 \(a number\), not a string \(or absent\)$/],
      ["a missing topic", { ...VALID, topicArn: undefined }, "topicArn", /^is missing$/],
      [
        "a reports bucket with upper case",
        { ...VALID, reportsBucket: "Acme" },
        "reportsBucket",
        /^is "Acme", not an S3 bucket name/,
      ],
      [
        "a queue ARN as topic",
        { ...VALID, topicArn: "arn:aws:sqs:eu-west-1:123456789012:q" },
        "topicArn",
        /^is "arn:aws:sqs:eu-west-1:123456789012:q", not an SNS topic ARN/,
      ],
      [
        "an unresolved transformer path",
        { ...VALID, topicArn: "<topicArn>" },
        "topicArn",
        /^is "<topicArn>", not an SNS topic ARN/,
      ],
    ])(
      "given %s, when parsed, then an EventError names the field, the value and the fix",
      (_case, raw, path, reason) => {
        let caught: unknown;
        try {
          parseNotificationRequest(raw);
        } catch (error) {
          caught = error;
        }

        expect(caught).toBeInstanceOf(EventError);
        expect(caught).toMatchObject({ path });
        expect((caught as EventError).reason).toMatch(reason);
        expect((caught as EventError).message).toMatch(/input transformer|topicArn/);
        expect((caught as EventError).message).toContain(
          `${path || "the event"} ${(caught as EventError).reason}. Fix: `,
        );
      },
    );
  });

  it("given any value, when parsed, then it returns or throws an EventError, never anything else", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.record({ kind: fc.constantFrom("failure", 1), topicArn: fc.string() })),
        (raw) => {
          try {
            parseNotificationRequest(raw);
          } catch (error) {
            expect(error).toBeInstanceOf(EventError);
          }
        },
      ),
    );
  });
});
