/** The E2B executor: code in an E2B cloud sandbox with full Node.js, tools on the host. */
export { E2BExecutor, type E2BExecutorOptions } from "./e2b-executor.js";
