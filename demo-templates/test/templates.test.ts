import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_DIR,
  INSTALL_HINT,
  loadTemplate,
  PIPELINE_PARAMETERS,
  python,
  readDemoFile,
  type Template,
  templateFiles,
} from "./support/demo.js";

/** The nested template a stack's TemplateURL points at, as `templates/<file>`, or undefined if it is not staged. */
function nestedTemplateFile(templateUrl: unknown): string | undefined {
  const sub = (templateUrl as { "Fn::Sub"?: unknown })["Fn::Sub"];
  if (typeof sub !== "string") return undefined;
  const match =
    /^https:\/\/\$\{TemplateBucket\}\.s3\.\$\{AWS::Region\}\.\$\{AWS::URLSuffix\}\/\$\{TemplatePrefix\}\/(templates\/.+)$/.exec(
      sub,
    );
  return match?.[1];
}

function nestedStacks(
  template: Template,
): [string, { TemplateURL?: unknown; Parameters?: Record<string, unknown> }][] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === "AWS::CloudFormation::Stack")
    .map(([id, resource]) => [
      id,
      (resource.Properties ?? {}) as { TemplateURL?: unknown; Parameters?: Record<string, unknown> },
    ]);
}

/** One cfn-lint finding, as `--format json` prints it. */
interface Finding {
  readonly Rule: { readonly Id: string };
  readonly Level: string;
  readonly Message: string;
  readonly Filename: string;
}

/**
 * A template with the mistakes the hand-written checks used to catch: an invented property, a Ref to nothing,
 * a GetAtt of an attribute the type lacks, an unknown YAML tag. cfn-lint must report each.
 */
const BROKEN_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    DeletionPolicy: Delete
    UpdateReplacePolicy: Delete
    Properties:
      BucketNam: demo
      Tags:
        - Key: Owner
          Value: !Ref Nobody
Outputs:
  Url:
    Value: !GetAtt Bucket.WebsiteUrl
  Odd:
    Value: !Base65 text
`;

let findings: Finding[] = [];
let scratch = "";

beforeAll(() => {
  // One cfn-lint run for the demo templates and the broken one (cfn-lint takes seconds to start).
  scratch = mkdtempSync(join(tmpdir(), "tributary-cfn-lint-"));
  writeFileSync(join(scratch, "broken.yaml"), BROKEN_TEMPLATE);
  const result = spawnSync(
    join(python().scripts, "cfn-lint"),
    ["--include-checks", "I", "--format", "json", "--", ...templateFiles(), join(scratch, "broken.yaml")],
    { cwd: DEMO_DIR, encoding: "utf8" },
  );
  if (result.error !== undefined)
    throw new Error(`cfn-lint does not run (${result.error.message}). ${INSTALL_HINT}`);
  findings = JSON.parse(result.stdout) as Finding[];
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("cfn-lint (the real one, with informational checks)", () => {
  it("given the pinned cfn-lint, when its version is read, then it is the one requirements-test.txt and ci/tool-versions pin", () => {
    // The installed distribution's version (what `cfn-lint --version` prints, without its seconds of start-up).
    const version = execFileSync(
      python().executable,
      ["-c", "from importlib.metadata import version; print('cfn-lint ' + version('cfn-lint'))"],
      { encoding: "utf8" },
    ).trim();
    const pin = (file: string) => /^cfn-lint==(\S+)$/m.exec(file)?.[1];
    const rootPin = pin(readDemoFile("../requirements-test.txt"));
    expect(rootPin).toBeDefined();
    expect(pin(readDemoFile("ci/tool-versions"))).toBe(rootPin);
    expect(version).toBe(`cfn-lint ${rootPin}`);
  });

  it.each(templateFiles())(
    "given %s, when linted, then there is no error, warning or informational finding",
    (file) => {
      expect(findings.filter((finding) => finding.Filename === file)).toEqual([]);
    },
  );

  it("Noncompliance: given an invented property, a dangling Ref, a missing attribute and an unknown tag, when linted, then cfn-lint reports each", () => {
    const broken = findings.filter((finding) => finding.Filename.endsWith("broken.yaml"));
    const messages = broken.map((finding) => `${finding.Rule.Id} ${finding.Message}`).join("\n");
    expect(messages).toMatch(/BucketNam/);
    expect(messages).toMatch(/Nobody/);
    expect(messages).toMatch(/WebsiteUrl/);
    expect(messages).toMatch(/Base65/);
  });
});

describe.each(templateFiles())("%s", (file) => {
  it("given cfn-lint's decoder, when parsed, then it is a template with resources", () => {
    const template = loadTemplate(file);
    expect(template.AWSTemplateFormatVersion ?? "2010-09-09").toBe("2010-09-09");
    expect(Object.keys(template.Resources).length).toBeGreaterThan(0);
  });

  it("given its nested stacks, when their TemplateURLs are resolved, then each is staged under TemplatePrefix/templates/ and exists", () => {
    const template = loadTemplate(file);
    for (const [id, properties] of nestedStacks(template)) {
      const target = nestedTemplateFile(properties.TemplateURL);
      expect(
        target,
        `${id}.TemplateURL must be https://\${TemplateBucket}.s3.\${AWS::Region}.\${AWS::URLSuffix}/\${TemplatePrefix}/templates/<file>`,
      ).toBeDefined();
      expect(existsSync(join(DEMO_DIR, target ?? "missing"))).toBe(true);
      const nested = loadTemplate(target ?? "");
      const declared = nested.Parameters ?? {};
      const passed = Object.keys(properties.Parameters ?? {});
      expect(passed.filter((name) => !(name in declared))).toEqual([]);
      const required = Object.entries(declared).filter(
        ([, declaration]) => declaration.Default === undefined,
      );
      expect(required.map(([name]) => name).filter((name) => !passed.includes(name))).toEqual([]);
    }
  });
});

