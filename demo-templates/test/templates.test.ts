import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadResourceSpecification, type ResourceSpecification } from "../src/resource-spec.js";
import { checkTemplateReferences } from "../src/template-references.js";
import { DEMO_DIR, loadTemplate, PIPELINE_PARAMETERS, type Template, templateFiles } from "./support/demo.js";

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

let spec: ResourceSpecification;

beforeAll(async () => {
  spec = await loadResourceSpecification();
});

describe.each(templateFiles())("%s", (file) => {
  it("given CloudFormation's short-form tags, when parsed, then it is a template with resources", () => {
    const template = loadTemplate(file);
    expect(template.AWSTemplateFormatVersion ?? "2010-09-09").toBe("2010-09-09");
    expect(Object.keys(template.Resources).length).toBeGreaterThan(0);
  });

  it("given the CloudFormation resource specification, when every type and property is checked, then all exist", () => {
    expect(spec.checkTemplate(loadTemplate(file))).toEqual([]);
  });

  it("given its declarations, when every Ref, GetAtt, Sub, condition and mapping is resolved, then all point at something", () => {
    const template = loadTemplate(file);
    const nested = Object.fromEntries(
      nestedStacks(template).map(([id, properties]) => {
        const target = nestedTemplateFile(properties.TemplateURL);
        return [id, target ? Object.keys(loadTemplate(target).Outputs ?? {}) : undefined];
      }),
    );
    const problems = checkTemplateReferences(template, {
      attributesOf: (type) => spec.attributes(type),
      nestedOutputs: (id) => nested[id],
    });
    expect(problems).toEqual([]);
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
