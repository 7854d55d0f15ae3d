import { CodePipelineClient, CreatePipelineCommand } from "@aws-sdk/client-codepipeline";
import {
  GetResourcesCommand,
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
  TagResourcesCommand,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeAws, startFakeAws } from "./fake-aws-server";
import { environmentPipeline } from "./index";

let aws: FakeAws;
let tagging: ResourceGroupsTaggingAPIClient;
const FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:acme-cloner";

beforeAll(async () => {
  aws = await startFakeAws({ repositoryName: "infra" });
  const options = {
    endpoint: aws.url,
    region: "eu-west-1",
    credentials: { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" },
    maxAttempts: 1,
  };
  tagging = new ResourceGroupsTaggingAPIClient(options);
  const codePipeline = new CodePipelineClient(options);
  const { version: _version, ...template } = environmentPipeline("dev");
  for (let index = 0; index < 250; index++) {
    const project = index % 5 === 0 ? "other" : "acme";
    await codePipeline.send(
      new CreatePipelineCommand({
        pipeline: { ...template, name: `${project}-dev-feature-${index}` },
        tags: [
          { key: "tributary:project", value: project },
          { key: "tributary:managed", value: "true" },
        ],
      }),
    );
  }
});

afterAll(async () => {
  await aws.close();
});

describe("fake GetResources", () => {
  it("given 200 pipelines of the project among 250, when paged by 100 with the project filter, then 2 full pages then none", async () => {
    const pages: number[] = [];
    const arns: string[] = [];
    for await (const page of paginateGetResources(
      { client: tagging, pageSize: 100 },
      {
        TagFilters: [{ Key: "tributary:project", Values: ["acme"] }],
        ResourceTypeFilters: ["codepipeline:pipeline"],
      },
    )) {
      pages.push(page.ResourceTagMappingList?.length ?? 0);
      arns.push(...(page.ResourceTagMappingList ?? []).map((mapping) => mapping.ResourceARN ?? ""));
    }
    expect(pages).toEqual([100, 100]);
    expect(new Set(arns).size).toBe(200);
    expect(
      arns.every((arn) => /^arn:aws:codepipeline:eu-west-1:123456789012:acme-dev-feature-\d+$/.test(arn)),
    ).toBe(true);
  });

  it.each([
    ["another service's type", { ResourceTypeFilters: ["lambda:function"] }, 0],
    ["a key without values (any value)", { TagFilters: [{ Key: "tributary:project" }] }, 250],
    [
      "two values of one key (OR)",
      { TagFilters: [{ Key: "tributary:project", Values: ["acme", "other"] }] },
      250,
    ],
    [
      "two keys (AND)",
      {
        TagFilters: [
          { Key: "tributary:project", Values: ["other"] },
          { Key: "tributary:managed", Values: ["true"] },
        ],
      },
      50,
    ],
  ])("given %s, when listed, then %i resources", async (_name, filters, expected) => {
    let count = 0;
    for await (const page of paginateGetResources({ client: tagging, pageSize: 100 }, filters))
      count += page.ResourceTagMappingList?.length ?? 0;
    expect(count).toBe(expected);
  });

  it.each([
    ["ResourcesPerPage 101", { ResourcesPerPage: 101 }],
    ["ResourcesPerPage 0", { ResourcesPerPage: 0 }],
    ["an unknown PaginationToken", { PaginationToken: "made-up" }],
    ["ResourceARNList with TagFilters", { ResourceARNList: [FUNCTION], TagFilters: [{ Key: "k" }] }],
    ["ResourceARNList with ResourcesPerPage", { ResourceARNList: [FUNCTION], ResourcesPerPage: 10 }],
    ["51 tag filters", { TagFilters: Array.from({ length: 51 }, (_, index) => ({ Key: `k${index}` })) }],
  ])("given %s, when listed, then InvalidParameterException", async (_name, input) => {
    await expect(tagging.send(new GetResourcesCommand(input))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
  });

  it("given every call throttled, when GetResources is sent, then the tagging API's own ThrottledException comes back", async () => {
    aws.faults.throttleFraction = 1;
    try {
      await expect(
        tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ["codepipeline:pipeline"] })),
      ).rejects.toMatchObject({ name: "ThrottledException", $metadata: { httpStatusCode: 400 } });
    } finally {
      aws.faults.throttleFraction = 0;
    }
  });

  it("given a token older than 15 minutes, when used, then PaginationTokenExpiredException", async () => {
    const first = await tagging.send(new GetResourcesCommand({ ResourcesPerPage: 10 }));
    const now = aws.tagging.now;
    aws.tagging.now = () => now() + 16 * 60 * 1000;
    try {
      await expect(
        tagging.send(
          new GetResourcesCommand({ ResourcesPerPage: 10, PaginationToken: first.PaginationToken }),
        ),
      ).rejects.toMatchObject({ name: "PaginationTokenExpiredException" });
    } finally {
      aws.tagging.now = now;
    }
  });

  it("given a Lambda function tagged with TagResources, when read by ARN, then its tags come back", async () => {
    await tagging.send(new TagResourcesCommand({ ResourceARNList: [FUNCTION], Tags: { state: "1:abc" } }));

    const { ResourceTagMappingList } = await tagging.send(
      new GetResourcesCommand({ ResourceARNList: [FUNCTION] }),
    );

    expect(ResourceTagMappingList).toEqual([
      { ResourceARN: FUNCTION, Tags: [{ Key: "state", Value: "1:abc" }] },
    ]);
  });

  it("given an eventually consistent index, when a pipeline is tagged, then it shows only after refresh()", async () => {
    aws.tagging.consistent = false;
    aws.tagging.refresh();
    try {
      const pipeline = aws.codePipeline.pipelines.get("acme-dev-feature-1");
      pipeline?.tags.set("late", "yes");
      const read = async () =>
        (await tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: "late" }] })))
          .ResourceTagMappingList ?? [];
      expect(await read()).toHaveLength(0);
      aws.tagging.refresh();
      expect(await read()).toHaveLength(1);
    } finally {
      aws.tagging.consistent = true;
    }
  });
});
