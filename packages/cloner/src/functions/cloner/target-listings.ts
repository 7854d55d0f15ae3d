/**
 * The remote targets' stack listings, from the cloner's side: where they are (`TRIBUTARY_TARGET_LISTINGS`, read once at
 * init), reading them for a reconcile (S3 GetObject in the CI/CD account's artifacts bucket; core's
 * `readTargetListing` decides whether each can be used), and starting the teardown project in its listing mode. The
 * cloner never reads a target account itself: the listing build does, through each target's teardown role.
 */
import { StartBuildCommand } from "@aws-sdk/client-codebuild";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  type Action,
  parseTargetListingSource,
  readTargetListing,
  TARGET_LISTINGS_VARIABLE,
  type TargetListingSource,
  type TargetStackListing,
  targetListingKey,
  targetListingMaxAgeMs,
  targetListingRequestVariables,
  teardownProjectName,
} from "@tributary/core";
import { errorText, isAwsError } from "../../aws/aws-error";
import { classifyFailure } from "../../aws/classify-failure";
import { createS3Client } from "../../aws/clients";
import { readObjectText } from "../../aws/report-objects";
import { countMetric } from "../../aws/telemetry";
import type { ExecutionContext } from "./execution-context";

/**
 * Where the cloner reads the targets' listings, and the S3 client it reads them with.
 *
 * @example
 * const targetListings: TargetListings = { source: { bucket: "acme-artifacts", targets: [{ account: "333333333333", region: "eu-central-1" }] }, s3: createS3Client() };
 */
export interface TargetListings {
  readonly source: TargetListingSource;
  readonly s3: S3Client;
}

/**
 * The listings' source from `TRIBUTARY_TARGET_LISTINGS` (core's `parseTargetListingSource`) with an S3 client, or
 * `undefined` when every environment deploys in the CI/CD account and region (the variable is absent). Called once at
 * init: a bad value throws core's `RangeError` naming the value and the fix, and fails the init like a bad config.
 *
 * @example
 * createHandler({ config, clients, logger, metrics, targetListings: targetListingsFromEnvironment(process.env) });
 */
export function targetListingsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): TargetListings | undefined {
  const source = parseTargetListingSource(env[TARGET_LISTINGS_VARIABLE]);
  return source === undefined ? undefined : { source, s3: createS3Client(env) };
}

/**
 * What a reconcile read of the targets' listings: those it can sweep, and how many targets had none yet or one it
 * cannot use.
 *
 * @example
 * const read: TargetListingsRead = { listings: [listing], missing: 0, unusable: 1 };
 */
export interface TargetListingsRead {
  readonly listings: readonly TargetStackListing[];
  /** Targets without a listing yet (NoSuchKey): nothing of theirs is swept this round. */
  readonly missing: number;
  /** Targets whose listing could not be read or used (logged with the fix, counted in `TargetListingsUnusable`). */
  readonly unusable: number;
}

const NONE: TargetListingsRead = Object.freeze({ listings: Object.freeze([]), missing: 0, unusable: 0 });

/**
 * Reads every target's listing (one GetObject each, side by side) and checks it with core's `readTargetListing` at
 * `now` (the event's time), no older than `targetListingMaxAgeMs` of the reconcile schedule. A missing object
 * (NoSuchKey) is "no listing yet" (logged: the build this reconcile starts writes one); a listing core refuses, or a
 * permanent read failure, is a warning with its fix and one `TargetListingsUnusable`, and that target is swept without
 * a listing (none of its stacks); a transient failure is rethrown, like the reconcile's other reads. Without
 * `targetListings`, nothing is read.
 *
 * @example
 * const { listings } = await readTargetListings(context, event.time);
 */
