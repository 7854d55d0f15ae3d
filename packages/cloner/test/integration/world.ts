/**
 * One test world: the fake AWS account (environment pipelines deployed, the teardown project, a repository with
 * main and develop), the bundled cloner running against it, and a `git` helper that changes the repository and
 * returns the EventBridge event CodeCommit would send.
 */
import {
  clonerEnvironment,
  defineConfig,
  environmentRoutes,
  MANAGED_TAGS,
  resolveBranch,
  resolvePullRequest,
  type TributaryConfig,
  type TributaryConfigInput,
  teardownProjectName,
} from "@tributary/core";
import {
  environmentPipeline,
  type FakeAws,
  type FakeAwsOptions,
  FIXTURE_PROJECT,
  type FixtureEnvironment,
  revisionOf,
  type StoredPullRequest,
  startFakeAws,
} from "@tributary/fake-aws";
import { branchEvent, commit, pullRequestEvent } from "../__fixtures__/events";
import { type ClonerProcess, startCloner } from "./cloner-process";

/** The default project of the integration tests. */
export const CONFIG_INPUT: TributaryConfigInput = {
  project: "acme",
  repository: "infra",
  routes: { pullRequests: { environmentByDestination: { main: "prod" } } },
};

/** A running world. */
export interface World {
  readonly config: TributaryConfig;
  readonly aws: FakeAws;
  readonly cloner: ClonerProcess;
  readonly git: Git;
  /** Clone names the repository's live branches and open PRs call for, by core's routing. */
  expectedClones(): string[];
  /** Pipelines that carry `tributary:managed=true`. */
  actualClones(): string[];
  /** The environment pipelines' declarations and tags, to compare before and after. */
  environmentSnapshot(): unknown;
  close(): Promise<void>;
}

/** Changes the fake repository and returns the event CodeCommit would emit. */
export interface Git {
  create(branch: string, label: string): unknown;
  push(branch: string, label: string): unknown;
  delete(branch: string): unknown;
  openPullRequest(
    sourceBranch: string,
    destinationBranch: string,
  ): { pullRequest: StoredPullRequest; event: unknown };
  pushToPullRequest(pullRequest: StoredPullRequest, label: string): unknown;
  merge(pullRequest: StoredPullRequest): unknown;
  close(pullRequest: StoredPullRequest): unknown;
  reopen(pullRequest: StoredPullRequest): unknown;
  /** A tag pushed (the repository's branches do not change). */
  tag(name: string, label: string): unknown;
}

function createGit(aws: FakeAws, repository: string): Git {
  const { codeCommit } = aws;
  const fields = (pullRequest: StoredPullRequest) => ({
    repository,
    pullRequestId: pullRequest.pullRequestId,
    sourceBranch: pullRequest.sourceBranch,
    destinationBranch: pullRequest.destinationBranch,
    sourceCommit: pullRequest.sourceCommit,
    destinationCommit: pullRequest.destinationCommit,
    // The revision CodeCommit gives the pull request now (it moves with either branch).
    revisionId: revisionOf(pullRequest),
  });
  return {
    create(branch, label) {
      codeCommit.pushBranch(branch, commit(label));
      return branchEvent("referenceCreated", repository, branch, { commitId: commit(label) });
    },
    push(branch, label) {
      const oldCommitId = codeCommit.branches.get(branch);
      codeCommit.pushBranch(branch, commit(label));
      for (const pullRequest of codeCommit.pullRequests.values()) {
        if (pullRequest.status === "OPEN" && pullRequest.sourceBranch === branch)
          pullRequest.sourceCommit = commit(label);
      }
      return branchEvent("referenceUpdated", repository, branch, {
        commitId: commit(label),
        ...(oldCommitId ? { oldCommitId } : {}),
      });
    },
    delete(branch) {
      const oldCommitId = codeCommit.branches.get(branch);
      codeCommit.deleteBranch(branch);
      return branchEvent("referenceDeleted", repository, branch, oldCommitId ? { oldCommitId } : {});
    },
    openPullRequest(sourceBranch, destinationBranch) {
      const pullRequest = codeCommit.openPullRequest({
        title: `Merge ${sourceBranch}`,
        sourceBranch,
        destinationBranch,
      });
      return { pullRequest, event: pullRequestEvent("pullRequestCreated", fields(pullRequest)) };
    },
    pushToPullRequest(pullRequest, label) {
      codeCommit.pushBranch(pullRequest.sourceBranch, commit(label));
      pullRequest.sourceCommit = commit(label);
      return pullRequestEvent("pullRequestSourceBranchUpdated", fields(pullRequest));
    },
    merge(pullRequest) {
      pullRequest.status = "CLOSED";
      pullRequest.merged = true;
      codeCommit.pushBranch(pullRequest.destinationBranch, pullRequest.sourceCommit);
      return pullRequestEvent("pullRequestMergeStatusUpdated", fields(pullRequest), {
        status: "Closed",
        merged: true,
      });
    },
    close(pullRequest) {
      pullRequest.status = "CLOSED";
      return pullRequestEvent("pullRequestStatusChanged", fields(pullRequest), { status: "Closed" });
    },
    reopen(pullRequest) {
      pullRequest.status = "OPEN";
      return pullRequestEvent("pullRequestStatusChanged", fields(pullRequest), { status: "Open" });
    },
    tag(name, label) {
      const event = branchEvent("referenceCreated", repository, name, { commitId: commit(label) });
      return {
        ...event,
        detail: { ...event.detail, referenceType: "tag", referenceFullName: `refs/tags/${name}` },
      };
    },
  };
}

