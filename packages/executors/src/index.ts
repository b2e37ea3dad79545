export { QuickJSExecutor, type QuickJSExecutorOptions } from "./quickjs/quickjs-executor.js";
