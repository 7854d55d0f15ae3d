import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CodeBuildClient } from "@aws-sdk/client-codebuild";
import { CodeCommitClient } from "@aws-sdk/client-codecommit";
import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { SNSClient } from "@aws-sdk/client-sns";
import { defineConfig, MANAGED_TAGS, templateVersion } from "@tributary/core";
import type { FakeAws } from "@tributary/fake-aws";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHandler } from "../../src/functions/cloner/create-handler";
import {
  branchEvent,
  commit,
  pullRequestEvent,
  pullRequestFieldsOf,
  scheduledEvent,
} from "../__fixtures__/events";
import { lambdaContext } from "../__fixtures__/lambda-context";
import { actualClones, CONFIG_INPUT, expectedClones, startAccount } from "./world";

// Property tests of the executor (the library build, in-process) against the fake server: whatever GitFlow history
// happens, delivered with duplicates, the account converges to what core's routing expects.

const config = defineConfig(CONFIG_INPUT);
const BRANCHES = ["feature/a", "feature/b", "bugfix/c", "release/1.0", "hotfix/d", "wip/e"] as const;

type Operation = {
  readonly op:
    | "create"
    | "push"
    | "delete"
    | "openPullRequest"
    | "closePullRequest"
    | "mergePullRequest"
    | "reopenPullRequest";
  readonly branch: number;
};

const operation = fc.record({
  op: fc.constantFrom(
    "create",
    "push",
    "delete",
    "openPullRequest",
    "closePullRequest",
    "mergePullRequest",
    "reopenPullRequest",
  ),
  branch: fc.nat(BRANCHES.length - 1),
}) as fc.Arbitrary<Operation>;

/** Applies the operations to the fake repository and returns the events CodeCommit would have sent. */
function history(aws: FakeAws, operations: readonly Operation[]): unknown[] {
  const events: unknown[] = [];
  const { codeCommit } = aws;
  let counter = 0;
  for (const { op, branch: index } of operations) {
    const branch = BRANCHES[index] ?? "feature/a";
    const head = codeCommit.branches.get(branch);
    const open = [...codeCommit.pullRequests.values()].find(
      (pr) => pr.sourceBranch === branch && pr.status === "OPEN",
    );
    const closed = [...codeCommit.pullRequests.values()].find(
      (pr) => pr.sourceBranch === branch && pr.status === "CLOSED" && !pr.merged,
    );
    const fields = (pr: NonNullable<typeof open>) => pullRequestFieldsOf(config.repository, pr);
    counter += 1;
    const next = commit(`${index}-${counter}`);
    if (op === "create" && !head) {
      codeCommit.pushBranch(branch, next);
      events.push(branchEvent("referenceCreated", config.repository, branch, { commitId: next }));
    } else if (op === "push" && head) {
      codeCommit.pushBranch(branch, next);
      events.push(
        branchEvent("referenceUpdated", config.repository, branch, { commitId: next, oldCommitId: head }),
      );
      if (open) {
        open.sourceCommit = next;
        events.push(pullRequestEvent("pullRequestSourceBranchUpdated", fields(open)));
      }
    } else if (op === "delete" && head && !open) {
      codeCommit.deleteBranch(branch);
      events.push(branchEvent("referenceDeleted", config.repository, branch, { oldCommitId: head }));
    } else if (op === "openPullRequest" && head && !open) {
      const pr = codeCommit.openPullRequest({
        title: branch,
        sourceBranch: branch,
        destinationBranch: branch.startsWith("release/") ? "main" : "develop",
      });
      events.push(pullRequestEvent("pullRequestCreated", fields(pr)));
    } else if (op === "closePullRequest" && open) {
      open.status = "CLOSED";
      events.push(pullRequestEvent("pullRequestStatusChanged", fields(open), { status: "Closed" }));
    } else if (op === "mergePullRequest" && open) {
      open.status = "CLOSED";
      open.merged = true;
      events.push(
        pullRequestEvent("pullRequestMergeStatusUpdated", fields(open), { status: "Closed", merged: true }),
      );
    } else if (op === "reopenPullRequest" && closed && head) {
      closed.status = "OPEN";
      events.push(pullRequestEvent("pullRequestStatusChanged", fields(closed), { status: "Open" }));
    }
  }
  return events;
}

