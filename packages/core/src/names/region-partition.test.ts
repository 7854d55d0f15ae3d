import { describe, expect, it } from "vitest";
import { regionPartition } from "./region-partition.js";

// Each row: a region of botocore's data/endpoints.json and the partition that lists it.
describe("regionPartition", () => {
  it.each([
    ["eu-west-1", "aws"],
    ["eu-central-1", "aws"],
    ["us-east-1", "aws"],
    ["ap-southeast-4", "aws"],
    ["il-central-1", "aws"],
    ["mx-central-1", "aws"],
    ["cn-north-1", "aws-cn"],
    ["cn-northwest-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
    ["us-gov-east-1", "aws-us-gov"],
    ["us-iso-east-1", "aws-iso"],
    ["us-isob-east-1", "aws-iso-b"],
    ["eu-isoe-west-1", "aws-iso-e"],
    ["us-isof-south-1", "aws-iso-f"],
    ["eusc-de-east-1", "aws-eusc"],
  ])("given %s, when its partition is asked, then it is %s", (region, partition) => {
    expect(regionPartition(region)).toBe(partition);
  });

  it("given a region no partition lists, when its partition is asked, then it is aws (as botocore resolves it)", () => {
    expect(regionPartition("xx-nowhere-1")).toBe("aws");
  });
});
