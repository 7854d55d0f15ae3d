import { describe, expect, it } from "vitest";
import { executionDetails } from "./execution-details";

describe("executionDetails", () => {
  it("given a full execution, when read, then variables, first commit revision and status are plain data", () => {
    const details = executionDetails({
      pipelineExecution: {
        status: "InProgress",
        artifactRevisions: [
          { name: "Empty" },
          { name: "SourceOutput", revisionId: "abc", revisionSummary: "msg", revisionUrl: "https://x" },
          { name: "Other", revisionId: "def" },
        ],
        variables: [
          { name: "Branch", resolvedValue: "develop" },
          { name: "NoValue" },
          { resolvedValue: "no name" },
        ],
      },
    });

    expect(details).toEqual({
      variables: { Branch: "develop" },
      commitId: "abc",
      commitMessage: "msg",
      commitUrl: "https://x",
      status: "InProgress",
    });
  });

  it("given an execution without revisions or variables, when read, then only empty variables remain", () => {
    expect(executionDetails({ pipelineExecution: {} })).toEqual({ variables: {} });
    expect(executionDetails({})).toEqual({ variables: {} });
  });
});
