/**
 * `tributary doctor`: whether the stacks the config needs are deployed, read with the caller's AWS credentials. The
 * CI/CD stack and every target stack (core's `deploymentTargets`) must exist in a state core's `isHealthyStackStatus`
 * accepts (`*_COMPLETE`, not a rollback or deletion), and a target stack's `TributaryTargetVersion` output must be core's `TARGET_STACK_VERSION`.
 * Credentials read one account: a stack in another account is named with the account whose credentials check it.
 */
import { CloudFormationClient, DescribeStacksCommand, type Stack } from "@aws-sdk/client-cloudformation";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import {
  deploymentTargets,
  isHealthyStackStatus,
  TARGET_STACK_VERSION,
  TARGET_VERSION_OUTPUT,
  type TributaryConfig,
} from "@tributary/core";
import type { DeployConfig } from "../config";
import { stackNames } from "../names";
import { type AwsEnvironment, credentialsOption, endpointOption, regionOf } from "./aws-environment";

/**
 * One check's outcome: `ok` passed, `missing` failed (its `fix` says what to deploy), `elsewhere` could not be read
 * with these credentials (its `fix` says which to use).
 *
 * @example
 * const check: DoctorCheck = { stack: "acme-tributary-cicd", account: "111111111111", region: "eu-west-1", outcome: "ok", detail: "UPDATE_COMPLETE" };
 */
export interface DoctorCheck {
  readonly stack: string;
  /** `undefined` when the config leaves the CI/CD account to the credentials (no `app.account`). */
  readonly account: string | undefined;
  readonly region: string;
  readonly outcome: "ok" | "missing" | "elsewhere";
  /** What was found: the stack's status and version, or why it fails. */
  readonly detail: string;
  /** The command that mends a `missing` or `elsewhere` check. */
  readonly fix?: string;
}

/**
 * What `tributary doctor` found.
 *
 * @example
 * const report: DoctorReport = await doctor(config, clients);
 * report.checks.every((check) => check.outcome === "ok"); // true when all is deployed
 */
export interface DoctorReport {
  /** The account the credentials belong to (STS GetCallerIdentity). */
  readonly callerAccount: string;
  readonly expectedTargetVersion: string;
  /** `false` for a same-account config: it has no target stacks. */
  readonly hasTargets: boolean;
  readonly checks: readonly DoctorCheck[];
}

/**
 * The AWS clients doctor reads with: STS for the caller's account, CloudFormation per region.
 *
 * @example
 * const clients = doctorClients(process.env);
 */
export interface DoctorClients {
  readonly sts: STSClient;
  readonly cloudFormation: (region: string) => CloudFormationClient;
  /** Releases the clients' sockets. */
  readonly destroy: () => void;
}

/**
 * Clients of the standard AWS settings of `env`: `AWS_ENDPOINT_URL` (or the service's own `AWS_ENDPOINT_URL_…`), the
 * keys in `AWS_ACCESS_KEY_ID`… when set, else the SDK's default chain (profiles, SSO); STS in `AWS_REGION` (else
 * `fallbackRegion`).
 *
 * @example
 * const clients = doctorClients(process.env, "eu-west-1");
 */
export function doctorClients(env: AwsEnvironment, fallbackRegion: string | undefined): DoctorClients {
  const credentials = credentialsOption(env);
  const stsRegion = regionOf(env, fallbackRegion) || "us-east-1";
  const sts = new STSClient({ region: stsRegion, ...endpointOption(env, "STS"), ...credentials });
  const byRegion = new Map<string, CloudFormationClient>();
  return {
    sts,
    cloudFormation(region) {
      let client = byRegion.get(region);
      if (client === undefined) {
        client = new CloudFormationClient({
          region,
          ...endpointOption(env, "CLOUDFORMATION"),
          ...credentials,
        });
        byRegion.set(region, client);
      }
      return client;
    },
    destroy() {
      sts.destroy();
      for (const client of byRegion.values()) client.destroy();
    },
  };
}

const DEPLOY = "pnpm --filter @tributary/deploy exec cdk deploy -e";

/**
 * An AWS read doctor could not make (no credentials, an unreachable endpoint, a refused call): the message names the
 * call, the account whose credentials it needs and how to use them. The CLI exits 1 with it; any other error is a bug.
 *
 * @example
 * throw new DoctorReadError("could not read acme-tributary-cicd in 111111111111/eu-west-1 (…). Fix: …");
 */
export class DoctorReadError extends Error {
  override readonly name = "DoctorReadError";
}

/** How to run doctor with credentials of `account`. */
function withCredentialsOf(account: string): string {
  return `AWS_PROFILE=<a profile of account ${account}> pnpm tributary doctor`;
}

function errorLine(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
}

/** The stack, or `undefined` when CloudFormation says it does not exist (a ValidationError naming it). */
async function describeStack(
  client: CloudFormationClient,
  where: { stack: string; account: string | undefined; region: string },
  callerAccount: string,
): Promise<Stack | undefined> {
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: where.stack }));
    return Stacks?.[0];
  } catch (error) {
    // DescribeStacks answers ValidationError "Stack with id <name> does not exist" for an unknown name.
    if (error instanceof Error && /does not exist/.test(error.message)) return undefined;
    const account = where.account ?? callerAccount;
    throw new DoctorReadError(
      `could not read ${where.stack} in ${account}/${where.region} with these credentials of account ${callerAccount} (cloudformation:DescribeStacks: ${errorLine(error)}). Fix: use a profile or role of account ${account} allowed cloudformation:DescribeStacks in ${where.region} (${withCredentialsOf(account)}).`,
    );
  }
}

