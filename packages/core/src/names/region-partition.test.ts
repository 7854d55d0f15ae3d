import { describe, expect, it } from "vitest";
import { regionPartition, s3ObjectUrl } from "./region-partition.js";

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

// Each row: a region and its partition's outputs.dnsSuffix in botocore's data/partitions.json.
describe("s3ObjectUrl", () => {
  it.each([
    ["eu-central-1", "https://acme-staging.s3.eu-central-1.amazonaws.com/p/e/templates/main.yaml"],
    ["cn-northwest-1", "https://acme-staging.s3.cn-northwest-1.amazonaws.com.cn/p/e/templates/main.yaml"],
    ["us-gov-west-1", "https://acme-staging.s3.us-gov-west-1.amazonaws.com/p/e/templates/main.yaml"],
    ["eusc-de-east-1", "https://acme-staging.s3.eusc-de-east-1.amazonaws.eu/p/e/templates/main.yaml"],
    ["us-iso-east-1", "https://acme-staging.s3.us-iso-east-1.c2s.ic.gov/p/e/templates/main.yaml"],
  ])("given a bucket in %s, when its object's URL is built, then it is %s", (region, url) => {
    expect(s3ObjectUrl("acme-staging", region, "p/e/templates/main.yaml")).toBe(url);
  });

  it("given a key with characters URLs reserve, when its URL is built, then each segment is encoded and its slashes kept", () => {
    expect(s3ObjectUrl("b", "eu-west-1", "feature/a b+c/main.yaml")).toBe(
      "https://b.s3.eu-west-1.amazonaws.com/feature/a%20b%2Bc/main.yaml",
    );
  });
});
