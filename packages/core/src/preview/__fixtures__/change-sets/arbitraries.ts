/** fast-check arbitraries of previewed stacks: random change-set hierarchies (nested stacks), split into pages. */

import fc from "fast-check";
import type {
  ChangeSetAction,
  ChangeSetReplacement,
  DescribeChangeSetPage,
  StackChangeSets,
} from "../../change-set-pages.js";
import { change, changeSetArn, detail, page, stackArn } from "./build.js";

interface ResourceSpec {
  readonly action: ChangeSetAction;
  readonly replacement?: ChangeSetReplacement;
  readonly properties: number;
}

const resourceSpec: fc.Arbitrary<ResourceSpec> = fc.oneof(
  fc.record({ action: fc.constant<ChangeSetAction>("Add"), properties: fc.constant(0) }),
  fc.record({ action: fc.constant<ChangeSetAction>("Remove"), properties: fc.constant(0) }),
  fc.record({
    action: fc.constantFrom<ChangeSetAction>("Modify", "Dynamic"),
    replacement: fc.constantFrom<ChangeSetReplacement>("True", "False", "Conditional"),
    properties: fc.integer({ min: 0, max: 8 }),
  }),
  fc.record({
    action: fc.constantFrom<ChangeSetAction>("Import", "SyncWithActual"),
    properties: fc.constant(0),
  }),
);

/** A change set of the hierarchy: its parent (an earlier index; the root has none) and its own resources. */
interface ChangeSetSpec {
  readonly parent: number;
  readonly resources: readonly ResourceSpec[];
  readonly pageSize: number;
}

const hierarchy = (maxResources: number) =>
  fc
    .array(
      fc.record({
        parent: fc.nat(),
        resources: fc.array(resourceSpec, { maxLength: maxResources }),
        pageSize: fc.integer({ min: 1, max: 6 }),
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map((specs): ChangeSetSpec[] =>
      specs.map((spec, index) => ({ ...spec, parent: index === 0 ? -1 : spec.parent % index })),
    );

/** The pages of one stack's change-set hierarchy, in hierarchy order (callers shuffle them). */
export function hierarchyPages(
  stack: string,
  specs: readonly ChangeSetSpec[],
  seed: number,
): DescribeChangeSetPage[] {
  const ids = specs.map((_, index) =>
    changeSetArn(index === 0 ? "tributary-preview" : `${stack}-Nested${index}`, seed * 16 + index),
  );
  const rootId = ids[0] ?? "";
  return specs.flatMap((spec, index) => {
    const id = ids[index] ?? "";
    const stackName = index === 0 ? stack : `${stack}-Nested${index}-1A2B3C4D5E6F`;
    const changes = spec.resources.map((resource, position) =>
      change({
        Action: resource.action,
        LogicalResourceId: `Res${index}x${position}`,
        ResourceType: "AWS::SQS::Queue",
        ...(resource.replacement ? { Replacement: resource.replacement } : {}),
        Scope: resource.properties > 0 ? ["Properties"] : [],
        Details: Array.from({ length: resource.properties }, (_, property) =>
          detail(
            `Property${property}`,
            property % 3 === 0 ? "Always" : "Never",
            "ParameterReference",
            `Param${property}`,
          ),
        ),
      }),
    );
    specs.forEach((child, childIndex) => {
      if (child.parent !== index) return;
      changes.push(
        change({
          Action: "Modify",
          LogicalResourceId: `Nested${childIndex}`,
          PhysicalResourceId: stackArn(`${stack}-Nested${childIndex}-1A2B3C4D5E6F`),
          ResourceType: "AWS::CloudFormation::Stack",
          Replacement: "False",
          Scope: ["Properties"],
          Details: [
            {
              Target: { Attribute: "Properties", RequiresRecreation: "Never" },
              Evaluation: "Static",
              ChangeSource: "Automatic",
            },
          ],
          ChangeSetId: ids[childIndex] ?? "",
        }),
      );
    });
    const pages: DescribeChangeSetPage[] = [];
    for (let start = 0; start < changes.length || pages.length === 0; start += spec.pageSize) {
      const last = start + spec.pageSize >= changes.length;
      pages.push(
        page({
          ChangeSetId: id,
          StackName: stackName,
          Changes: changes.slice(start, start + spec.pageSize),
          ...(index === 0 ? {} : { ParentChangeSetId: ids[spec.parent] ?? "", RootChangeSetId: rootId }),
          ...(last ? {} : { NextToken: `token-${index}-${start + spec.pageSize}` }),
        }),
      );
    }
    return pages;
  });
}

/** One to three previewed stacks, each a random hierarchy of up to `maxResources` resources per change set. */
export const previewedStacks = (maxResources = 12): fc.Arbitrary<StackChangeSets[]> =>
  fc.array(hierarchy(maxResources), { minLength: 1, maxLength: 3 }).map((stacks) =>
    stacks.map((specs, index) => ({
      stack: `acme-env${index}`,
      environment: `env${index}`,
      pages: hierarchyPages(`acme-env${index}`, specs, index),
    })),
  );