/** The CDK app deploys a new declaration of an environment pipeline (a new variable, so every clone is behind). */
function changeTemplate(aws: FakeAws, name: string, revision: number): void {
  const declaration = aws.codePipeline.pipelines.get(name)?.declaration;
  if (!declaration) return;
  const variables = Array.isArray(declaration.variables) ? declaration.variables : [];
  aws.codePipeline.handle("UpdatePipeline", {
    pipeline: {
      ...declaration,
      variables: [...variables, { name: `Revision${revision}`, defaultValue: "1" }],
    },
  });
}

/** Clones whose `tributary:template-version` is not their template's current `templateVersion`. */
function clonesBehind(aws: FakeAws): string[] {
  return actualClones(aws).filter((name) => {
    const tags = aws.codePipeline.tagsOf(name) ?? {};
    const template = aws.codePipeline.pipelines.get(tags[MANAGED_TAGS.template] ?? "")?.declaration;
    return tags[MANAGED_TAGS.templateVersion] !== templateVersion(template);
  });
}

function handlerFor(aws: FakeAws) {
  const options = {
    endpoint: aws.url,
    region: aws.region,
    credentials: { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" },
    maxAttempts: 1,
  };
  return createHandler({
    config,
    clients: {
      codePipeline: new CodePipelineClient(options),
      codeCommit: new CodeCommitClient(options),
      codeBuild: new CodeBuildClient(options),
      tagging: new ResourceGroupsTaggingAPIClient(options),
      serviceQuotas: new ServiceQuotasClient(options),
      sns: new SNSClient(options),
      events: new EventBridgeClient(options),
    },
    logger: new Logger({ logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "Tributary" }),
  });
}

describe("convergence under at-least-once delivery", () => {
  it("given any history delivered in order with every event duplicated, when replayed, then the clones are exactly the expected ones", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { maxLength: 25 }),
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        async (operations, duplicate) => {
          const aws = await startAccount(config);
          try {
            const handler = handlerFor(aws);
            for (const [index, event] of history(aws, operations).entries()) {
              await handler(event, lambdaContext());
              if (duplicate[index % duplicate.length]) await handler(event, lambdaContext());
            }
            expect(actualClones(aws)).toEqual(expectedClones(config, aws));
          } finally {
            await aws.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("given any history delivered in any order while environment pipelines change, when replayed and then reconciled, then the clones are exactly the expected ones, each at its template's version", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 5, maxLength: 25, size: "max" }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 60, maxLength: 60 }),
        fc.array(
          fc.record({ at: fc.nat(100), template: fc.constantFrom("acme-dev", "acme-qa", "acme-prod") }),
          { minLength: 1, maxLength: 3 },
        ),
        async (operations, keys, templateChanges) => {
          const aws = await startAccount(config);
          try {
            const handler = handlerFor(aws);
            const events = history(aws, operations);
            const order = events
              .map((event, index) => ({ event, key: keys[index % keys.length] ?? 0 }))
              .sort((a, b) => a.key - b.key);
            // Each template change lands before one of the events, or after the last one (just before the reconcile).
            const changesAt = (index: number) =>
              templateChanges.flatMap((change, revision) =>
                Math.round((change.at / 100) * order.length) === index ? [{ ...change, revision }] : [],
              );
            for (const [index, { event }] of order.entries()) {
              for (const change of changesAt(index)) changeTemplate(aws, change.template, change.revision);
              await handler(event, lambdaContext());
            }
            for (const change of changesAt(order.length))
              changeTemplate(aws, change.template, change.revision);
            await handler(scheduledEvent(), lambdaContext());
            expect(actualClones(aws)).toEqual(expectedClones(config, aws));
            expect(clonesBehind(aws)).toEqual([]);
            const updatesBefore = aws.countCalls("UpdatePipeline");
            await handler(scheduledEvent(), lambdaContext());
            expect(aws.countCalls("UpdatePipeline")).toBe(updatesBefore);
            expect(
              aws.calls.filter(
                (call) =>
                  /"name":"acme-(dev|qa|prod)"/.test(JSON.stringify(call.input)) &&
                  call.operation !== "GetPipeline",
              ),
            ).toEqual([]);
          } finally {
            await aws.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
