/**
 * The notifier's part of the run history: the rules that send it every run and every closed branch or pull request,
 * and the grants to record them. `PipelineNotifier.recordRuns` calls it; it lives beside the table it writes.
 */

import {
  DEFAULT_PREFIXES,
  environmentPipelineName,
  environmentPipelinePatterns,
  ownershipRule,
  PIPELINE_EXECUTION_STATE_CHANGE,
  PULL_REQUEST_STATE_CHANGE,
  pipelineNamePrefix,
  REPOSITORY_STATE_CHANGE,
  RUN_EVENT_KIND,
  resourceTagConditions,
  SOURCE_CLOSED_EVENT,
  SOURCE_CLOSED_KIND,
  SOURCE_CLOSED_PATHS,
  taskcatResultsKey,
} from "@tributary/core";
import { ArnFormat, Stack } from "aws-cdk-lib";
import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { readProjectObjects } from "../buckets/project-objects.js";
import { acknowledgeTributaryFindings } from "../nag/nag-acknowledgements.js";
import type { NotifierConfig, PipelineNotifier } from "../notifications/pipeline-notifier.js";
import type { RunHistoryTable } from "./run-history-table.js";

/**
 * What `PipelineNotifier.recordRuns` needs.
 *
 * @example
 * const props: RecordRunsProps = { table: runs, repository: source.repository, reportsBucket: buckets.reportsBucket };
 * notifier.recordRuns(props);
 */
export interface RecordRunsProps {
  /** The run-history table the notifier writes. */
  readonly table: RunHistoryTable;
  /**
   * The CodeCommit repository whose deleted branches and closed pull requests leave the overview (its EventBridge
   * events are the notifier's input).
   *
   * @default - a GitHub source: the rules match the cloner's `SOURCE_CLOSED_EVENT` of this project instead, which it
   * puts on the default bus when it handles a GitHub branch deletion or a closed pull request
   */
  readonly repository?: codecommit.IRepository;
  /**
   * The reports bucket: each finished run's TaskCat results (`taskcat-results.json`) and preview (`preview.json`) are
   * read from it.
   *
   * @default - runs are recorded without TaskCat's results and the preview's headline
   */
  readonly reportsBucket?: s3.IBucket;
  /**
   * The config's hotfix prefix (`branches.prefixes.hotfix`): a deployment whose commit merges such a branch is a
   * hotfix, which marks the deployment before it failed (DORA's change fail rate).
   *
   * @default "hotfix/" (core's `DEFAULT_PREFIXES.hotfix`)
   */
  readonly hotfixPrefix?: string;
}

/**
 * The rules `PipelineNotifier.recordRuns` creates.
 *
 * @example
 * const { runs, branchDeleted, pullRequestClosed }: RunHistoryRules = notifier.recordRuns(props);
 */
export interface RunHistoryRules {
  /** Per environment: every execution state change of its pipeline and clones. */
  readonly runs: Readonly<Record<string, events.Rule>>;
  /** Branches deleted in the repository: CodeCommit's events, or with a GitHub source the cloner's. */
  readonly branchDeleted: events.Rule | undefined;
  /** Pull requests closed, merged or not: CodeCommit's events, or with a GitHub source the cloner's. */
  readonly pullRequestClosed: events.Rule | undefined;
}

/**
 * Builds `PipelineNotifier.recordRuns`: sets the notifier's table environment, grants it what recording needs (the
 * previews of the reports bucket are the caller's, granted once per bucket) and creates the rules, in the notifier's
 * scope. Not exported from the package: call `notifier.recordRuns(props)`.
 *
 * @example
 * const rules = recordRunHistory(notifier, config, { table: runs, repository: source.repository });
 */
