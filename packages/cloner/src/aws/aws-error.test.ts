import { describe, expect, it } from "vitest";
import { errorText } from "./aws-error";

describe("errorText", () => {
  it("given an Error, then it reads as its name and message on one line", () => {
    const error = Object.assign(
      new Error("User: arn:aws:sts::111111111111:assumed-role/x is not authorized"),
      {
        name: "AccessDeniedException",
      },
    );
    expect(errorText(error)).toBe(
      "AccessDeniedException: User: arn:aws:sts::111111111111:assumed-role/x is not authorized",
    );
  });

  it("given a thrown value that is not an Error, then it reads as that value's text", () => {
    expect(errorText("socket hang up")).toBe("socket hang up");
  });
});
