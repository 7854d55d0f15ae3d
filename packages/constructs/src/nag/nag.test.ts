import { App, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { buildTributaryStack, type TributaryStackOptions } from "../__fixtures__/tributary-stack.js";
import { acknowledgeTributaryFindings } from "./nag-acknowledgements.js";

/** The whole system in one app, checked by cdk-nag's AwsSolutions pack through CDK's validation plugins. */
function checkedApp(options: Omit<TributaryStackOptions, "app"> = {}) {
  const app = new App();
  const pack = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(pack);
  return { app, pack, built: buildTributaryStack({ ...options, app }) };
}

/** `rule at path` lines for every unacknowledged finding (errors and warnings). */
function findings(pack: AwsSolutionsChecks, app: App): string[] {
  return pack
    .validateScope(app)
    .violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
    );
}

describe("cdk-nag AwsSolutions", () => {
  it("given a stack with every construct, when validated, then no finding is left unacknowledged and synthesis passes", () => {
    const { app, pack } = checkedApp();
    expect(findings(pack, app)).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });

  it.each([
    ["KMS-encrypted buckets", { bucketKey: true }],
    ["the run history, its overview page and the dashboard", { runHistory: true }],
    ["the run history with KMS-encrypted buckets", { runHistory: true, bucketKey: true }],
    [
      "topics per environment and an imported repository",
      { topicPerEnvironment: true, existingRepository: true },
    ],
    [
      "custom environments with two approvals",
      {
        config: {
          project: "shop",
          repository: "shop-infra",
          environments: {
            test: { branch: "develop" },
            stage: { branch: null, requiresApproval: true },
            live: { branch: "main", requiresApproval: true },
          },
          routes: {
            branches: {
              feature: { environment: "test", ephemeral: true },
              bugfix: null,
              release: { environment: "stage", ephemeral: false },
              hotfix: { environment: "stage", ephemeral: false },
            },
          },
        },
      },
    ],
  ] as const)("given %s, when validated, then no finding is left unacknowledged", (_variant, options) => {
    const { app, pack } = checkedApp(options);
    expect(findings(pack, app)).toEqual([]);
  });

  it("given the acknowledgements, when read from the construct tree, then each names a rule and gives a specific reason", () => {
    const { app } = checkedApp();
    const acknowledged = app.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    expect(acknowledged.length).toBeGreaterThan(10);
    for (const [id, reason] of acknowledged) {
      expect(id).toMatch(/AwsSolutions-(IAM5\[(Action|Resource)::.+\]|CB4|SQS3|L1)$/);
      expect(reason.length, id).toBeGreaterThan(40);
    }
  });

  it("given a new wildcard added to a Tributary role after construction, when validated, then it is reported", () => {
    const { app, pack, built } = checkedApp();
    built.pipelines[0]?.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["s3:*"], resources: ["arn:aws:s3:::somebody-elses-bucket/*"] }),
    );
    acknowledgeTributaryFindings(built.stack, built.config);
    expect(findings(pack, app)).toEqual([
      "AwsSolutions-IAM5[Action::s3:*] at Tributary/DevPipeline/PipelineRole/DefaultPolicy/Resource",
      "AwsSolutions-IAM5[Resource::arn:aws:s3:::somebody-elses-bucket/*] at Tributary/DevPipeline/PipelineRole/DefaultPolicy/Resource",
    ]);
  });

  it("given an app granting Tributary's accepted kinds of wildcard later, when it reuses the helper, then they are acknowledged", () => {
    const { app, pack, built } = checkedApp();
    built.buckets.reportsBucket.grantRead(built.cloner.role);
    expect(findings(pack, app)).not.toEqual([]);
    expect(acknowledgeTributaryFindings(built.stack, built.config)).toBeGreaterThan(0);
    expect(findings(pack, app)).toEqual([]);
  });
});
