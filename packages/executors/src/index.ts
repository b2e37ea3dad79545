export * from "./errors/index.js";
export { QuickJSExecutor, type QuickJSExecutorOptions } from "./quickjs/quickjs-executor.js";
export { QuickJSWorkerPool, type QuickJSWorkerPoolOptions } from "./quickjs/worker/pool.js";
