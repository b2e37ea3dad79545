/** The codeact runner in a process of its own: full Node.js, with tools called back on the host. */
export {
  ProcessExecutor,
  type ProcessExecutorOptions,
  type RunnerExecutorLimits,
  runnerPath,
  runnerSource,
} from "./process-executor.js";
