import { defineConfig } from "tsup";
import { base } from "../../tooling/tsup.base";

export default defineConfig({ ...base, entry: ["src/index.ts"] });
