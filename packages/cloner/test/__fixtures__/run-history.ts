/**
 * A run-history world for tests: the table in a real moto_server (DynamoDB and the reports bucket in S3), CodePipeline
 * on the fake server (executions, their actions and ListPipelineExecutions), and the notifier's dependencies pointed at
 * both. The table is created with core's attribute names, as the RunHistoryTable construct declares it.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CodeCommitClient } from "@aws-sdk/client-codecommit";
import { CodePipelineClient, type PipelineDeclaration } from "@aws-sdk/client-codepipeline";
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  GetItemCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import {
  previewKey,
  RUN_TABLE_ATTRIBUTES,
  type RunEventRequest,
  runTableDefinition,
  TASKCAT_RESULTS_FORMAT,
  taskcatResultsKey,
} from "@tributary/core";
import {
  type ActionOutcomeInput,
  environmentPipeline,
  type FakeAws,
  type FixtureEnvironment,
  type MotoServer,
  motoClientOptions,
  startFakeAws,
  startMotoServer,
} from "@tributary/fake-aws";
import { METRICS_NAMESPACE, NOTIFIER_SERVICE_NAME } from "../../src/aws/constants";
import { createNotifier } from "../../src/functions/notifier/create-notifier";
import type { RunWidgetSettings } from "../../src/functions/run-widget/create-run-widget";
import type { RunHistoryStore } from "../../src/run-history/run-history-store";
import { REPORTS_BUCKET } from "./reports-bucket";

export const TABLE = "acme-tributary-runs";
const REGION = "eu-west-1";

/** Creates the run-history table as core defines it (and the construct declares it), with its TTL on `expiresAt`. */
export async function createRunHistoryTable(dynamo: DynamoDBClient, tableName = TABLE): Promise<void> {
  await dynamo.send(new CreateTableCommand(runTableDefinition(tableName) as CreateTableCommandInput));
  await dynamo.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: RUN_TABLE_ATTRIBUTES.ttl, Enabled: true },
    }),
  );
}

/** The world: moto, the fake, the clients, the store. */
export interface RunHistoryWorld {
  readonly moto: MotoServer;
  readonly aws: FakeAws;
  readonly dynamo: DynamoDBClient;
  readonly s3: S3Client;
  readonly codePipeline: CodePipelineClient;
  readonly store: RunHistoryStore;
  /** The notifier's telemetry (logs silent; metrics written as EMF with console.log, which tests record). */
  readonly telemetry: { readonly logger: Logger; readonly metrics: Metrics };
  close(): Promise<void>;
}

/** Starts moto and the fake, creates the table and the reports bucket; S3 reads of the notifier go to moto. */
export async function startRunHistoryWorld(): Promise<RunHistoryWorld> {
  const moto = await startMotoServer({ region: REGION });
  const aws = await startFakeAws({ repositoryName: "infra" });
  const options = motoClientOptions(moto.url, REGION);
  process.env.AWS_ENDPOINT_URL_S3 = moto.url;
  process.env.AWS_ACCESS_KEY_ID = options.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = options.credentials.secretAccessKey;
  process.env.AWS_REGION = REGION;
  const dynamo = new DynamoDBClient(options);
  const s3 = new S3Client({ ...options, forcePathStyle: true });
  await createRunHistoryTable(dynamo);
  await s3.send(
    new CreateBucketCommand({
      Bucket: REPORTS_BUCKET,
      CreateBucketConfiguration: { LocationConstraint: REGION },
    }),
  );
  return {
    moto,
    aws,
    dynamo,
    s3,
    codePipeline: new CodePipelineClient({ ...options, endpoint: aws.url }),
    store: { dynamo, tableName: TABLE, ttlDays: 400 },
    telemetry: {
      logger: new Logger({ serviceName: NOTIFIER_SERVICE_NAME, logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: NOTIFIER_SERVICE_NAME }),
    },
    async close() {
      delete process.env.AWS_ENDPOINT_URL_S3;
      await aws.close();
      await moto.close();
    },
  };
}

/**
 * The notifier of the world: CodePipeline on the fake, S3 on moto, the store (no table when `runHistory` is `null`);
 * SNS and CodeCommit are never called by the run history.
 */
export function worldNotifier(world: RunHistoryWorld, runHistory: RunHistoryStore | null = world.store) {
  return createNotifier({
    clients: {
      codePipeline: world.codePipeline,
      sns: new SNSClient({ region: REGION }),
      codeCommit: new CodeCommitClient({ region: REGION }),
      s3: world.s3,
    },
    ...world.telemetry,
    ...(runHistory === null ? {} : { runHistory }),
  });
}

/** `seconds` after a run's start in the fake, as an event time. */
export function secondsAfter(world: RunHistoryWorld, executionId: string, seconds: number): string {
  const run = world.aws.codePipeline.executions.find(
    (candidate) => candidate.pipelineExecutionId === executionId,
  );
  return new Date(((run?.startTime ?? 0) + seconds) * 1000).toISOString();
}

