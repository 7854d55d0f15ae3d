import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** This app's `src/config` module, by absolute path (so a config file anywhere can import it). */
const CONFIG_MODULE = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "config");

/**
 * Writes a `tributary.config.ts` in a fresh temporary folder (outside any package, as a user's file may be): an
 * import of this app's `defineConfig`, then `code`. Returns its path.
 *
 * @example
 * configFile('export default defineConfig({ project: "acme", repository: "infra" });\n');
 */
export function configFile(code: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "tributary-config-file-")), "tributary.config.ts");
  writeFileSync(file, `import { defineConfig } from ${JSON.stringify(CONFIG_MODULE)};\n${code}`);
  return file;
}

/**
 * The body of a config whose `environments` name `dev` twice (line 5 of the file `configFile` writes): the later
 * `dev` silently replaces the earlier, and develop loses its pipeline.
 *
 * @example
 * configFile(DUPLICATE_DEV_CONFIG);
 */
export const DUPLICATE_DEV_CONFIG = `export default defineConfig({
  project: "acme",
  repository: "infra",
  environments: { dev: { branch: "develop" }, qa: { branch: null }, prod: { branch: "main" }, dev: { branch: null } },
});
`;