export function recordRunHistory(
  notifier: PipelineNotifier,
  config: NotifierConfig,
  props: RecordRunsProps,
): RunHistoryRules {
  const stack = Stack.of(notifier);
  for (const [name, value] of Object.entries(props.table.environment())) {
    notifier.function.addEnvironment(name, value);
  }
  props.table.grantRecordRuns(notifier);
  notifier.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "ReadProjectRuns",
      // A run's start (ListPipelineExecutions) and, when it ends, its actions: stages, outputs, the failed action.
      actions: ["codepipeline:ListPipelineExecutions", "codepipeline:ListActionExecutions"],
      conditions: { StringEquals: resourceTagConditions(ownershipRule(config).projectTags) },
      resources: [
        stack.formatArn({
          service: "codepipeline",
          resource: `${pipelineNamePrefix(config)}*`,
          arnFormat: ArnFormat.NO_RESOURCE_NAME,
        }),
      ],
    }),
  );
  if (props.reportsBucket) {
    // Only taskcat-results.json, of this project's pipelines and clones: never the reports themselves.
    notifier.grantPrincipal.addToPrincipalPolicy(
      readProjectObjects(config, props.reportsBucket, "ReadTaskCatResults", (pipeline) =>
        taskcatResultsKey(pipeline, "*"),
      ),
    );
  }
  const constants = {
    project: config.project,
    ...(props.reportsBucket ? { reportsBucket: props.reportsBucket.bucketName } : {}),
    hotfixPrefix: props.hotfixPrefix ?? DEFAULT_PREFIXES.hotfix,
  };
  const runs: Record<string, events.Rule> = {};
  for (const environment of config.environments) {
    const idPrefix = environment.name.charAt(0).toUpperCase() + environment.name.slice(1);
    runs[environment.name] = new events.Rule(notifier, `${idPrefix}RunHistoryRule`, {
      description: `Every run of ${environmentPipelineName(config.project, environment.name)} and its clones, for the Tributary run history`,
      eventPattern: {
        source: ["aws.codepipeline"],
        detailType: [PIPELINE_EXECUTION_STATE_CHANGE],
        detail: {
          pipeline: environmentPipelinePatterns(config, environment.name)
            .map((pattern) => (pattern.endsWith("*") ? { prefix: pattern.slice(0, -1) } : pattern))
            .reverse(),
        },
      },
      targets: [
        notifier.target(
          events.RuleTargetInput.fromObject({
            kind: RUN_EVENT_KIND,
            eventId: events.EventField.fromPath("$.id"),
            pipeline: events.EventField.fromPath("$.detail.pipeline"),
            executionId: events.EventField.fromPath("$.detail.execution-id"),
            state: events.EventField.fromPath("$.detail.state"),
            attempt: events.EventField.fromPath("$.detail.pipeline-execution-attempt"),
            time: events.EventField.fromPath("$.time"),
            region: events.EventField.fromPath("$.region"),
            account: events.EventField.fromPath("$.account"),
            environment: environment.name,
            ...constants,
          }),
        ),
      ],
    });
  }
  const closed = (fields: Record<string, unknown>) =>
    notifier.target(
      events.RuleTargetInput.fromObject({
        kind: SOURCE_CLOSED_KIND,
        eventId: events.EventField.fromPath("$.id"),
        time: events.EventField.fromPath("$.time"),
        project: config.project,
        ...fields,
      }),
    );
  const { repository } = props;
  if (repository === undefined) {
    // A GitHub source: GitHub's deliveries reach only the cloner, which puts SOURCE_CLOSED_EVENT for each closed branch
    // or pull request; the same request comes out as from CodeCommit's events.
    const cloners = (id: string, closedField: "branch" | "pullRequestId", what: string) =>
      new events.Rule(notifier, id, {
        description: `${what} of ${config.repository}, as the cloner announces them: their runs leave the Tributary overview`,
        eventPattern: {
          source: [SOURCE_CLOSED_EVENT.source],
          detailType: [SOURCE_CLOSED_EVENT.detailType],
          detail: { project: [config.project], [closedField]: [{ exists: true }] },
        },
        targets: [closed({ [closedField]: events.EventField.fromPath(SOURCE_CLOSED_PATHS[closedField]) })],
      });
    acknowledgeTributaryFindings(notifier, config);
    return {
      runs,
      branchDeleted: cloners("SourceClosedBranchRule", "branch", "Branches deleted"),
      pullRequestClosed: cloners(
        "SourceClosedPullRequestRule",
        "pullRequestId",
        "Pull requests closed or merged",
      ),
    };
  }
  const branchDeleted = new events.Rule(notifier, "BranchDeletedRule", {
    description: `Branches deleted in ${config.repository}: their runs leave the Tributary overview`,
    eventPattern: {
      source: ["aws.codecommit"],
      detailType: [REPOSITORY_STATE_CHANGE],
      resources: [repository.repositoryArn],
      detail: { event: ["referenceDeleted"], referenceType: ["branch"] },
    },
    targets: [closed({ branch: events.EventField.fromPath("$.detail.referenceName") })],
  });
  const pullRequestClosed = new events.Rule(notifier, "PullRequestClosedRule", {
    description: `Pull requests closed or merged in ${config.repository}: their runs leave the Tributary overview`,
    eventPattern: {
      source: ["aws.codecommit"],
      detailType: [PULL_REQUEST_STATE_CHANGE],
      resources: [repository.repositoryArn],
      detail: {
        event: ["pullRequestStatusChanged", "pullRequestMergeStatusUpdated"],
        pullRequestStatus: ["Closed"],
      },
    },
    targets: [closed({ pullRequestId: events.EventField.fromPath("$.detail.pullRequestId") })],
  });
  // The grants above came after the constructor's pass: acknowledge their accepted wildcards too.
  acknowledgeTributaryFindings(notifier, config);
  return { runs, branchDeleted, pullRequestClosed };
}