/** The overview page's settings for project `acme` (the three default environments). */
export const WIDGET_SETTINGS: RunWidgetSettings = {
  project: "acme",
  environments: ["dev", "qa", "prod"],
  region: REGION,
  reportLinkSeconds: 900,
};

/**
 * Creates a pipeline of `environment` named `name` (a clone when it is not `acme-<environment>`) whose variables say
 * `branch` and `ephemeral`, in the fake; returns the id of the run its creation started.
 */
export function createPipeline(
  world: RunHistoryWorld,
  environment: FixtureEnvironment,
  name: string,
  branch: string,
  ephemeral: boolean,
): string {
  const declaration: PipelineDeclaration = environmentPipeline(environment);
  declaration.name = name;
  declaration.variables = declaration.variables?.map((variable) => ({
    ...variable,
    defaultValue:
      variable.name === "Branch"
        ? branch
        : variable.name === "Ephemeral"
          ? String(ephemeral)
          : variable.name === "PipelineName" || (variable.name === "StackName" && ephemeral)
            ? name
            : variable.defaultValue,
  }));
  world.aws.codePipeline.handle("CreatePipeline", { pipeline: declaration } as never);
  const run = world.aws.codePipeline.executions.findLast((execution) => execution.pipelineName === name);
  if (run === undefined) throw new Error(`the fake started no run of ${name}`);
  return run.pipelineExecutionId;
}

/** Starts another run of a pipeline in the fake (at `commitId` when given); returns its id. */
export function startRun(world: RunHistoryWorld, name: string, commitId?: string): string {
  const { pipelineExecutionId } = world.aws.codePipeline.handle("StartPipelineExecution", {
    name,
    ...(commitId === undefined
      ? {}
      : { sourceRevisions: [{ actionName: "Source", revisionType: "COMMIT_ID", revisionValue: commitId }] }),
  } as never) as { pipelineExecutionId: string };
  return pipelineExecutionId;
}

/** The actions of a run that passed Test (lint 2 findings), Preview and Deploy (`deploy` decides Deploy's result). */
export function runActions(deploy: "Succeeded" | "Failed" = "Succeeded"): ActionOutcomeInput[] {
  return [
    { stageName: "Source", actionName: "Source", status: "Succeeded" },
    { stageName: "Test", actionName: "Test", status: "Succeeded", outputVariables: { LINT_FINDINGS: "2" } },
    {
      stageName: "Preview",
      actionName: "Preview",
      status: "Succeeded",
      outputVariables: { PREVIEW_STATUS: "no-changes" },
    },
    {
      stageName: "Deploy",
      actionName: "ExecuteChangeSet",
      status: deploy,
      ...(deploy === "Failed" ? { errorMessage: "Stack acme-prod is in UPDATE_ROLLBACK_COMPLETE" } : {}),
    },
  ];
}

/** Uploads what the Test stage leaves beside the report: TaskCat's results (regions named in `failed` red). */
export async function uploadTaskcatResults(
  world: RunHistoryWorld,
  pipeline: string,
  executionId: string,
  regions: readonly string[],
  failed: readonly string[] = [],
): Promise<void> {
  const results = regions.map((region) => ({
    test: "website-dev",
    region,
    stack: `tCaT-acme-website-dev-${region}`,
    status: failed.includes(region) ? "ROLLBACK_COMPLETE" : "CREATE_COMPLETE",
    passed: !failed.includes(region),
  }));
  await world.s3.send(
    new PutObjectCommand({
      Bucket: REPORTS_BUCKET,
      Key: taskcatResultsKey(pipeline, executionId),
      Body: JSON.stringify({ format: TASKCAT_RESULTS_FORMAT, results }),
    }),
  );
}

/** Uploads a preview that is not one (so the headline comes from PREVIEW_STATUS): proves the object is read. */
export async function uploadPreview(
  world: RunHistoryWorld,
  pipeline: string,
  executionId: string,
  body: string,
) {
  await world.s3.send(
    new PutObjectCommand({ Bucket: REPORTS_BUCKET, Key: previewKey(pipeline, executionId), Body: body }),
  );
}

/** The rule's input for one state change of a run. */
export function runEventInput(
  pipeline: string,
  executionId: string,
  environment: string,
  state: RunEventRequest["state"],
  time: string,
): Record<string, unknown> {
  return {
    kind: "runEvent",
    eventId: `ev-${state}-${executionId.slice(0, 8)}`,
    pipeline,
    executionId,
    state,
    attempt: 1,
    time,
    region: REGION,
    account: "123456789012",
    project: "acme",
    environment,
    reportsBucket: REPORTS_BUCKET,
    hotfixPrefix: "hotfix/",
  };
}

/** An item of the table, as DynamoDB holds it (strongly consistent). */
export async function itemAt(world: RunHistoryWorld, pk: string, sk: string) {
  const { Item } = await world.dynamo.send(
    new GetItemCommand({ TableName: TABLE, Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }),
  );
  return Item;
}