/**
 * Clone names the repository's live branches and open PRs call for, by core's routing.
 *
 * @example
 * expect(actualClones(aws)).toEqual(expectedClones(config, aws));
 */
export function expectedClones(config: TributaryConfig, aws: FakeAws): string[] {
  const names = new Set<string>();
  for (const branch of aws.codeCommit.branches.keys()) {
    const route = resolveBranch(config, branch);
    if (route?.clone) names.add(route.pipelineName);
  }
  for (const pullRequest of aws.codeCommit.pullRequests.values()) {
    if (pullRequest.status !== "OPEN") continue;
    const route = resolvePullRequest(config, {
      id: pullRequest.pullRequestId,
      sourceBranch: pullRequest.sourceBranch,
      destinationBranch: pullRequest.destinationBranch,
    });
    if (route) names.add(route.pipelineName);
  }
  return [...names].sort();
}

/**
 * Pipelines in the fake account that carry `tributary:managed=true`.
 *
 * @example
 * actualClones(aws); // ["acme-dev-feature-login", "acme-qa-release-1.2.0"]
 */
export function actualClones(aws: FakeAws): string[] {
  return [...aws.codePipeline.pipelines.entries()]
    .filter(([, pipeline]) => pipeline.tags.get(MANAGED_TAGS.managed) === "true")
    .map(([name]) => name)
    .sort();
}

/**
 * Starts the fake account as the CDK app leaves it: the repository with `main` and `develop`, the teardown
 * project, and the environment pipelines tagged like the app tags them (never `tributary:managed`).
 *
 * @example
 * const aws = await startAccount(defineConfig(CONFIG_INPUT));
 */
export async function startAccount(config: TributaryConfig, options: FakeAwsOptions = {}): Promise<FakeAws> {
  const aws = await startFakeAws({
    repositoryName: config.repository,
    codeBuildProjects: [teardownProjectName(config)],
    ...options,
  });
  aws.codeCommit.pushBranch(config.branches.main, commit("main-0"));
  aws.codeCommit.pushBranch(config.branches.develop, commit("develop-0"));
  if (config.project !== FIXTURE_PROJECT.project || config.repository !== FIXTURE_PROJECT.repository) {
    throw new Error(
      `The environment-pipeline fixture is synthesized for ${JSON.stringify(FIXTURE_PROJECT)}, not ${config.project}/${config.repository}. Fix: use CONFIG_INPUT's project and repository.`,
    );
  }
  for (const route of environmentRoutes(config)) {
    const { version: _version, ...pipeline } = environmentPipeline(route.environment as FixtureEnvironment);
    aws.codePipeline.handle("CreatePipeline", {
      pipeline,
      tags: [
        { key: MANAGED_TAGS.project, value: config.project },
        { key: MANAGED_TAGS.environment, value: route.environment },
      ],
    });
  }
  return aws;
}

/**
 * Starts a world: fake AWS with the environment pipelines of `CONFIG_INPUT` (tagged like the CDK app tags them),
 * `main` and `develop`, and the bundled cloner.
 *
 * @example
 * const world = await startWorld({ throttleFraction: 1 / 3, seed: 7 });
 */
