import { defineConfig } from "tsdown";

export default defineConfig([
  {
    // The worker thread's script is an entry of its own: pools start it by URL beside the bundle.
    entry: { index: "src/index.ts", "quickjs-thread": "src/quickjs/worker/thread.ts" },
    format: "esm",
    platform: "neutral",
    // Only the worker thread's script imports it, and only Node starts that script.
    external: ["node:worker_threads"],
    dts: true,
    sourcemap: true,
    clean: true,
  },
  {
    // Executors that start processes: Node only, so not in the browser-safe main entry.
    entry: { process: "src/process/index.ts", e2b: "src/e2b/index.ts" },
    external: ["e2b"],
    format: "esm",
    platform: "node",
    fixedExtension: false,
    dts: true,
    sourcemap: true,
    clean: false,
  },
  {
    // The runner is uploaded as one file to where the code runs: everything it needs is inside.
    entry: { runner: "src/runner/runner.ts" },
    format: "esm",
    platform: "node",
    fixedExtension: false,
    noExternal: [/.*/],
    // One file, the parser included: a dynamic import would need a second one beside it.
    outputOptions: { inlineDynamicImports: true },
    dts: false,
    sourcemap: false,
    clean: false,
  },
]);
