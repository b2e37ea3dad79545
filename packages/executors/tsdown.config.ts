import { defineConfig } from "tsdown";

export default defineConfig({
  // The worker thread's script is an entry of its own: pools start it by URL beside the bundle.
  entry: { index: "src/index.ts", "quickjs-thread": "src/quickjs/worker/thread.ts" },
  format: "esm",
  platform: "neutral",
  // Only the worker thread's script imports it, and only Node starts that script.
  external: ["node:worker_threads"],
  dts: true,
  sourcemap: true,
  clean: true,
});
