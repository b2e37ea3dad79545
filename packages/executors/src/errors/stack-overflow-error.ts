import { ExecutionError } from "@codeact/core";
import type { LimitErrorOptions } from "./limit-error-options.js";

const marker = Symbol.for("codeact.error.StackOverflowError");

/**
 * The code recursed or nested deeper than the sandbox's stack allows (`stackSizeBytes`).
 * The same `name` appears on an `ExecutionResult.error` when the breach only ended one execute;
 * it is thrown (with `sessionLost: true`) when the session cannot go on.
 */
export class StackOverflowError extends ExecutionError {
  constructor(options: LimitErrorOptions) {
    super({ ...options, code: "stack_overflow" });
    StackOverflowError.mark(this, marker);
    this.name = "StackOverflowError";
  }

  static override isInstance(error: unknown): error is StackOverflowError {
    return StackOverflowError.hasMarker(error, marker);
  }
}
