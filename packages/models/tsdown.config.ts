import { defineConfig } from "tsdown";

export default defineConfig({
  entry: { index: "src/index.ts", "ai-sdk/index": "src/ai-sdk/index.ts" },
  format: "esm",
  platform: "neutral",
  dts: true,
  sourcemap: true,
  clean: true,
});
