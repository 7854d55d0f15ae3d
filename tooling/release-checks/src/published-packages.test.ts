import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type PackedPackage,
  packPackage,
  publishedPackages,
  REPOSITORY_ROOT,
  rootManifest,
} from "./published-packages.js";

const here = fileURLToPath(new URL("..", import.meta.url));
const attw = join(here, "node_modules", ".bin", "attw");

describe.each(publishedPackages())("$name, packed", (pkg) => {
  let packed: PackedPackage;
  beforeAll(() => {
    packed = packPackage(pkg);
  });

  it("given its tarball, when its package.json is read, then it names the repository and its folder, the license, the published files and the engine", () => {
    const { manifest } = packed;

    expect(manifest.repository).toEqual({
      type: "git",
      url: rootManifest().repository?.url,
      directory: pkg.directory,
    });
    expect(manifest.license).toBe(rootManifest().license);
    expect(manifest).toMatchObject({
      type: "module",
      sideEffects: false,
      files: ["dist"],
      engines: { node: ">=24" },
      publishConfig: { access: "public" },
    });
  });

  it("given its tarball, when its files are listed, then it carries the repository's license text (Apache-2.0, as package.json says)", () => {
    expect(packed.files).toContain("LICENSE");
    expect(readFileSync(join(REPOSITORY_ROOT, pkg.directory, "LICENSE"), "utf8")).toBe(
      readFileSync(join(REPOSITORY_ROOT, "LICENSE"), "utf8"),
    );
  });

  it("given its tarball, when its exports are read, then each module entry lists types, import and a default (for require), and package.json is exported", () => {
    const exports = packed.manifest.exports ?? {};
    const modules = Object.entries(exports).filter(([, target]) => typeof target === "object");

    expect(modules.length).toBeGreaterThan(0);
    for (const [, conditions] of modules) {
      expect(Object.keys(conditions)).toEqual(["types", "import", "default"]);
    }
    expect(exports["./package.json"]).toBe("./package.json");
  });

  it("given its tarball, when publint lints it (strict: warnings count), then it reports nothing", async () => {
    const bytes = readFileSync(packed.tarball);
    const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);

    const { messages, pkg: manifest } = await publint({
      pack: { tarball },
      strict: true,
      level: "suggestion",
    });

    expect(messages.map((message) => formatMessage(message, manifest, { color: false }))).toEqual([]);
  });

  it("given its tarball, when Are the Types Wrong analyses it, then it finds no problem", () => {
    // ESM only, on purpose: a CommonJS caller require()s the ESM build, which Node 24 does (the next test proves it).
    // attw's "node16 (from CJS)" column models TypeScript's node16 mode (its TypeScript is 5.6), where a require of
    // ESM is an error, and reports it as cjs-resolves-to-esm: the one rule ignored. The esm-only profile would
    // instead stop checking the node10 and node16-from-CJS columns altogether; they are kept.
    // The cloner's handler.mjs, notifier.mjs, github-webhook.mjs and run-widget.mjs are Lambda bundles (files to
    // deploy, read by path), not modules to import: they have no types by design.
    const result = spawnSync(
      attw,
      [
        packed.tarball,
        "--ignore-rules",
        "cjs-resolves-to-esm",
        "--exclude-entrypoints",
        "handler.mjs",
        "notifier.mjs",
        "github-webhook.mjs",
        "run-widget.mjs",
        "--format",
        "ascii",
        "--no-color",
      ],
      { encoding: "utf8" },
    );

    expect(result.stdout).toContain("No problems found");
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it("given the built package, when a CommonJS script require()s it on Node 24, then it gets the same exports as import", () => {
    const script = `
      const required = Object.keys(require(${JSON.stringify(pkg.name)})).sort();
      import(${JSON.stringify(pkg.name)}).then((imported) => {
        process.stdout.write(JSON.stringify({ required, imported: Object.keys(imported).sort() }));
      });`;

    const result = spawnSync(process.execPath, ["--input-type=commonjs", "-e", script], {
      cwd: here,
      encoding: "utf8",
    });

    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const { required, imported } = JSON.parse(result.stdout) as { required: string[]; imported: string[] };
    expect(required.length).toBeGreaterThan(0);
    expect(required).toEqual(imported);
  });
});

describe("@tributary/constructs, packed", () => {
  const constructs = publishedPackages().find((pkg) => pkg.name === "@tributary/constructs");
  let packed: PackedPackage;
  beforeAll(() => {
    if (constructs === undefined) throw new Error("packages/constructs is not a published package");
    packed = packPackage(constructs);
  });

  it("given its tarball, when its dependencies are read, then none is a Lambda runtime dependency (only core; CDK is a peer)", () => {
    const { dependencies = {}, peerDependencies = {} } = packed.manifest;

    expect(Object.keys(dependencies)).toEqual(["@tributary/core"]);
    expect(Object.keys(peerDependencies).sort()).toEqual(["aws-cdk-lib", "constructs"]);
  });

  it("given its tarball, when its files are listed, then it carries the cloner, notifier, GitHub webhook and run widget Lambda bundles", () => {
    expect(packed.files).toContain("dist/lambda/handler.mjs");
    expect(packed.files).toContain("dist/lambda/notifier.mjs");
    expect(packed.files).toContain("dist/lambda/github-webhook.mjs");
    expect(packed.files).toContain("dist/lambda/run-widget.mjs");
  });

  it("given its tarball, when its files are listed, then it carries the Preview step's Node program, which the Preview buildspec inlines at synth", () => {
    expect(packed.files).toContain("dist/buildspec/preview-program.mjs");
  });

  it("given its tarball, when the bundles are extracted, then they are the ones @tributary/cloner builds", () => {
    for (const file of ["handler.mjs", "notifier.mjs", "github-webhook.mjs", "run-widget.mjs"]) {
      const carried = spawnSync("tar", ["-xzOf", packed.tarball, `package/dist/lambda/${file}`]).stdout;

      const built = readFileSync(join(REPOSITORY_ROOT, "packages", "cloner", "dist", file));

      expect(carried.equals(built)).toBe(true);
    }
  });
});
