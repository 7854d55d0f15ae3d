/**
 * The reconcile's listing of a GitHub repository (`SourceListing`), with the pages and ETags kept between reconciles
 * so that a steady-state reconcile is all 304s, which cost no rate limit.
 *
 * Where the pages live: in the Lambda instance's memory, and in one S3 object (core's `gitHubListingCacheKey` in the
 * `listingCacheBucket`). A reconcile runs every few hours; a Lambda instance seldom lives that long, so memory alone
 * would make nearly every reconcile a cold one that pays every page in full. The object costs one GetObject when the
 * instance has no pages yet and one PutObject when a page changed (a steady state writes nothing), within the
 * reconcile's budget of AWS calls; it is only a cache: a missing, unreadable or stale object costs full pages, never
 * a wrong answer (GitHub revalidates every page's ETag).
 *
 * A rate-limit answer is waited out when the wait fits what is left of the invocation; otherwise the reconcile is
 * deferred to the next one (`ReconcileDeferredError`: logged and counted as a failure with reason
 * `github-rate-limited`, never retried, so no retry loop meets the limit again).
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { isAwsError } from "../../aws/aws-error";
import type { ClassifiedError, FailureClass } from "../../aws/classify-failure";
import type { InvocationTime } from "../../aws/invocation-time";
import { type GitHubApi, GitHubRateLimitError } from "../../providers/github/github-api";
import {
  type ListingPages,
  listGitHubRepository,
  listingPagesFromJson,
  listingPagesToJson,
} from "../../providers/github/github-listing";
import type { SourceListing } from "./execution-context";

/**
 * A reconcile GitHub's rate limit stopped: dropped (the next scheduled reconcile repairs the same), not retried.
 *
 * @example
 * throw new ReconcileDeferredError(rateLimitError);
 */
export class ReconcileDeferredError extends Error implements ClassifiedError {
  constructor(cause: GitHubRateLimitError) {
    super(`Reconcile deferred to the next schedule: ${cause.message}`, { cause });
    this.name = "ReconcileDeferredError";
  }

  get failureClass(): FailureClass {
    return { kind: "permanent", reason: "github-rate-limited" };
  }
}

/**
 * Where the listing's pages are kept between Lambda instances.
 *
 * @example
 * const store: ListingStore = s3ListingStore(s3, "acme-artifacts", "tributary/github-listings/acme.json");
 */
export interface ListingStore {
  load(): Promise<ListingPages | undefined>;
  save(pages: ListingPages): Promise<void>;
}

/**
 * The pages in one S3 object (GetObject, PutObject). A missing object is no pages.
 *
 * @example
 * s3ListingStore(clients.s3, process.env[GITHUB_ENVIRONMENT.listingCacheBucket], gitHubListingCacheKey(config));
 */
export function s3ListingStore(s3: S3Client, bucket: string, key: string): ListingStore {
  return {
    async load() {
      try {
        const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return listingPagesFromJson(JSON.parse((await Body?.transformToString()) ?? "null"));
      } catch (error) {
        if (isAwsError(error, "NoSuchKey") || error instanceof SyntaxError) return undefined;
        throw error;
      }
    },
    async save(pages) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(listingPagesToJson(pages)),
          ContentType: "application/json",
        }),
      );
    },
  };
}

/**
 * GitHub's `SourceListing`: the pages kept in memory, else loaded from `store` (one GetObject per Lambda instance),
 * listed with their ETags, saved back when a page changed. Its log line says how many requests were sent and how
 * many were 304s.
 *
 * @example
 * createHandler({ …, sourceListing: gitHubSourceListing(api, { owner: "acme", repository: "infra" }, store, time) });
 */
export function gitHubSourceListing(
  api: GitHubApi,
  target: { readonly owner: string; readonly repository: string },
  store: ListingStore | undefined,
  time: InvocationTime,
): SourceListing {
  let pages: ListingPages | undefined;
  return async (context) => {
    if (pages === undefined) {
      try {
        pages = (await store?.load()) ?? undefined;
      } catch (error) {
        context.logger.warn("GitHub listing pages not read; listing every page in full", { error });
      }
      pages ??= { branches: new Map(), pullRequests: new Map() };
    }
    let listing: Awaited<ReturnType<typeof listGitHubRepository>>;
    try {
      listing = await listGitHubRepository(api, target, pages, { maxWaitMs: time.remainingMs() });
    } catch (error) {
      if (error instanceof GitHubRateLimitError) throw new ReconcileDeferredError(error);
      throw error;
    }
    context.logger.info("GitHub repository listed", {
      action: "reconcile",
      branches: listing.branches.length,
      openPullRequests: listing.openPullRequests.length,
      githubRequests: listing.requests,
      notModified: listing.notModified,
    });
    if (listing.changed && store !== undefined) {
      try {
        await store.save(pages);
      } catch (error) {
        context.logger.warn("GitHub listing pages not saved; the next cold reconcile lists them in full", {
          error,
        });
      }
    }
    return {
      branches: listing.branches,
      openPullRequestIds: listing.openPullRequests.map((pullRequest) => pullRequest.id),
      openPullRequests: listing.openPullRequests,
    };
  };
}
