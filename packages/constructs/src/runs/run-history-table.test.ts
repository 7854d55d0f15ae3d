import { runTableDefinition } from "@tributary/core";
import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { built, runHistory, template } from "../__fixtures__/run-history-stack.js";
import { CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { RunHistoryTable } from "./run-history-table.js";

describe("RunHistoryTable", () => {
  it("given the config, when built, then the table is on demand, KMS-encrypted with its own key, recoverable and expiring", () => {
    const definition = runTableDefinition("acme-tributary-runs");
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: definition.TableName,
      BillingMode: definition.BillingMode,
      KeySchema: definition.KeySchema,
      AttributeDefinitions: Match.arrayWith([...definition.AttributeDefinitions]),
      GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes,
      SSESpecification: {
        SSEEnabled: true,
        SSEType: "KMS",
        KMSMasterKeyId: built.stack.resolve(runHistory.table.encryptionKey.keyArn),
      },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
    template.hasResourceProperties("AWS::KMS::Key", {
      Description: "Encrypts the Tributary run history of acme",
      EnableKeyRotation: true,
    });
  });

  it("given no removal policy, when built, then the table is retained on delete", () => {
    const stack = new Stack(new App(), "Retained", { env: ENV });
    new RunHistoryTable(stack, "RunHistory", { config: CONFIG });
    Template.fromStack(stack).hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain" });
  });

  it("given runHistory.ttlDays in the config, when the table's environment is read, then it carries the TTL", () => {
    const stack = new Stack(new App(), "Ttl", { env: ENV });
    const table = new RunHistoryTable(stack, "RunHistory", {
      config: { ...CONFIG, runHistory: { ttlDays: 30 } },
    });
    expect(stack.resolve(table.environment())).toEqual({
      TRIBUTARY_RUN_HISTORY_TABLE: stack.resolve(table.table.tableName),
      TRIBUTARY_RUN_HISTORY_TTL_DAYS: "30",
    });
  });
});
