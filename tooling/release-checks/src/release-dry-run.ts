/**
 * The release dry run `.ci/run` performs: `changeset version` in a scratch copy of the repository (its tracked and
 * untracked, not ignored files), then a check that it consumed every changeset and wrote a CHANGELOG.md with the
 * new version for each published package. Prints one line per package and exits 1 on any problem; the
 * repository itself is never touched.
 *
 * @example
 * // .ci/run
 * pnpm --filter @tributary/release-checks release-dry-run
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publishedPackages, REPOSITORY_ROOT } from "./published-packages.js";

const scratch = mkdtempSync(join(tmpdir(), "tributary-release-dry-run-"));
const problems: string[] = [];
try {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPOSITORY_ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file !== "" && existsSync(join(REPOSITORY_ROOT, file)));
  for (const file of files) cpSync(join(REPOSITORY_ROOT, file), join(scratch, file), { recursive: true });
  // `changeset version` needs only the CLI and its changelog generator, both in the root node_modules.
  symlinkSync(join(REPOSITORY_ROOT, "node_modules"), join(scratch, "node_modules"), "dir");

  const before = new Map(publishedPackages().map((pkg) => [pkg.name, version(join(scratch, pkg.directory))]));
  execFileSync(join(REPOSITORY_ROOT, "node_modules", ".bin", "changeset"), ["version"], {
    cwd: scratch,
    stdio: ["ignore", "inherit", "inherit"],
  });

  const left = readdirSync(join(scratch, ".changeset")).filter(
    (file) => file.endsWith(".md") && file !== "README.md",
  );
  if (left.length > 0) problems.push(`changeset version left ${left.length} changesets: ${left.join(", ")}`);
  for (const pkg of publishedPackages()) {
    const next = version(join(scratch, pkg.directory));
    const changelog = join(scratch, pkg.directory, "CHANGELOG.md");
    if (!existsSync(changelog)) {
      problems.push(`${pkg.name}: no ${pkg.directory}/CHANGELOG.md`);
      continue;
    }
    const text = readFileSync(changelog, "utf8");
    if (!text.includes(`\n## ${next}\n`))
      problems.push(`${pkg.name}: CHANGELOG.md has no "## ${next}" section`);
    console.log(
      `${pkg.name} ${before.get(pkg.name)} → ${next}: CHANGELOG.md, ${text.split("\n").length} lines`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`Release dry run failed:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  process.exit(1);
}
console.log("Release dry run: every changeset consumed, a CHANGELOG.md for each published package.");

function version(directory: string): string {
  return (JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { version: string }).version;
}
