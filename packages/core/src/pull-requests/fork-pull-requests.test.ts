import { describe, expect, it } from "vitest";
import { gitHubConfig } from "../__fixtures__/github-config.js";
import { defineConfig } from "../config/define-config.js";
import {
  DELETED_FORK,
  forkDecision,
  forkNotice,
  forkNoticeMarkerLine,
  isForkNotice,
} from "./fork-pull-requests.js";
import { explainPullRequest } from "./resolve-pull-request.js";

const config = gitHubConfig;
const codeCommit = defineConfig({ project: "acme", repository: "infra" });
const pullRequest = { id: "42", sourceBranch: "feature/login", destinationBranch: "develop" };

describe("pull requests from forks", () => {
  it.each<[string, string | undefined, string]>([
    ["the repository's own branch", undefined, "own"],
    ["the repository itself, in other letters", "Acme/Infra", "own"],
    ["a fork on the allow-list", "Acme-Labs/Infra", "allowed"],
    ["a fork not on the allow-list", "mallory/infra", "refused"],
    ["a fork GitHub no longer has", DELETED_FORK, "refused"],
  ])("given %s, then the head is %s", (_name, headRepository, kind) => {
    expect(forkDecision(config, headRepository).kind).toBe(kind);
  });

  it("given a CodeCommit project, then any other head repository is refused (it has no allow-list)", () => {
    expect(forkDecision(codeCommit, "acme-labs/infra").kind).toBe("refused");
  });

  it("given a fork that is not allowed, then the pull request has no route and the reason names the fork", () => {
    const resolution = explainPullRequest(config, { ...pullRequest, headRepository: "mallory/infra" });
    expect(resolution.route).toBeNull();
    expect(resolution.route === null && resolution.reason).toContain("mallory/infra");
  });

  it("given an allowed fork, then its clone is the same as the pull request's and reads the fork", () => {
    const fork = explainPullRequest(config, { ...pullRequest, headRepository: "acme-labs/infra" }).route;
    const own = explainPullRequest(config, pullRequest).route;
    expect(fork?.pipelineName).toBe(own?.pipelineName);
    expect(fork?.tags).toEqual(own?.tags);
    expect(fork?.source).toEqual({ ...own?.source, sourceRepository: "acme-labs/infra" });
  });

  it("given a refused fork, then the notice says why, how a maintainer runs it, and starts with its marker", () => {
    const content = forkNotice(config, {
      pullRequestId: "42",
      headRepository: "mallory/infra",
      destinationBranch: "develop",
    });
    expect(content.split("\n")[0]).toBe(forkNoticeMarkerLine("42"));
    expect(content).toContain("`mallory/infra`");
    expect(content).toContain("never runs with this project's deploy roles");
    expect(content).toContain("git fetch origin pull/42/head:feature/pr-42");
    expect(content).toContain("git push origin feature/pr-42");
    expect(content).toContain("source.forkPullRequests.allow");
    expect(isForkNotice(content, "42")).toBe(true);
    expect(isForkNotice(content, "4")).toBe(false);
    expect(isForkNotice("a comment", "42")).toBe(false);
  });
});
