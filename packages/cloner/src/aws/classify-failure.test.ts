import {
  CodePipelineServiceException,
  InvalidStructureException,
  PipelineNotFoundException,
} from "@aws-sdk/client-codepipeline";
import { ConfigError, EventError } from "@tributary/core";
import { describe, expect, it } from "vitest";
import { RefusalError } from "../functions/cloner/refusal-error";
import { TeardownProjectMissingError } from "../functions/cloner/teardown-stack";
import { classifyFailure, type FailureClass } from "./classify-failure";

function serviceError(
  name: string,
  status: number,
  fault: "client" | "server" = status >= 500 ? "server" : "client",
) {
  return new CodePipelineServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status },
    message: `${name} from the service`,
  });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`socket ${code}`), { code });
}

const permanent = (reason: string): FailureClass => ({ kind: "permanent", reason });
const transient = (reason: string): FailureClass => ({ kind: "transient", reason });

describe("classifyFailure", () => {
  describe("permanent failures: logged, counted and dropped", () => {
    it.each<[string, unknown, FailureClass]>([
      [
        "a malformed event",
        new EventError("detail.event", 3, "is 3 (a number), not a string"),
        permanent("bad-event"),
      ],
      [
        "a bad config at plan time",
        new ConfigError("routes", {}, "is wrong", "fix it"),
        permanent("bad-config"),
      ],
      [
        "a foreign pipeline",
        new RefusalError("foreign-pipeline", "acme-dev-feature-x", "not ours", "leave it"),
        permanent("foreign-pipeline"),
      ],
      [
        "an environment pipeline",
        new RefusalError("protected-pipeline", "acme-dev", "protected", "leave it"),
        permanent("protected-pipeline"),
      ],
      ["a ValidationException", serviceError("ValidationException", 400), permanent("validation")],
      [
        "an InvalidStructureException",
        new InvalidStructureException({ message: "bad", $metadata: { httpStatusCode: 400 } }),
        permanent("invalid-structure"),
      ],
      ["an AccessDeniedException", serviceError("AccessDeniedException", 400), permanent("access-denied")],
      ["too many tags", serviceError("TooManyTagsException", 400), permanent("invalid-tags")],
      [
        "a missing template pipeline",
        new PipelineNotFoundException({ message: "no", $metadata: { httpStatusCode: 400 } }),
        permanent("not-found"),
      ],
      ["an unknown 4xx error", serviceError("SomethingNewException", 400), permanent("client-error")],
      [
        "an execution not found",
        serviceError("PipelineExecutionNotFoundException", 400),
        permanent("not-found"),
      ],
      ["a missing SNS topic", serviceError("NotFoundException", 404), permanent("not-found")],
      ["SNS authorization", serviceError("AuthorizationErrorException", 403), permanent("access-denied")],
      ["a disabled KMS key of a topic", serviceError("KMSDisabledException", 400), permanent("kms")],
      [
        "several permanent failures together",
        new AggregateError([
          serviceError("ValidationException", 400),
          serviceError("AccessDeniedException", 400),
        ]),
        permanent("validation"),
      ],
    ])("given %s, when classified, then it is permanent", (_case, error, expected) => {
      expect(classifyFailure(error)).toEqual(expected);
    });
  });

  describe("transient failures: rethrown so Lambda retries and the DLQ keeps the event", () => {
    it.each<[string, unknown, FailureClass]>([
      [
        "throttling after the SDK's retries",
        serviceError("ThrottlingException", 400),
        transient("throttling"),
      ],
      ["CodeCommit's throttling", serviceError("TooManyRequestsException", 429), transient("throttling")],
      ["SNS throttling", serviceError("ThrottledException", 400), transient("throttling")],
      ["KMS throttling behind SNS", serviceError("KMSThrottlingException", 400), transient("throttling")],
      ["a 500 internal failure", serviceError("InternalFailure", 500), transient("server-error")],
      ["an unknown 503", serviceError("SomethingBroke", 503), transient("server-error")],
      ["an unknown 429", serviceError("SlowDown", 429), transient("throttling")],
      [
        "a concurrent modification",
        serviceError("ConcurrentModificationException", 400),
        transient("conflict"),
      ],
      [
        "an SDK timeout",
        Object.assign(new Error("timed out"), { name: "TimeoutError" }),
        transient("timeout"),
      ],
      [
        "an aborted request",
        Object.assign(new Error("aborted"), { name: "AbortError" }),
        transient("timeout"),
      ],
      ["a reset connection", networkError("ECONNRESET"), transient("network")],
      ["a refused connection", networkError("ECONNREFUSED"), transient("network")],
      ["a DNS failure", networkError("EAI_AGAIN"), transient("network")],
      ["an unexpected bug", new TypeError("x is undefined"), transient("unknown")],
      [
        "a missing teardown project (the DLQ keeps the stack's last chance)",
        new TeardownProjectMissingError("acme-stack-teardown", "acme-dev-feature-x"),
        transient("teardown-project-missing"),
      ],
      ["a thrown string", "boom", transient("unknown")],
      [
        "permanent and transient failures together",
        new AggregateError([
          serviceError("ValidationException", 400),
          serviceError("ThrottlingException", 400),
        ]),
        transient("throttling"),
      ],
      ["an empty aggregate", new AggregateError([]), transient("unknown")],
    ])("given %s, when classified, then it is transient", (_case, error, expected) => {
      expect(classifyFailure(error)).toEqual(expected);
    });
  });
});
