export type { LimitErrorOptions } from "./limit-error-options.js";
export { MemoryLimitError } from "./memory-limit-error.js";
export { OutputLimitError } from "./output-limit-error.js";
export { PendingJobLimitError } from "./pending-job-limit-error.js";
export { StackOverflowError } from "./stack-overflow-error.js";
export { TimeoutError } from "./timeout-error.js";
export { ToolCallLimitError } from "./tool-call-limit-error.js";
