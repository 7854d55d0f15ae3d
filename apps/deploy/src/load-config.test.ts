import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@tributary/core";
import { describe, expect, it } from "vitest";
import { ConfigFileError, loadConfig } from "./load-config";

function file(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "tributary-config-")), name);
  writeFileSync(path, content);
  return path;
}

describe("loadConfig", () => {
  it("given a JSON config, when loaded, then it is validated by defineConfig", async () => {
    const config = await loadConfig(
      file("c.json", JSON.stringify({ project: "shop", repository: "shop-infra" })),
    );

    expect(config.tributary.project).toBe("shop");
    expect(config.app.repository.create).toBe(true);
  });

  it("given a module whose default export is a plain input object, when loaded, then it is validated too", async () => {
    const config = await loadConfig(
      file(
        "c.mjs",
        'export default { project: "shop", repository: "shop-infra", app: { repository: { create: false } } };',
      ),
    );

    expect(config.app.repository.create).toBe(false);
  });

  it("given a module with a bad value, when loaded, then core's ConfigError is thrown", async () => {
    await expect(
      loadConfig(file("c.mjs", 'export default { project: "shop", repository: "a.git" };')),
    ).rejects.toThrow(ConfigError);
  });

  it.each([
    {
      name: "a missing file",
      path: () => "/nonexistent/tributary.config.ts",
      message: "the file does not exist",
    },
    { name: "broken JSON", path: () => file("c.json", "{ project: "), message: "it is not valid JSON" },
    {
      name: "no default export",
      path: () => file("c.mjs", "export const config = 1;"),
      message: "it has no config as its default export",
    },
  ])(
    "given $name, when loaded, then a ConfigFileError names the file and the fix",
    async ({ path, message }) => {
      const target = path();

      const error = await loadConfig(target).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ConfigFileError);
      expect((error as ConfigFileError).message).toContain(
        `Cannot load Tributary config ${target}: ${message}`,
      );
      expect((error as ConfigFileError).message).toMatch(/Fix: /);
    },
  );
});