export async function startWorld(
  options: FakeAwsOptions & {
    configInput?: TributaryConfigInput;
    clonerEnv?: Record<string, string>;
    /**
     * Send the cloner's Service Quotas calls to moto (through the fault-injecting proxy; needs `upstream`) instead
     * of the fake: moto 5.2.1 answers NoSuchResourceException for CodePipeline's quota.
     */
    serviceQuotasInMoto?: boolean;
  } = {},
): Promise<World> {
  const config = defineConfig(options.configInput ?? CONFIG_INPUT);
  const aws = await startAccount(config, options);
  if (options.serviceQuotasInMoto && aws.proxyUrl === undefined) {
    throw new Error("serviceQuotasInMoto needs a moto upstream. Fix: pass upstream: moto.url.");
  }
  const cloner = await startCloner({
    endpoint: aws.url,
    env: {
      ...clonerEnvironment(config),
      // With a moto upstream, the cloner's SNS (refusal notices) and S3 (preview.json) go to moto through the
      // fault-injecting proxy.
      ...(aws.proxyUrl === undefined
        ? {}
        : { AWS_ENDPOINT_URL_SNS: aws.proxyUrl, AWS_ENDPOINT_URL_S3: aws.proxyUrl }),
      ...(options.serviceQuotasInMoto && aws.proxyUrl !== undefined
        ? { AWS_ENDPOINT_URL_SERVICE_QUOTAS: aws.proxyUrl }
        : {}),
      ...options.clonerEnv,
    },
  });
  const environmentNames = new Set(config.environments.map((environment) => environment.pipelineName));
  return {
    config,
    aws,
    cloner,
    git: createGit(aws, config.repository),
    expectedClones: () => expectedClones(config, aws),
    actualClones: () => actualClones(aws),
    environmentSnapshot() {
      return [...environmentNames].map((name) => {
        const pipeline = aws.codePipeline.pipelines.get(name);
        return { name, declaration: pipeline?.declaration, tags: aws.codePipeline.tagsOf(name) };
      });
    },
    async close() {
      await cloner.close();
      await aws.close();
    },
  };
}

/**
 * The GitFlow story the integration tests replay: develop, features with PRs, a release with its PR into main,
 * a hotfix, a bugfix PR closed, reopened and closed, an unroutable branch, a tag; some branches stay alive.
 * Events are yielded one by one, each right after the repository changed.
 *
 * @example
 * for (const step of gitflowStory(world.git)) await world.cloner.deliver(step.event);
 */
export function* gitflowStory(git: Git): Generator<{ readonly label: string; readonly event: unknown }> {
  yield { label: "push develop", event: git.push("develop", "develop-1") };
  yield { label: "create feature/login", event: git.create("feature/login", "login-1") };
  yield { label: "push feature/login", event: git.push("feature/login", "login-2") };
  const login = git.openPullRequest("feature/login", "develop");
  yield { label: "open PR feature/login → develop", event: login.event };
  yield { label: "push feature/login again (branch event)", event: git.push("feature/login", "login-3") };
  yield {
    label: "push feature/login again (PR event)",
    event: git.pushToPullRequest(login.pullRequest, "login-3"),
  };
  yield { label: "create feature/keep", event: git.create("feature/keep", "keep-1") };
  yield { label: "merge PR feature/login", event: git.merge(login.pullRequest) };
  yield { label: "delete feature/login", event: git.delete("feature/login") };
  yield { label: "create release/1.0.0", event: git.create("release/1.0.0", "release-1") };
  yield { label: "push release/1.0.0", event: git.push("release/1.0.0", "release-2") };
  const release = git.openPullRequest("release/1.0.0", "main");
  yield { label: "open PR release/1.0.0 → main", event: release.event };
  yield { label: "merge PR release/1.0.0", event: git.merge(release.pullRequest) };
  yield { label: "push main (merge)", event: git.push("main", "release-2") };
  yield { label: "delete release/1.0.0", event: git.delete("release/1.0.0") };
  yield { label: "create hotfix/urgent-fix", event: git.create("hotfix/urgent-fix", "hotfix-1") };
  yield { label: "push hotfix/urgent-fix", event: git.push("hotfix/urgent-fix", "hotfix-2") };
  yield { label: "delete hotfix/urgent-fix", event: git.delete("hotfix/urgent-fix") };
  yield { label: "create bugfix/typo", event: git.create("bugfix/typo", "typo-1") };
  const typo = git.openPullRequest("bugfix/typo", "develop");
  yield { label: "open PR bugfix/typo → develop", event: typo.event };
  yield { label: "close PR bugfix/typo", event: git.close(typo.pullRequest) };
  yield { label: "reopen PR bugfix/typo", event: git.reopen(typo.pullRequest) };
  yield { label: "create wip/experiment (unroutable)", event: git.create("wip/experiment", "wip-1") };
  yield { label: "create tag v1.0.0", event: git.tag("v1.0.0", "release-2") };
  const keepPullRequest = git.openPullRequest("feature/keep", "develop");
  yield { label: "open PR feature/keep → develop", event: keepPullRequest.event };
}

/**
 * A recorded call's operation. The fake records a call its proxy passed to moto's S3 (a REST API) as its method and
 * path; the SDK's `x-id` query parameter there names the operation.
 *
 * @example
 * operationOf({ operation: "GET /acme-artifacts/tributary/target-stacks/333333333333-eu-central-1.json?x-id=GetObject" }); // "GetObject"
 */
export function operationOf(call: { readonly operation: string }): string {
  return /[?&]x-id=([A-Za-z]+)/.exec(call.operation)?.[1] ?? call.operation;
}
