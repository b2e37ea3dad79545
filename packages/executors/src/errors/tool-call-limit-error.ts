import { ExecutionError } from "@codeact/core";
import type { LimitErrorOptions } from "./limit-error-options.js";

const marker = Symbol.for("codeact.error.ToolCallLimitError");

/**
 * The code called host functions more than `maxToolCalls` times in one execute.
 * The same `name` appears on an `ExecutionResult.error` when the breach only ended one execute;
 * it is thrown (with `sessionLost: true`) when the session cannot go on.
 */
export class ToolCallLimitError extends ExecutionError {
  constructor(options: LimitErrorOptions) {
    super({ ...options, code: "tool_call_limit" });
    ToolCallLimitError.mark(this, marker);
    this.name = "ToolCallLimitError";
  }

  static override isInstance(error: unknown): error is ToolCallLimitError {
    return ToolCallLimitError.hasMarker(error, marker);
  }
}
