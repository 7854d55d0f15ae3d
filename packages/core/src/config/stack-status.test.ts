import { botocoreModel } from "@tributary/fake-aws";
import { describe, expect, it } from "vitest";
import { isHealthyStackStatus } from "./stack-status.js";

/** CloudFormation's StackStatus values, from botocore's model (`cloudformation/2010-05-15/service-2.json`). */
const STATUSES = (
  botocoreModel("cloudformation", "2010-05-15") as { shapes: { StackStatus: { enum: string[] } } }
).shapes.StackStatus.enum;
const HEALTHY = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"];

describe("isHealthyStackStatus", () => {
  it("given botocore's model, when its StackStatus values are read, then every healthy status of the rule is one of them", () => {
    expect(STATUSES).toEqual(expect.arrayContaining(HEALTHY));
  });

  it.each(STATUSES.filter((status) => HEALTHY.includes(status)))(
    "Compliance: given CloudFormation's status %s, then the stack is healthy",
    (status) => {
      expect(isHealthyStackStatus(status)).toBe(true);
    },
  );

  it.each(STATUSES.filter((status) => !HEALTHY.includes(status)))(
    "Noncompliance: given CloudFormation's status %s, then the stack is not healthy",
    (status) => {
      expect(isHealthyStackStatus(status)).toBe(false);
    },
  );
});