function checkStack(
  stack: Stack | undefined,
  where: { stack: string; account: string | undefined; region: string },
  expectedVersion: string | undefined,
): DoctorCheck {
  const fix = `${DEPLOY} ${where.stack}`;
  if (stack === undefined) return { ...where, outcome: "missing", detail: "does not exist", fix };
  const status = stack.StackStatus ?? "UNKNOWN";
  if (!isHealthyStackStatus(status)) {
    const reason = stack.StackStatusReason ? ` (${stack.StackStatusReason})` : "";
    const mend = status === "ROLLBACK_COMPLETE" ? `delete it, then ${fix}` : fix;
    return { ...where, outcome: "missing", detail: `is ${status}${reason}`, fix: mend };
  }
  if (expectedVersion === undefined) return { ...where, outcome: "ok", detail: status };
  const version = stack.Outputs?.find((output) => output.OutputKey === TARGET_VERSION_OUTPUT)?.OutputValue;
  if (version !== expectedVersion) {
    return {
      ...where,
      outcome: "missing",
      detail: `${status}, but ${TARGET_VERSION_OUTPUT} is ${version === undefined ? "missing" : JSON.stringify(version)}, expected ${JSON.stringify(expectedVersion)}`,
      fix,
    };
  }
  return { ...where, outcome: "ok", detail: `${status}, ${TARGET_VERSION_OUTPUT} ${version}` };
}

/**
 * Checks the CI/CD stack and every target stack of the config that the caller's account holds; the others are
 * `elsewhere`, with the account whose credentials check them.
 *
 * @example
 * const report = await doctor(config, doctorClients(process.env, config.app.region));
 */
export async function doctor(config: DeployConfig, clients: DoctorClients): Promise<DoctorReport> {
  const { tributary, app } = config;
  const targets = targetsOf(tributary, app);
  const identity = await clients.sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => {
    throw new DoctorReadError(
      `could not learn whose credentials these are (sts:GetCallerIdentity: ${errorLine(error)}). Fix: ${credentialsFix(app.account, targets)}`,
    );
  });
  const callerAccount = identity.Account ?? "unknown";
  const cicdRegion = app.region ?? (await clients.sts.config.region());
  const wanted: { stack: string; account: string | undefined; region: string; version?: string }[] = [
    { stack: stackNames(tributary).cicd, account: app.account, region: cicdRegion },
    ...targets.map((target) => ({
      stack: target.stackName,
      account: target.account,
      region: target.region,
      version: TARGET_STACK_VERSION,
    })),
  ];
  const checks: DoctorCheck[] = [];
  for (const { version, ...where } of wanted) {
    if (where.account !== undefined && where.account !== callerAccount) {
      checks.push({
        ...where,
        outcome: "elsewhere",
        detail: `is in account ${where.account}; these credentials are account ${callerAccount}`,
        fix: withCredentialsOf(where.account),
      });
      continue;
    }
    const stack = await describeStack(clients.cloudFormation(where.region), where, callerAccount);
    checks.push(checkStack(stack, where, version));
  }
  return {
    callerAccount,
    expectedTargetVersion: TARGET_STACK_VERSION,
    hasTargets: wanted.length > 1,
    checks,
  };
}

function targetsOf(tributary: TributaryConfig, app: DeployConfig["app"]) {
  return deploymentTargets(tributary, { account: app.account, region: app.region });
}

/** Which accounts' credentials doctor can check with, and how to use them. */
function credentialsFix(
  cicdAccount: string | undefined,
  targets: readonly { readonly account: string }[],
): string {
  const permissions = "allowed sts:GetCallerIdentity and cloudformation:DescribeStacks";
  if (cicdAccount === undefined) {
    return `sign in to the account the CI/CD stack is deployed in (aws configure, aws sso login, or AWS_PROFILE=<its profile> pnpm tributary doctor), ${permissions}.`;
  }
  const others = [...new Set(targets.map((target) => target.account))].filter(
    (account) => account !== cicdAccount,
  );
  const targetPart =
    others.length === 0 ? "" : `, then each target account's (${others.map(withCredentialsOf).join("; ")})`;
  return `run it with credentials of the CI/CD account ${cicdAccount} (${withCredentialsOf(cicdAccount)})${targetPart}, ${permissions}; the SDK found none that work here (aws configure, aws sso login, or AWS_PROFILE).`;
}

/**
 * The report as text: one line per check (✓ ok, ✗ missing with its fix, · another account's with the credentials to
 * use), and a line saying a same-account config has no target stacks.
 *
 * @example
 * formatDoctor(report);
 * // "✓ acme-tributary-cicd (111111111111/eu-west-1): UPDATE_COMPLETE\n…"
 */
export function formatDoctor(report: DoctorReport): string {
  const mark = { ok: "✓", missing: "✗", elsewhere: "·" } as const;
  const lines = report.checks.map((check) => {
    const line = `${mark[check.outcome]} ${check.stack} (${check.account ?? report.callerAccount}/${check.region}): ${check.detail}`;
    return check.fix === undefined ? line : `${line}. Fix: ${check.fix}`;
  });
  if (!report.hasTargets) {
    lines.push("✓ no target stacks: every environment deploys in the CI/CD stack's account and region");
  }
  return [`Credentials of account ${report.callerAccount}`, ...lines].join("\n");
}
