export { AbortError } from "./abort-error.js";
export { CodeActError, type CodeActErrorOptions } from "./codeact-error.js";
export { ExecutionError } from "./execution-error.js";
export { MaxStepsError } from "./max-steps-error.js";
export { ModelError, type ModelErrorCode } from "./model-error.js";
export { ParsingError } from "./parsing-error.js";
export { ToolError } from "./tool-error.js";
