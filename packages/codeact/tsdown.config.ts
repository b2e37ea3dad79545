import { readFileSync } from "node:fs";
import { defineConfig } from "tsdown";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

export default defineConfig({
  entry: { index: "src/index.ts", "ai-sdk": "src/ai-sdk.ts", testing: "src/testing.ts", cli: "src/cli.ts" },
  format: "esm",
  platform: "node",
  fixedExtension: false,
  dts: true,
  sourcemap: true,
  clean: true,
  define: { __CODEACT_VERSION__: JSON.stringify(version) },
});
