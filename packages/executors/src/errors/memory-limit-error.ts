import { ExecutionError } from "@codeact/core";
import type { LimitErrorOptions } from "./limit-error-options.js";

const marker = Symbol.for("codeact.error.MemoryLimitError");

/**
 * The code filled the sandbox's memory (`memoryLimitBytes`).
 * The same `name` appears on an `ExecutionResult.error` when the breach only ended one execute;
 * it is thrown (with `sessionLost: true`) when the session cannot go on.
 */
export class MemoryLimitError extends ExecutionError {
  constructor(options: LimitErrorOptions) {
    super({ ...options, code: "memory_limit" });
    MemoryLimitError.mark(this, marker);
    this.name = "MemoryLimitError";
  }

  static override isInstance(error: unknown): error is MemoryLimitError {
    return MemoryLimitError.hasMarker(error, marker);
  }
}