describe("templates/main.yaml (the pipeline contract)", () => {
  const main = (): Template => loadTemplate("templates/main.yaml");

  it("given the Deploy stage's ParameterOverrides, when the parameters are read, then Environment, TemplateBucket and TemplatePrefix are Strings", () => {
    for (const name of PIPELINE_PARAMETERS) expect(main().Parameters?.[name]?.Type).toBe("String");
  });

  it("given the Cleanup stage and the README, when the outputs are read, then WebsiteURL, WebsiteBucketName, DistributionId and Environment exist", () => {
    expect(Object.keys(main().Outputs ?? {})).toEqual(
      expect.arrayContaining(["WebsiteURL", "WebsiteBucketName", "DistributionId", "Environment"]),
    );
    expect(main().Outputs?.Environment?.Value).toEqual({ Ref: "Environment" });
  });

  it("given the contract, when the Website nested stack is read, then its URL is the staging-prefix URL of website.yaml", () => {
    expect(main().Resources.Website?.Type).toBe("AWS::CloudFormation::Stack");
    expect(main().Resources.Website?.Properties?.TemplateURL).toEqual({
      "Fn::Sub":
        "https://${TemplateBucket}.s3.${AWS::Region}.${AWS::URLSuffix}/${TemplatePrefix}/templates/website.yaml",
    });
  });

  it.each([
    ["dev", true],
    ["prod2", true],
    ["Dev", false],
    ["feature-x", false],
  ])(
    "given the environment name %s, when validated by the parameter's pattern, then it is accepted: %s",
    (name, ok) => {
      const pattern = String(main().Parameters?.Environment?.AllowedPattern);
      expect(new RegExp(pattern).test(name)).toBe(ok);
    },
  );

  it.each([
    ["staging/acme-dev/0d3d2b4e-6c5f-4e3a-9f44-2b1c8a7e9f10", true],
    ["staging/acme-feature-login@x/0d3d2b4e", true],
    ["tributary-demo-dev", true],
    ["/staging/acme-dev/1", false],
    ["staging/acme-dev/1/", false],
    ["", false],
  ])(
    "given the staging prefix %j, when validated by TemplatePrefix's pattern, then it is accepted: %s",
    (prefix, ok) => {
      const pattern = String(main().Parameters?.TemplatePrefix?.AllowedPattern);
      expect(new RegExp(pattern).test(prefix)).toBe(ok);
    },
  );
});

