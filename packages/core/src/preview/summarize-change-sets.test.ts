import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PreviewError } from "../shared/errors.js";
import { previewedStacks } from "./__fixtures__/change-sets/arbitraries.js";
import { change, fixturePages, largeChangeSet, page } from "./__fixtures__/change-sets/build.js";
import {
  dev,
  expectPreviewErrorAt,
  NESTED,
  NO_CHANGES,
  nested,
  ROOT,
  valid,
} from "./__fixtures__/change-sets/noncompliance.js";
import type { DescribeChangeSetPage, StackChangeSets } from "./change-set-pages.js";
import { PREVIEW_FORMAT, type PreviewSummary } from "./preview-summary.js";
import { summarizeChangeSets } from "./summarize-change-sets.js";

function names(summary: PreviewSummary, stack = 0): string[] {
  return (summary.stacks[stack]?.resources ?? []).map((resource) =>
    [...resource.stackPath, resource.logicalId].join("/"),
  );
}

describe("summarizeChangeSets", () => {
  describe("Compliance: DescribeChangeSet output in the API's shapes", () => {
    it("given a change set with every action, when summarized, then removals, replacements and conditional replacements come first, marked dangerous", () => {
      const summary = summarizeChangeSets([dev(fixturePages("every-action"))]);

      expect(names(summary)).toEqual([
        "AuditLogGroup",
        "LegacyQueue",
        "Database",
        "ArtifactsBucket",
        "SeedData",
        "ApiFunction",
        "AlertsTopic",
      ]);
      expect(summary.stacks[0]?.resources.map((resource) => resource.danger ?? null)).toEqual([
        "removal",
        "removal",
        "replacement",
        "conditional-replacement",
        null,
        null,
        null,
      ]);
      expect(summary.counts).toEqual({
        total: 7,
        add: 1,
        modify: 3,
        remove: 2,
        import: 0,
        dynamic: 1,
        sync: 0,
        replacement: 1,
        conditionalReplacement: 1,
        dangerous: 4,
      });
    });

    it("given a Modify with Replacement True, when summarized, then it keeps each property's target, recreation and cause", () => {
      const summary = summarizeChangeSets([dev(fixturePages("every-action"))]);

      expect(summary.stacks[0]?.resources.find((resource) => resource.logicalId === "Database")).toEqual({
        stackPath: [],
        logicalId: "Database",
        physicalId: "acme-dev-database-1q2w3e4r",
        type: "AWS::RDS::DBInstance",
        action: "Modify",
        replacement: "True",
        scope: ["Properties"],
        dangerous: true,
        danger: "replacement",
        properties: [
          {
            attribute: "Properties",
            name: "Engine",
            requiresRecreation: "Always",
            changeType: "Modify",
            evaluation: "Static",
            changeSource: "DirectModification",
          },
          {
            attribute: "Properties",
            name: "DBInstanceClass",
            requiresRecreation: "Conditionally",
            changeType: "Modify",
            evaluation: "Static",
            changeSource: "DirectModification",
          },
        ],
      });
    });

    it("given a Modify with Replacement Conditional, when summarized, then it is a dangerous conditional replacement with its causing parameter", () => {
      const summary = summarizeChangeSets([dev(fixturePages("every-action"))]);
      const bucket = summary.stacks[0]?.resources.find(
        (resource) => resource.logicalId === "ArtifactsBucket",
      );

      expect(bucket).toMatchObject({
        replacement: "Conditional",
        danger: "conditional-replacement",
        dangerous: true,
      });
      expect(bucket?.properties).toEqual([
        {
          attribute: "Properties",
          name: "BucketName",
          requiresRecreation: "Always",
          changeType: "Modify",
          evaluation: "Dynamic",
          changeSource: "ParameterReference",
          causingEntity: "ArtifactsBucketName",
        },
      ]);
    });

    it("given a Remove with PolicyAction Retain, when summarized, then it is still a dangerous removal and keeps the policy", () => {
      const summary = summarizeChangeSets([dev(fixturePages("every-action"))]);

      expect(summary.stacks[0]?.resources[0]).toMatchObject({
        logicalId: "AuditLogGroup",
        action: "Remove",
        policyAction: "Retain",
        danger: "removal",
      });
    });

    it("given nested stacks over several pages in shuffled order, when summarized, then every nested resource carries its logical path", () => {
      const summary = summarizeChangeSets([dev(fixturePages("nested-stacks"))]);

      expect(names(summary)).toEqual([
        "App/Data/SessionsTable",
        "Network/PrivateSubnetA",
        "App",
        "Network",
        "App/Data",
        "App/Service",
        "DashboardRole",
      ]);
      expect(summary.stacks[0]?.nestedStacks).toEqual([
        {
          stackPath: ["App"],
          stackName: "acme-dev-App-0PL9OK8IJ7UH6",
          changeSetId:
            "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/acme-dev-App-0PL9OK8IJ7UH6-tributary-preview-9b8a7c6/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
          status: "changes",
        },
        {
          stackPath: ["App", "Data"],
          stackName: "acme-dev-App-0PL9OK8IJ7UH6-Data-5TG4RF3ED2WS1",
          changeSetId:
            "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/acme-dev-App-0PL9OK8IJ7UH6-Data-5TG4RF3ED2WS1-tributary-preview-9b8a7c6/3d4e5f6a-7b8c-4d9e-0f1a-2b3c4d5e6f7a",
          status: "changes",
        },
        {
          stackPath: ["Network"],
          stackName: "acme-dev-Network-1RQ2T7V3J4K5L",
          changeSetId:
            "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/acme-dev-Network-1RQ2T7V3J4K5L-tributary-preview-9b8a7c6/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
          status: "changes",
        },
      ]);
      expect(
        summary.stacks[0]?.resources.find((resource) => resource.logicalId === "App")?.nestedChangeSetId,
      ).toBe(summary.stacks[0]?.nestedStacks[0]?.changeSetId);
    });

    it.each<[string, DescribeChangeSetPage[], Partial<StackChangeSets>, object]>([
      [
        "the documented no-changes failure",
        fixturePages("no-changes"),
        { stack: "acme-prod", environment: "prod" },
        { status: "no-changes", resources: [], counts: expect.objectContaining({ total: 0 }) },
      ],
      [
        'the older "No updates are to be performed." failure',
        [
          page({
            ChangeSetId: ROOT,
            Status: "FAILED",
            ExecutionStatus: "UNAVAILABLE",
            StatusReason: "No updates are to be performed.",
          }),
        ],
        {},
        { status: "no-changes", resources: [] },
      ],
      [
        "a completed change set without changes",
        [page({ ChangeSetId: ROOT, Changes: [] })],
        {},
        { status: "no-changes", resources: [] },
      ],
      [
        "a change set failed on a missing parameter",
        fixturePages("missing-parameter"),
        { stack: "acme-qa", environment: "qa" },
        { status: "error", reason: "Parameters: [DatabasePassword] must have values", resources: [] },
      ],
      [
        "a change set failed without a reason",
        [page({ ChangeSetId: ROOT, Status: "FAILED", ExecutionStatus: "UNAVAILABLE" })],
        {},
        { status: "error", reason: "CloudFormation gave no StatusReason" },
      ],
      [
        "a CREATE change set of a stack that does not exist yet",
        fixturePages("create-new-stack"),
        { stack: "acme-dev-pr-42", changeSetType: "CREATE" },
        {
          status: "changes",
          changeSetType: "CREATE",
          counts: expect.objectContaining({ total: 4, add: 4, dangerous: 0 }),
        },
      ],
      [
        "Import and SyncWithActual changes",
        [
          page({
            ChangeSetId: ROOT,
            Changes: [
              change({ Action: "Import", LogicalResourceId: "Legacy", ResourceType: "AWS::S3::Bucket" }),
              change({
                Action: "SyncWithActual",
                LogicalResourceId: "Drifted",
                ResourceType: "AWS::SQS::Queue",
              }),
            ],
          }),
        ],
        {},
        { status: "changes", counts: expect.objectContaining({ import: 1, sync: 1, dangerous: 0 }) },
      ],
    ])("given %s, when summarized, then the stack preview says so", (_, pages, extra, expected) => {
      const summary = summarizeChangeSets([dev(pages, extra)]);

      expect(summary.stacks[0]).toMatchObject(expected);
      expect(summary.status).toBe(summary.stacks[0]?.status);
    });

    it("given a nested change set that failed, when summarized, then the stack is an error and the nested stack carries CloudFormation's reason", () => {
      const reason = `Nested change set ${NESTED} was not successfully created: Currently in FAILED.`;
      const summary = summarizeChangeSets([
        dev([
          page({
            ChangeSetId: ROOT,
            Status: "FAILED",
            StatusReason: reason,
            ExecutionStatus: "UNAVAILABLE",
            Changes: [
              change({
                Action: "Modify",
                LogicalResourceId: "Network",
                ResourceType: "AWS::CloudFormation::Stack",
                ChangeSetId: NESTED,
              }),
            ],
          }),
          page({
            ChangeSetId: NESTED,
            StackName: "acme-dev-Network-1RQ2T7V3J4K5L",
            ParentChangeSetId: ROOT,
            RootChangeSetId: ROOT,
            Status: "FAILED",
            StatusReason:
              "Template format error: Unresolved resource dependencies [Vpc] in the Resources block of the template",
          }),
        ]),
      ]);

      expect(summary.status).toBe("error");
      expect(summary.stacks[0]).toMatchObject({ status: "error", reason });
      expect(summary.stacks[0]?.nestedStacks).toEqual([
        {
          stackPath: ["Network"],
          stackName: "acme-dev-Network-1RQ2T7V3J4K5L",
          changeSetId: NESTED,
          status: "error",
          reason:
            "Template format error: Unresolved resource dependencies [Vpc] in the Resources block of the template",
        },
      ]);
    });

    it("given a nested change set without changes under a changed root, when summarized, then the nested stack is no-changes and the stack has changes", () => {
      const summary = summarizeChangeSets([
        dev([
          valid(),
          page({ ChangeSetId: NESTED, ParentChangeSetId: ROOT, StackName: "acme-dev-Network-1RQ2T7V3J4K5L" }),
        ]),
      ]);

      expect(summary.stacks[0]?.status).toBe("changes");
      expect(summary.stacks[0]?.nestedStacks[0]?.status).toBe("no-changes");
    });

    it("given three stacks, when summarized, then stacks keep their order and the counts add up over all of them", () => {
      const summary = summarizeChangeSets([
        dev(fixturePages("every-action")),
        { stack: "acme-qa", environment: "qa", pages: fixturePages("missing-parameter") },
        { stack: "acme-prod", environment: "prod", pages: fixturePages("no-changes") },
      ]);

      expect(summary.format).toBe(PREVIEW_FORMAT);
      expect(summary.stacks.map((stack) => [stack.stack, stack.status])).toEqual([
        ["acme-dev", "changes"],
        ["acme-qa", "error"],
        ["acme-prod", "no-changes"],
      ]);
      expect(summary.status).toBe("error");
      expect(summary.counts.total).toBe(7);
    });

    it("given stacks that change nothing, when summarized, then the whole preview is no-changes; with one change it is changes", () => {
      expect(summarizeChangeSets([]).status).toBe("no-changes");
      expect(
        summarizeChangeSets([{ stack: "acme-prod", environment: "prod", pages: fixturePages("no-changes") }])
          .status,
      ).toBe("no-changes");
      expect(
        summarizeChangeSets([
          { stack: "acme-prod", environment: "prod", pages: fixturePages("no-changes") },
          dev(fixturePages("create-new-stack").map((entry) => ({ ...entry, StackName: "acme-dev" }))),
        ]).status,
      ).toBe("changes");
    });

    it("given 500 resources over 5 pages, when summarized, then all 500 are there, dangerous first", () => {
      const summary = summarizeChangeSets([dev(largeChangeSet(500))]);

      expect(summary.counts).toMatchObject({
        total: 500,
        remove: 50,
        replacement: 50,
        conditionalReplacement: 50,
        dangerous: 150,
      });
      expect(summary.stacks[0]?.resources.slice(0, 150).every((resource) => resource.dangerous)).toBe(true);
    });

    it("given any pages, when summarized, then the summary is plain JSON (a JSON round trip equals it) and frozen", () => {
      const summary = summarizeChangeSets([
        dev(fixturePages("nested-stacks")),
        dev(fixturePages("no-changes"), { stack: "acme-prod" }),
      ]);

      expect(JSON.parse(JSON.stringify(summary))).toStrictEqual(summary);
      expect(Object.isFrozen(summary)).toBe(true);
      expect(Object.isFrozen(summary.stacks[0]?.resources[0])).toBe(true);
    });
  });

  describe("Noncompliance: stack entries that are not { stack, environment, pages } throw PreviewError naming the field", () => {
    it.each<[string, unknown, string, RegExp]>([
      ["stacks that are not an array", { stack: "acme-dev" }, "stacks", /must be an array/],
      ["a stack entry that is not an object", ["acme-dev"], "stacks.0", /must be an object/],
      [
        "a stack without a name",
        [{ environment: "dev", pages: [valid()] }],
        "stacks.0.stack",
        /non-empty string/,
      ],
      [
        "a stack without an environment",
        [{ stack: "acme-dev", pages: [valid()] }],
        "stacks.0.environment",
        /non-empty string/,
      ],
      [
        "an unknown change set type",
        [dev([valid(), nested()], { changeSetType: "IMPORT" as never })],
        "stacks.0.changeSetType",
        /CREATE/,
      ],
      [
        "the same stack twice",
        [dev([page({ ChangeSetId: ROOT })]), dev([page({ ChangeSetId: NESTED })])],
        "stacks.1.stack",
        /also previewed at stacks.0/,
      ],
    ])("given %s, when summarized, then it throws PreviewError at %s", (_, stacks, path, problem) => {
      expectPreviewErrorAt(stacks, path, problem);
    });
  });

  describe("properties", () => {
    it("summarize is independent of page order", () => {
      fc.assert(
        fc.property(
          previewedStacks(),
          fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
          (stacks, seeds) => {
            const shuffled = stacks.map((stack, index) => {
              const pages = [...stack.pages];
              // Fisher-Yates with the generated seeds, so that any permutation can occur.
              for (let position = pages.length - 1; position > 0; position--) {
                const other = (seeds[(position + index) % seeds.length] ?? 0) % (position + 1);
                [pages[position], pages[other]] = [
                  pages[other] as DescribeChangeSetPage,
                  pages[position] as DescribeChangeSetPage,
                ];
              }
              return { ...stack, pages };
            });
            expect(summarizeChangeSets(shuffled)).toEqual(summarizeChangeSets(stacks));
          },
        ),
        { numRuns: 200 },
      );
    });

    it("given anything, summarize only returns a summary or throws PreviewError", () => {
      const anyPage = fc.oneof(
        fc.anything(),
        fc.record(
          {
            ChangeSetId: fc.oneof(fc.constant(ROOT), fc.constant(NESTED), fc.anything()),
            Status: fc.oneof(fc.constantFrom("CREATE_COMPLETE", "FAILED", "CREATE_PENDING"), fc.anything()),
            StatusReason: fc.oneof(fc.constant(NO_CHANGES), fc.anything()),
            ParentChangeSetId: fc.oneof(fc.constant(ROOT), fc.anything()),
            NextToken: fc.oneof(fc.constant("AAEAAQ"), fc.constant(null), fc.anything()),
            Changes: fc.oneof(
              fc.array(
                fc.record(
                  {
                    Type: fc.oneof(fc.constant("Resource"), fc.anything()),
                    ResourceChange: fc.record(
                      {
                        Action: fc.oneof(fc.constantFrom("Add", "Modify", "Remove"), fc.anything()),
                        LogicalResourceId: fc.oneof(fc.constantFrom("A", "B"), fc.anything()),
                        ResourceType: fc.oneof(fc.constant("AWS::SQS::Queue"), fc.anything()),
                        Replacement: fc.anything(),
                        Scope: fc.anything(),
                        Details: fc.oneof(
                          fc.array(fc.record({ Target: fc.anything(), ChangeSource: fc.anything() })),
                          fc.anything(),
                        ),
                        ChangeSetId: fc.oneof(fc.constant(NESTED), fc.anything()),
                      },
                      { requiredKeys: [] },
                    ),
                  },
                  { requiredKeys: [] },
                ),
              ),
              fc.anything(),
            ),
          },
          { requiredKeys: [] },
        ),
      );
      fc.assert(
        fc.property(
          fc.oneof(
            fc.anything(),
            fc.array(
              fc.record(
                {
                  stack: fc.oneof(fc.constant("acme-dev"), fc.anything()),
                  environment: fc.oneof(fc.constant("dev"), fc.anything()),
                  changeSetType: fc.anything(),
                  pages: fc.oneof(fc.array(anyPage, { maxLength: 4 }), fc.anything()),
                },
                { requiredKeys: ["stack", "environment", "pages"] },
              ),
              { maxLength: 2 },
            ),
          ),
          (stacks) => {
            try {
              const summary = summarizeChangeSets(stacks as StackChangeSets[]);
              expect(summary.format).toBe(PREVIEW_FORMAT);
            } catch (error) {
              expect(error).toBeInstanceOf(PreviewError);
            }
          },
        ),
        { numRuns: 500 },
      );
    });

    it("every resource change of every page appears exactly once in the summary, with its danger", () => {
      fc.assert(
        fc.property(previewedStacks(), (stacks) => {
          const summary = summarizeChangeSets(stacks);
          const given = stacks.flatMap((stack) =>
            stack.pages.flatMap((entry) =>
              (entry.Changes ?? []).map((item) => `${stack.stack}:${item.ResourceChange?.LogicalResourceId}`),
            ),
          );
          const summarized = summary.stacks.flatMap((stack) =>
            stack.resources.map((resource) => `${stack.stack}:${resource.logicalId}`),
          );
          expect([...summarized].sort()).toEqual([...given].sort());
          for (const resource of summary.stacks.flatMap((stack) => stack.resources)) {
            const dangerous =
              resource.action === "Remove" ||
              (resource.action !== "Add" &&
                (resource.replacement === "True" || resource.replacement === "Conditional"));
            expect(resource.dangerous).toBe(dangerous);
          }
        }),
        { numRuns: 200 },
      );
    });
  });
});
