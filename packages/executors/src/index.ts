export * from "./errors/index.js";
export { QuickJSExecutor, type QuickJSExecutorOptions } from "./quickjs/quickjs-executor.js";
