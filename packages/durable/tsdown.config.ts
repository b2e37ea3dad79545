import { defineConfig } from "tsdown";

export default defineConfig({
  entry: { index: "src/index.ts", restate: "src/restate/index.ts" },
  format: "esm",
  platform: "node",
  fixedExtension: false,
  dts: true,
  sourcemap: true,
  clean: true,
});
