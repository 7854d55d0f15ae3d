import {
  defineConfig,
  parseEvent,
  planEvent,
  reconcile,
  resolveBranch,
  resolvePullRequest,
} from "@tributary/core";

const config = defineConfig({ project: "acme", repository: "infra-deployment" });

console.log(resolveBranch(config, "refs/heads/feature/JIRA-123_login"));
console.log(
  resolvePullRequest(config, { id: "42", sourceBranch: "feature/login", destinationBranch: "main" })
    ?.pipelineName,
);
console.log(resolveBranch(config, "support/1.x"));

// A CodeCommit referenceDeleted event for feature/login, as EventBridge delivers it (trimmed to what is read);
// `pnpm tributary plan --example branch-deleted` prints a whole one.
const event = {
  id: "2d8e9c74-3b0a-4f5d-8ceb-9a4b6d0f3c27",
  time: "2026-11-27T10:15:30Z",
  source: "aws.codecommit",
  "detail-type": "CodeCommit Repository State Change",
  detail: {
    event: "referenceDeleted",
    repositoryName: "infra-deployment",
    referenceType: "branch",
    referenceName: "feature/login",
    oldCommitId: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
  },
};
console.log(planEvent(config, parseEvent(event, config)).actions);

const actions = reconcile(config, {
  eventId: "ev-reconcile",
  branches: ["main", "develop", "release/1.2.0"],
  openPullRequests: [],
  managedPipelines: [],
});
console.log(
  actions.map((action) => (action.type === "createClone" ? action.route.pipelineName : action.type)),
);
