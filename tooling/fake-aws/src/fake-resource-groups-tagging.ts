/**
 * A fake Resource Groups Tagging API (`ResourceGroupsTaggingAPI_20170126`, AWS JSON 1.1): `GetResources` over the
 * fake CodePipeline's pipelines, with its filters, pagination and documented errors. Facts from the service model
 * (botocore `resourcegroupstaggingapi/2017-01-26/service-2.json`, which `@aws-sdk/client-resource-groups-tagging-api`
 * is generated from): `ResourcesPerPage` "a minimum of 1 and a maximum value of 100"; up to 50 tag filter keys with up
 * to 20 values each; `ResourceARNList` (1 to 100 ARNs) not with `TagFilters`, `ResourceTypeFilters` or a pagination
 * parameter; filters combine with AND, the values of one filter with OR; `TagResources` takes 1 to 20 ARNs and
 * answers `FailedResourcesMap` for those it could not tag; errors `InvalidParameterException`,
 * `PaginationTokenExpiredException` ("valid for a maximum of 15 minutes"), `ThrottledException`; members in PascalCase.
 * The real service is eventually consistent: `consistent = false` freezes what it answers until `refresh()`.
 */
import { check, FakeAwsError } from "./aws-error";
import type { FakeCodePipeline } from "./fake-codepipeline";
import type { FakeStacks } from "./fake-stacks";
import { isObject, type JsonObject } from "./json";

/** The `X-Amz-Target` prefix of the service. */
export const TAGGING_TARGET_PREFIX = "ResourceGroupsTaggingAPI_20170126";

/** How long a pagination token stays valid (the service model: "a maximum of 15 minutes"). */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

interface Resource {
  readonly arn: string;
  readonly tags: ReadonlyArray<{ Key: string; Value: string }>;
}

function invalid(message: string): FakeAwsError {
  return new FakeAwsError("InvalidParameterException", message);
}

/**
 * GetResources over the pipelines of a `FakeCodePipeline` (resource type `codepipeline:pipeline`), the stacks of a
 * `FakeStacks` (`cloudformation:stack`) and the other resources `TagResources` tagged.
 *
 * @example
 * const tagging = new FakeResourceGroupsTagging(codePipeline);
 * tagging.handle("GetResources", { TagFilters: [{ Key: "tributary:project", Values: ["acme"] }], ResourcesPerPage: 100 });
 */
export class FakeResourceGroupsTagging {
  /** `false`: answers come from the last `refresh()` snapshot, as an eventually consistent index would. */
  consistent = true;
  /** The time source of token expiry (tests move it forward). */
  now: () => number = () => Date.now();
  /** Tags of resources other than pipelines (a Lambda function, say) that `TagResources` tagged. */
  readonly otherResources = new Map<string, Map<string, string>>();
  private snapshot: Resource[] = [];
  private readonly tokens = new Map<
    string,
    { readonly offset: number; readonly issued: number; readonly query: string }
  >();
  private nextToken = 1;

  constructor(
    private readonly codePipeline: FakeCodePipeline,
    private readonly stacks?: FakeStacks,
  ) {}

  /** Takes a new snapshot of the pipelines and their tags (what an index that caught up would answer). */
  refresh(): void {
    this.snapshot = this.current();
  }

  /** Runs one operation; throws `FakeAwsError` the way the service answers. */
  handle(operation: string, input: JsonObject): unknown {
    if (operation === "GetResources") return this.getResources(input);
    if (operation === "TagResources") return this.tagResources(input);
    throw new FakeAwsError("UnknownOperationException", `Unknown operation ${operation}`);
  }