export async function readTargetListings(
  context: ExecutionContext,
  now: string,
): Promise<TargetListingsRead> {
  const targetListings = context.targetListings;
  if (targetListings === undefined) return NONE;
  const { source, s3 } = targetListings;
  const maxAgeMs = targetListingMaxAgeMs(context.config.reconcileSchedule);
  const reads = await Promise.all(
    source.targets.map(async (target): Promise<TargetStackListing | "missing" | "unusable"> => {
      const key = targetListingKey(target.account, target.region);
      const where = { action: "reconcile", bucket: source.bucket, key, ...target };
      let text: string | undefined;
      try {
        text = await readObjectText(s3, source.bucket, key);
      } catch (error) {
        if (classifyFailure(error).kind === "transient") throw error;
        countMetric(context, "targetListingsUnusable");
        context.logger.warn("A target's stack listing cannot be read; none of its stacks is swept", {
          ...where,
          error: errorText(error),
          // S3 answers AccessDenied, not NoSuchKey, for a key that does not exist when the reader may not list the
          // bucket (GetObject's documentation in the S3 API model), and the cloner may not: by design it reads keys.
          fix: `Grant the cloner s3:GetObject on ${source.bucket}/${key} and kms:Decrypt on the bucket's key (the PipelineCloner construct's targetListings does). AccessDenied also means no listing exists yet: see the latest builds of the teardown project in list-targets mode.`,
        });
        return "unusable";
      }
      if (text === undefined) {
        context.logger.info("No listing yet of a target's stacks; none of them is swept this round", where);
        return "missing";
      }
      const read = readTargetListing(text, target, now, maxAgeMs);
      if ("listing" in read) return read.listing;
      countMetric(context, "targetListingsUnusable");
      context.logger.warn("A target's stack listing cannot be used; none of its stacks is swept", {
        ...where,
        problem: `s3://${source.bucket}/${key} ${read.problem}`,
        fix: read.fix,
      });
      return "unusable";
    }),
  );
  return Object.freeze({
    listings: Object.freeze(reads.filter((read) => typeof read === "object")),
    missing: reads.filter((read) => read === "missing").length,
    unusable: reads.filter((read) => read === "unusable").length,
  });
}

/** What `startTargetListing` did: started the build, or found no teardown project (logged with the fix). */
export type StartTargetListingOutcome = "started" | "absent";

/**
 * StartBuild of `teardownProjectName(config)` in its listing mode (core's `targetListingRequestVariables`) with the
 * planned idempotency token (`targetListingToken` of the scheduled event: CodeBuild honours it for 5 minutes, so a
 * redelivered event starts no second build). A missing project is logged with the fix, not thrown: the reconcile goes
 * on with the listings it has, and the next scheduled one tries again.
 *
 * @example
 * await startTargetListing(context, listTargetStacksAction(eventId, source.targets)); // "started"
 */
export async function startTargetListing(
  context: ExecutionContext,
  action: Extract<Action, { type: "listTargetStacks" }>,
): Promise<StartTargetListingOutcome> {
  const projectName = teardownProjectName(context.config);
  const targets = action.targets.map((target) => `${target.account}/${target.region}`);
  try {
    const { build } = await context.clients.codeBuild.send(
      new StartBuildCommand({
        projectName,
        environmentVariablesOverride: Object.entries(targetListingRequestVariables()).map(
          ([name, value]) => ({
            name,
            value,
            type: "PLAINTEXT" as const,
          }),
        ),
        idempotencyToken: action.idempotencyToken,
      }),
    );
    context.logger.info("Started the listing of the targets' stacks", {
      action: "listTargetStacks",
      projectName,
      targets,
      buildId: build?.id,
    });
    return "started";
  } catch (error) {
    if (!isAwsError(error, "ResourceNotFoundException")) throw error;
    context.logger.warn("The teardown project does not exist: the targets' stacks are not listed", {
      action: "listTargetStacks",
      projectName,
      targets,
      fix: "Deploy the CI/CD stack (the PipelineCloner construct creates the teardown project); the next scheduled reconcile starts the listing.",
    });
    return "absent";
  }
}