describe("templates/website.yaml (the website)", () => {
  const website = (): Template => loadTemplate("templates/website.yaml");
  const props = (id: string): Record<string, unknown> => website().Resources[id]?.Properties ?? {};
  type Statement = {
    Sid?: string;
    Effect: string;
    Principal: unknown;
    Action: unknown;
    Condition?: Record<string, Record<string, unknown>>;
  };
  const statements = (id: string): Statement[] =>
    (props(id).PolicyDocument as { Statement: Statement[] }).Statement ?? [];

  it("given the site bucket, when read, then it blocks public access, encrypts, and disables ACLs", () => {
    const bucket = props("WebsiteBucket");
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(JSON.stringify(bucket.BucketEncryption)).toContain('"SSEAlgorithm":"AES256"');
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
    expect(bucket.WebsiteConfiguration).toBeUndefined();
  });

  it("given the site bucket policy, when read, then only CloudFront for this distribution may read, and only over TLS", () => {
    const policy = statements("WebsiteBucketPolicy");
    const allow = policy.find((statement) => statement.Effect === "Allow");
    expect(allow?.Principal).toEqual({ Service: "cloudfront.amazonaws.com" });
    expect(allow?.Action).toBe("s3:GetObject");
    expect(allow?.Condition?.StringEquals?.["AWS:SourceArn"]).toEqual({
      "Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}",
    });
    const deny = policy.find((statement) => statement.Effect === "Deny");
    expect(deny?.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
  });

  it("given the optional access-log bucket, when read, then it is private, TLS-only and exists only when enabled", () => {
    expect((website().Resources.AccessLogsBucket as { Condition?: string }).Condition).toBe(
      "AccessLogsEnabled",
    );
    expect(props("AccessLogsBucket").OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }],
    });
    const deny = statements("AccessLogsBucketPolicy").find((statement) => statement.Effect === "Deny");
    expect(deny?.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
  });

  it("given the distribution, when read, then it uses OAC, redirects to HTTPS, serves index.html and adds security headers", () => {
    const config = props("Distribution").DistributionConfig as Record<string, unknown> & {
      Origins: { OriginAccessControlId: unknown; S3OriginConfig: unknown; DomainName: unknown }[];
      DefaultCacheBehavior: Record<string, unknown>;
    };
    expect(config.DefaultRootObject).toBe("index.html");
    expect(config.Origins[0]?.OriginAccessControlId).toEqual({ "Fn::GetAtt": ["OriginAccessControl", "Id"] });
    expect(config.Origins[0]?.S3OriginConfig).toEqual({ OriginAccessIdentity: "" });
    expect(config.Origins[0]?.DomainName).toEqual({ "Fn::GetAtt": ["WebsiteBucket", "RegionalDomainName"] });
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe("redirect-to-https");
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({
      "Fn::FindInMap": ["ManagedPolicies", "ResponseHeadersPolicy", "SecurityHeaders"],
    });
    const oac = props("OriginAccessControl").OriginAccessControlConfig as Record<string, unknown>;
    expect(oac).toMatchObject({
      OriginAccessControlOriginType: "s3",
      SigningBehavior: "always",
      SigningProtocol: "sigv4",
    });
  });

  it("given the tagged resources, when read, then each carries the environment's name", () => {
    for (const id of ["WebsiteBucket", "AccessLogsBucket", "Distribution"]) {
      expect(props(id).Tags).toContainEqual({ Key: "Environment", Value: { Ref: "Environment" } });
    }
  });

  it("given the outputs, when read, then the site URL is the distribution's HTTPS address", () => {
    expect(website().Outputs?.WebsiteURL?.Value).toEqual({ "Fn::Sub": "https://${Distribution.DomainName}" });
    expect(website().Outputs?.Environment?.Value).toEqual({ Ref: "Environment" });
  });
});
