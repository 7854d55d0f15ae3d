/** The workspace's published packages, and their tarballs as `pnpm pack` writes them for the registry. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root folder. */
export const REPOSITORY_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** The fields of a package.json these checks read. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly repository?: { readonly type?: string; readonly url?: string; readonly directory?: string };
  readonly type?: string;
  readonly sideEffects?: boolean;
  readonly files?: readonly string[];
  readonly exports?: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly engines?: Readonly<Record<string, string>>;
  readonly publishConfig?: { readonly access?: string };
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/** A package of `packages/` that is not private: it is published to the registry. */
export interface PublishedPackage {
  readonly name: string;
  /** Its folder, relative to the repository root (`packages/core`). */
  readonly directory: string;
}

function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, "utf8")) as Manifest;
}

/**
 * The repository's own package.json (its `repository` is the one every published package names).
 *
 * @example
 * rootManifest().repository?.url; // "git+https://github.com/…/tributary.git"
 */
export function rootManifest(): Manifest {
  return readManifest(join(REPOSITORY_ROOT, "package.json"));
}

/**
 * Every package under `packages/` whose package.json is not `private`.
 *
 * @example
 * publishedPackages().map((pkg) => pkg.name); // ["@tributary/cloner", "@tributary/constructs", "@tributary/core"]
 */
export function publishedPackages(): PublishedPackage[] {
  return readdirSync(join(REPOSITORY_ROOT, "packages"))
    .sort()
    .map((folder) => ({
      directory: `packages/${folder}`,
      manifest: readManifest(join(REPOSITORY_ROOT, "packages", folder, "package.json")),
    }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ directory, manifest }) => ({ name: manifest.name, directory }));
}

/** A package as the registry would receive it. */
export interface PackedPackage {
  /** The `.tgz` file. */
  readonly tarball: string;
  /** The package.json inside the tarball (`workspace:` ranges already replaced by versions). */
  readonly manifest: Manifest;
  /** The paths inside the tarball, relative to its `package/` folder. */
  readonly files: readonly string[];
}

/**
 * Packs a published package with `pnpm pack` (as `pnpm publish` would) into a fresh temporary folder.
 *
 * @example
 * const { manifest, files } = packPackage({ name: "@tributary/core", directory: "packages/core" });
 * files.includes("dist/index.js"); // true
 */
export function packPackage(pkg: PublishedPackage): PackedPackage {
  const destination = mkdtempSync(join(tmpdir(), "tributary-pack-"));
  const report = JSON.parse(
    execFileSync("pnpm", ["pack", "--json", "--pack-destination", destination], {
      cwd: join(REPOSITORY_ROOT, pkg.directory),
      encoding: "utf8",
    }),
  ) as { filename: string; files: { path: string }[] };
  const manifest = JSON.parse(
    execFileSync("tar", ["-xzOf", report.filename, "package/package.json"], { encoding: "utf8" }),
  ) as Manifest;
  return { tarball: report.filename, manifest, files: report.files.map((file) => file.path).sort() };
}
