import { describe, expect, it } from "vitest";
import { tagList, tagRecord } from "./pipeline-tags";

describe("tagList and tagRecord", () => {
  it("given a tag record, when listed and read back, then it round-trips sorted by key", () => {
    const list = tagList({ b: "2", a: "1" });
    expect(list).toEqual([
      { key: "a", value: "1" },
      { key: "b", value: "2" },
    ]);
    expect(tagRecord(list)).toEqual({ a: "1", b: "2" });
  });

  it("given no tags, when read, then the record is empty", () => {
    expect(tagRecord(undefined)).toEqual({});
  });
});
