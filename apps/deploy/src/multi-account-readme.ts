/**
 * The root README's multi-account tables, generated from the synthesized three-account, two-region app
 * (`THREE_ACCOUNT_CONFIG`): the resources of each stack, and the roles a target account gets with what each may do.
 * `pnpm --filter @tributary/deploy exec tsx src/multi-account-readme.ts` rewrites them; a test fails when they drift.
 */

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TARGET_ROLE_PURPOSES, targetRoleNames, targetTeardownRoleName } from "@tributary/core";
import { THREE_ACCOUNT_CONFIG } from "./__fixtures__/configs";
import { createApp } from "./app";

/** The root README. */
export const ROOT_README = fileURLToPath(new URL("../../../README.md", import.meta.url));

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/**
 * The two tables, as markdown, from one synthesis of `THREE_ACCOUNT_CONFIG`.
 *
 * @example
 * const { stacks, roles } = multiAccountTables();
 */
export function multiAccountTables(): { readonly stacks: string; readonly roles: string } {
  const { app, config } = createApp(THREE_ACCOUNT_CONFIG, {
    outdir: mkdtempSync(join(tmpdir(), "tributary-readme-accounts-")),
  });
  const assembly = app.synth();
  const stackRows = assembly.stacks.map((stack) => {
    const resources = Object.values((stack.template as { Resources: Record<string, CfnResource> }).Resources);
    const roles = resources.filter((resource) => resource.Type === "AWS::IAM::Role").length;
    return [
      `\`${stack.stackName}\``,
      `${stack.environment.account} ${stack.environment.region}`,
      String(resources.length),
      String(roles),
    ];
  });
  const prod = assembly.stacks.find((stack) => stack.stackName.includes("-tributary-target-333333333333-"));
  if (prod === undefined) throw new Error("THREE_ACCOUNT_CONFIG gives no target stack for 333333333333.");
  const resources = (prod.template as { Resources: Record<string, CfnResource> }).Resources;
  const names = targetRoleNames(config.tributary.project, "prod");
  const roleRow = (name: string, shownAs: string, trusts: string) => {
    const [logicalId, role] =
      Object.entries(resources).find(
        ([, resource]) => resource.Type === "AWS::IAM::Role" && resource.Properties?.RoleName === name,
      ) ?? [];
    if (logicalId === undefined || role === undefined)
      throw new Error(`No role ${name} in ${prod.stackName}.`);
    const actions = new Set<string>();
    let denies = 0;
    for (const policy of Object.values(resources)) {
      if (policy.Type !== "AWS::IAM::Policy") continue;
      const attached = (policy.Properties?.Roles as { Ref?: string }[] | undefined) ?? [];
      if (!attached.some((entry) => entry.Ref === logicalId)) continue;
      const document = policy.Properties?.PolicyDocument as {
        Statement: { Effect: string; Action: string | string[] }[];
      };
      for (const statement of document.Statement) {
        if (statement.Effect === "Deny") denies += 1;
        else for (const action of [statement.Action].flat()) actions.add(action);
      }
    }
    const services = [...new Set([...actions].map((action) => action.split(":")[0]))].sort();
    return [
      `\`${shownAs}\``,
      trusts,
      String(role.Properties?.Description ?? "")
        .replaceAll("acme-prod", "acme-<env>")
        .replace("of prod:", "of its environments:"),
      `${actions.size} actions (${services.join(", ")})${denies > 0 ? `, ${denies} explicit ${denies === 1 ? "deny" : "denies"}` : ""}`,
    ];
  };
  const roleRows = [
    ...TARGET_ROLE_PURPOSES.map((purpose) =>
      roleRow(names[purpose.key], names[purpose.key].replace("-prod-", "-<env>-"), purpose.trusts),
    ),
    roleRow(
      targetTeardownRoleName(config.tributary.project, prod.environment.region),
      targetTeardownRoleName(config.tributary.project, "<region>"),
      "the CI/CD teardown project's role",
    ),
  ];
  return {
    stacks: table(["Stack", "Account, region", "Resources", "IAM roles"], stackRows),
    roles: table(["Role", "Trusts", "What it is for", "May do"], roleRows),
  };
}

/**
 * `text` with its `<!-- multi-account-stacks -->` and `<!-- target-roles -->` blocks rendered.
 *
 * @example
 * renderMultiAccountReadme(readFileSync(ROOT_README, "utf8"), multiAccountTables());
 */
export function renderMultiAccountReadme(
  text: string,
  tables: { readonly stacks: string; readonly roles: string },
): string {
  let result = text;
  for (const [name, body] of [
    ["multi-account-stacks", tables.stacks],
    ["target-roles", tables.roles],
  ] as const) {
    const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(result))
      throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block.`);
    result = result.replace(pattern, (_match, start: string, end: string) => `${start}\n${body}\n${end}`);
  }
  return result;
}

/** A markdown table with every column padded to its widest cell, as the formatter (Biome) writes it. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => (row[index] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(
    ROOT_README,
    renderMultiAccountReadme(readFileSync(ROOT_README, "utf8"), multiAccountTables()),
  );
}
