import { type MotoServer, startMotoServer } from "@tributary/fake-aws";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_DIR } from "./support/demo.js";
import { seedMoto, snapshotMoto } from "./support/moto-state.js";
import { EXECUTION, login, REGION, staging } from "./support/pipeline-variables.js";
import { type BuildResult, runBuildspec } from "./support/run-buildspec.js";

let moto: MotoServer;

beforeAll(async () => {
  // The seeds and the buildspec call CloudFormation, whose backend moto loads on first use.
  moto = await startMotoServer({ region: REGION, preload: ["cloudformation"] });
});

afterAll(async () => {
  await moto?.close();
});

describe("buildspec-cleanup.yml, run in bash with the real aws CLI against moto", () => {
  const alreadyStaged = {
    [`acme-staging/${staging}/templates/main.yaml`]: "main",
    [`acme-staging/${staging}/templates/website.yaml`]: "website",
    "acme-staging/staging/acme-dev/other-execution/templates/main.yaml": "another run's",
  };
  const stackName = login.cleanup.TRIBUTARY_STACK_NAME ?? "";

  const runCleanup = (variables: Record<string, string> = login.cleanup): BuildResult =>
    runBuildspec(DEMO_DIR, "buildspec-cleanup.yml", variables, { aws: moto.environment });

  beforeEach(async () => {
    await moto.reset();
  });

  it("given a deployed stack, when the cleanup runs, then it deletes only this run's staging, publishes the page and invalidates the cache", async () => {
    const { distributions } = await seedMoto(moto, {
      buckets: ["acme-staging", "acme-dev-site"],
      objects: alreadyStaged,
      distributions: ["site"],
      stacks: [
        {
          name: stackName,
          outputs: {
            WebsiteBucketName: "acme-dev-site",
            DistributionId: "distribution:site",
            WebsiteURL: "https://d1.cloudfront.net",
          },
        },
      ],
    });
    const result = runCleanup();
    const after = await snapshotMoto(moto);

    expect(result.succeeded).toBe(true);
    expect(Object.keys(after.objects).sort()).toEqual([
      "acme-dev-site/index.html",
      "acme-staging/staging/acme-dev/other-execution/templates/main.yaml",
    ]);
    const page = after.objects["acme-dev-site/index.html"];
    expect(page?.body).toContain('<span class="environment">dev</span>');
    expect(page?.body).not.toContain("{{ENVIRONMENT}}");
    expect(page?.contentType).toBe("text/html; charset=utf-8");
    expect(page?.cacheControl).toBe("max-age=60");
    expect(after.invalidations[distributions.site ?? ""]).toEqual([["/", "/index.html"]]);
  });

  it("given a stack without a distribution, when the cleanup runs, then it publishes and skips the invalidation", async () => {
    await seedMoto(moto, {
      buckets: ["acme-staging", "site"],
      stacks: [{ name: stackName, outputs: { WebsiteBucketName: "site" } }],
    });
    const result = runCleanup({ ...login.cleanup, TRIBUTARY_ENVIRONMENT: "<b>qa</b>" });
    expect(result.succeeded).toBe(true);
    expect(result.log).toContain("no CloudFront cache to invalidate");
    // The environment's name is HTML-escaped in the page.
    expect((await snapshotMoto(moto)).objects["site/index.html"]?.body).toContain("&lt;b&gt;qa&lt;/b&gt;");
  });

  it("given a stack without WebsiteBucketName, when the cleanup runs, then it fails saying which output is missing", async () => {
    await seedMoto(moto, {
      buckets: ["acme-staging"],
      stacks: [{ name: stackName, outputs: { WebsiteURL: "https://d1.cloudfront.net" } }],
    });
    const result = runCleanup();
    expect(result.phases.build).toBe("FAILED");
    expect(result.log).toContain("has no WebsiteBucketName output");
  });

  it("given a STAGING_PREFIX outside one execution of this pipeline, when the cleanup runs, then it refuses and deletes nothing", async () => {
    await seedMoto(moto, { buckets: ["acme-staging"], objects: alreadyStaged });
    const refusals: [string, Record<string, string>][] = [
      ["an empty prefix", { STAGING_PREFIX: "" }],
      ["another pipeline's prefix", { STAGING_PREFIX: `staging/acme-prod/${EXECUTION}` }],
      ["the pipeline's whole staging area", { STAGING_PREFIX: `staging/${login.pipelineName}/` }],
      ["a prefix outside staging/", { STAGING_PREFIX: `reports/${login.pipelineName}/x` }],
      ["a staging area without its trailing /", { PIPELINE_STAGING_PREFIX: `staging/${login.pipelineName}` }],
    ];
    for (const [name, overrides] of refusals) {
      const result = runCleanup({ ...login.cleanup, ...overrides });
      expect(result.phases.pre_build, name).toBe("FAILED");
      expect(result.phases.build, name).toBe("NOT_RUN");
    }
    // One look at moto after all of them: nothing was deleted.
    expect(Object.keys((await snapshotMoto(moto)).objects).sort()).toEqual(Object.keys(alreadyStaged).sort());
  });
});