  private current(): Resource[] {
    const pipelines = [...this.codePipeline.pipelines.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, pipeline]) => ({
        arn: pipeline.arn,
        tags: [...pipeline.tags].map(([Key, Value]) => ({ Key, Value })),
      }));
    const stacks = [...(this.stacks?.stacks.values() ?? [])]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((stack) => ({ arn: stack.arn, tags: [...stack.tags].map(([Key, Value]) => ({ Key, Value })) }));
    const others = [...this.otherResources].map(([arn, tags]) => ({
      arn,
      tags: [...tags].map(([Key, Value]) => ({ Key, Value })),
    }));
    return [...pipelines, ...stacks, ...others];
  }

  private tagResources(input: JsonObject): unknown {
    const arns = input.ResourceARNList;
    if (
      !Array.isArray(arns) ||
      arns.length < 1 ||
      arns.length > 20 ||
      !arns.every((arn) => typeof arn === "string")
    )
      throw invalid("ResourceARNList must hold 1 to 20 ARNs.");
    const tags = input.Tags;
    if (!isObject(tags) || Object.keys(tags).length < 1 || Object.keys(tags).length > 50)
      throw invalid("Tags must hold 1 to 50 tags.");
    for (const [key, value] of Object.entries(tags)) {
      if (key.length < 1 || key.length > 128 || typeof value !== "string" || value.length > 256)
        throw invalid(`Tag ${key} is not a valid tag.`);
    }
    for (const arn of arns as string[]) {
      const pipelineName =
        arn.split(":")[2] === "codepipeline" ? arn.split(":").slice(5).join(":") : undefined;
      const pipeline = pipelineName === undefined ? undefined : this.codePipeline.pipelines.get(pipelineName);
      const target = pipeline?.tags ?? this.otherResources.get(arn) ?? new Map<string, string>();
      for (const [key, value] of Object.entries(tags)) target.set(key, value as string);
      if (!pipeline) this.otherResources.set(arn, target);
    }
    return { FailedResourcesMap: {} };
  }

  private getResources(input: JsonObject): unknown {
    const {
      TagFilters,
      ResourceTypeFilters,
      ResourcesPerPage,
      TagsPerPage,
      PaginationToken,
      ResourceARNList,
    } = input;
    const arnList = ResourceARNList === undefined ? undefined : this.arnList(ResourceARNList);
    if (arnList !== undefined) {
      if (TagFilters !== undefined) throw invalid("You can't specify both ResourceARNList and TagFilters.");
      if (ResourceTypeFilters !== undefined)
        throw invalid("You can't specify both ResourceARNList and ResourceTypeFilters.");
      if (ResourcesPerPage !== undefined || TagsPerPage !== undefined || PaginationToken !== undefined)
        throw invalid("You can't specify both ResourceARNList and pagination parameters.");
    }
    const filters = this.tagFilters(TagFilters);
    const types = this.typeFilters(ResourceTypeFilters);
    const perPage = ResourcesPerPage === undefined ? 50 : ResourcesPerPage;
    if (typeof perPage !== "number" || !Number.isInteger(perPage) || perPage < 1 || perPage > 100)
      throw invalid(`ResourcesPerPage must be between 1 and 100, not ${String(perPage)}.`);
    const query = JSON.stringify({ filters, types, arnList });
    let offset = 0;
    if (PaginationToken !== undefined && PaginationToken !== "") {
      check(
        typeof PaginationToken === "string" && PaginationToken.length <= 2048,
        "Invalid PaginationToken",
        "InvalidParameterException",
      );
      const token = this.tokens.get(PaginationToken);
      if (token === undefined || token.query !== query)
        throw invalid("The specified PaginationToken is invalid.");
      if (this.now() - token.issued > TOKEN_LIFETIME_MS)
        throw new FakeAwsError("PaginationTokenExpiredException", "The PaginationToken has expired.");
      offset = token.offset;
    }
    const resources = (this.consistent ? this.current() : this.snapshot).filter(
      (resource) =>
        (arnList === undefined || arnList.includes(resource.arn)) &&
        (types.length === 0 || types.some((type) => matchesType(resource.arn, type))) &&
        filters.every(({ key, values }) =>
          resource.tags.some((tag) => tag.Key === key && (values.length === 0 || values.includes(tag.Value))),
        ),
    );
    const page = resources.slice(offset, offset + perPage);
    const next = offset + perPage;
    let token = "";
    if (next < resources.length) {
      token = `fake-token-${this.nextToken++}`;
      this.tokens.set(token, { offset: next, issued: this.now(), query });
    }
    return {
      PaginationToken: token,
      ResourceTagMappingList: page.map((resource) => ({ ResourceARN: resource.arn, Tags: resource.tags })),
    };
  }

  private arnList(value: unknown): string[] {
    if (
      !Array.isArray(value) ||
      value.length < 1 ||
      value.length > 100 ||
      !value.every((arn) => typeof arn === "string")
    )
      throw invalid("ResourceARNList must hold 1 to 100 ARNs.");
    return value;
  }

  private tagFilters(value: unknown): Array<{ key: string; values: string[] }> {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.length > 50)
      throw invalid("TagFilters must be a list of at most 50 filters.");
    return value.map((filter, index) => {
      if (
        !isObject(filter) ||
        typeof filter.Key !== "string" ||
        filter.Key.length < 1 ||
        filter.Key.length > 128
      )
        throw invalid(`TagFilters.${index + 1}.Key must be 1 to 128 characters.`);
      const values = filter.Values ?? [];
      if (
        !Array.isArray(values) ||
        values.length > 20 ||
        !values.every((entry) => typeof entry === "string" && entry.length <= 256)
      )
        throw invalid(`TagFilters.${index + 1}.Values must be at most 20 values of at most 256 characters.`);
      return { key: filter.Key, values: values as string[] };
    });
  }

  private typeFilters(value: unknown): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((type) => typeof type === "string" && type.length <= 256))
      throw invalid("ResourceTypeFilters must be a list of service[:resourceType] strings.");
    return value as string[];
  }
}

/**
 * Whether an ARN is of `service[:resourceType]`. A pipeline's ARN (`arn:aws:codepipeline:R:A:name`) has no
 * resource-type segment; the tagging API names its type `codepipeline:pipeline`. Other ARNs name their type before
 * a `/` or `:` (`stack/name/id`, `function:name`).
 */
function matchesType(arn: string, type: string): boolean {
  const [service, resourceType] = type.split(":");
  const arnService = arn.split(":")[2];
  if (arnService !== service) return false;
  if (resourceType === undefined) return true;
  if (service === "codepipeline") return resourceType === "pipeline";
  const resource = arn.split(":").slice(5).join(":");
  return resource.split(/[/:]/)[0] === resourceType;
}
