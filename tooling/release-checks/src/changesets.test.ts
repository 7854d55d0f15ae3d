import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import parse from "@changesets/parse";
import { describe, expect, it } from "vitest";
import { publishedPackages, REPOSITORY_ROOT } from "./published-packages.js";

const changesetDir = join(REPOSITORY_ROOT, ".changeset");
const changesets = readdirSync(changesetDir)
  .filter((file) => file.endsWith(".md") && file !== "README.md")
  .sort();

describe(".changeset", () => {
  it("given the repository, when its changesets are listed, then there are some to check", () => {
    expect(changesets.length).toBeGreaterThan(0);
  });

  it.each(changesets)(
    "given %s, when changesets parses it, then its frontmatter bumps published packages only",
    (file) => {
      const published = publishedPackages().map((pkg) => pkg.name);

      const { releases, summary } = parse(readFileSync(join(changesetDir, file), "utf8"));

      expect(summary.trim()).not.toBe("");
      for (const release of releases) {
        expect(published).toContain(release.name);
        expect(["patch", "minor", "major"]).toContain(release.type);
      }
    },
  );

  it("given a changeset whose frontmatter a Markdown formatter turned into a heading, when parsed, then it is rejected", () => {
    // What Biome's Markdown formatter made of ten changesets in b5279b4 (the reason Biome skips .changeset).
    const rewritten = '---\n\n## "@tributary/core": minor\n\nExport a rule.\n';

    expect(() => parse(rewritten)).toThrow(/could not parse changeset/);
  });
});
