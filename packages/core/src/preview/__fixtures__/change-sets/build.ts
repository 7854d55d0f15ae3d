/**
 * Builders of `DescribeChangeSet` pages in the CloudFormation API's JSON shape (the same fields and values as the JSON
 * files beside this one), for the cases a file would only repeat: 500 resources, one field changed, random hierarchies.
 */

import { readFileSync } from "node:fs";
import type {
  ChangeSetChange,
  DescribeChangeSetPage,
  ResourceChange,
  ResourceChangeDetail,
} from "../../change-set-pages.js";

const ARN = "arn:aws:cloudformation:eu-west-1:123456789012";

/** The pages of a JSON fixture of this folder (`every-action`, `nested-stacks`, `no-changes`, …). */
export function fixturePages(name: string): DescribeChangeSetPage[] {
  return JSON.parse(
    readFileSync(new URL(`./${name}.json`, import.meta.url), "utf8"),
  ) as DescribeChangeSetPage[];
}

/** A change set ARN as CloudFormation writes it (`…:changeSet/<name>/<uuid>`), with a UUID derived from `seed`. */
export function changeSetArn(name: string, seed = 0): string {
  const hex = (seed >>> 0).toString(16).padStart(12, "0");
  return `${ARN}:changeSet/${name}/0a1b2c3d-4e5f-4a6b-8c7d-${hex}`;
}

/** A stack ARN (`…:stack/<name>/<uuid>`). */
export function stackArn(name: string): string {
  return `${ARN}:stack/${name}/5d2c9a40-8a1e-11ef-9b3a-0a1b2c3d4e5f`;
}

/** A page of a change set that CloudFormation created (`CREATE_COMPLETE`, `AVAILABLE`), `fields` over the defaults. */
export function page(
  fields: Partial<DescribeChangeSetPage> & { readonly ChangeSetId: string },
): DescribeChangeSetPage {
  const stackName = fields.StackName ?? "acme-dev";
  return {
    Changes: [],
    ChangeSetName: "tributary-preview-4c8f2e1",
    StackId: stackArn(stackName),
    StackName: stackName,
    CreationTime: "2026-11-27T15:01:12.345Z",
    ExecutionStatus: "AVAILABLE",
    Status: "CREATE_COMPLETE",
    NotificationARNs: [],
    RollbackConfiguration: {},
    Capabilities: ["CAPABILITY_IAM"],
    IncludeNestedStacks: fields.ParentChangeSetId !== undefined,
    ...fields,
  };
}

/** One `ChangeSetChange` entry. */
export function change(resource: ResourceChange): ChangeSetChange {
  return { Type: "Resource", ResourceChange: resource };
}

/** A `ResourceChangeDetail` of a property. */
export function detail(
  name: string,
  requiresRecreation: "Never" | "Conditionally" | "Always",
  changeSource = "DirectModification",
  causingEntity?: string,
  evaluation: "Static" | "Dynamic" = "Static",
): ResourceChangeDetail {
  return {
    Target: {
      Attribute: "Properties",
      Name: name,
      RequiresRecreation: requiresRecreation,
      AttributeChangeType: "Modify",
    },
    Evaluation: evaluation,
    ChangeSource: changeSource,
    ...(causingEntity ? { CausingEntity: causingEntity } : {}),
  };
}

const TYPES = [
  "AWS::S3::Bucket",
  "AWS::Lambda::Function",
  "AWS::SQS::Queue",
  "AWS::IAM::Role",
  "AWS::EC2::Subnet",
];

/**
 * The `index`-th resource change of a large change set: every 10th a removal, every 10th (offset 1) a replacement,
 * every 10th (offset 2) a conditional replacement, the rest modifications with two properties and additions.
 */
export function generatedChange(index: number): ChangeSetChange {
  const logicalId = `Resource${String(index).padStart(4, "0")}`;
  const type = TYPES[index % TYPES.length] ?? "AWS::S3::Bucket";
  const kind = index % 10;
  if (kind === 0) {
    return change({
      PolicyAction: "Delete",
      Action: "Remove",
      LogicalResourceId: logicalId,
      PhysicalResourceId: `acme-dev-${logicalId.toLowerCase()}-1a2b3c4d`,
      ResourceType: type,
      Scope: [],
      Details: [],
    });
  }
  if (kind === 1 || kind === 2) {
    return change({
      Action: "Modify",
      LogicalResourceId: logicalId,
      PhysicalResourceId: `acme-dev-${logicalId.toLowerCase()}-1a2b3c4d`,
      ResourceType: type,
      Replacement: kind === 1 ? "True" : "Conditional",
      Scope: ["Properties"],
      Details:
        kind === 1
          ? [detail("Name", "Always")]
          : [detail("Name", "Always", "ParameterReference", "ResourceNamePrefix", "Dynamic")],
    });
  }
  if (kind < 7) {
    return change({
      Action: "Modify",
      LogicalResourceId: logicalId,
      PhysicalResourceId: `acme-dev-${logicalId.toLowerCase()}-1a2b3c4d`,
      ResourceType: type,
      Replacement: "False",
      Scope: ["Properties", "Tags"],
      Details: [
        detail("Description", "Never"),
        detail("Timeout", "Never", "ParameterReference", "TimeoutSeconds"),
      ],
    });
  }
  return change({ Action: "Add", LogicalResourceId: logicalId, ResourceType: type, Scope: [], Details: [] });
}

/** The pages of one root change set with `count` generated resources, `perPage` per page (linked by `NextToken`). */
export function largeChangeSet(
  count: number,
  perPage = 100,
  stackName = "acme-dev",
): DescribeChangeSetPage[] {
  const id = changeSetArn("tributary-preview-4c8f2e1", count);
  const pages: DescribeChangeSetPage[] = [];
  for (let start = 0; start < count || pages.length === 0; start += perPage) {
    const changes = Array.from({ length: Math.min(perPage, count - start) }, (_, offset) =>
      generatedChange(start + offset),
    );
    const last = start + perPage >= count;
    pages.push(
      page({
        ChangeSetId: id,
        StackName: stackName,
        Changes: changes,
        ...(last ? {} : { NextToken: `AAEAA${Buffer.from(`page-${start + perPage}`).toString("base64")}` }),
      }),
    );
  }
  return pages;
}
