import { ExecutionError } from "@codeact/core";
import type { LimitErrorOptions } from "./limit-error-options.js";

const marker = Symbol.for("codeact.error.TimeoutError");

/**
 * The code ran past the executor's `timeoutMs` deadline.
 * The same `name` appears on an `ExecutionResult.error` when the breach only ended one execute;
 * it is thrown (with `sessionLost: true`) when the session cannot go on.
 */
export class TimeoutError extends ExecutionError {
  constructor(options: LimitErrorOptions) {
    super({ ...options, code: "timeout" });
    TimeoutError.mark(this, marker);
    this.name = "TimeoutError";
  }

  static override isInstance(error: unknown): error is TimeoutError {
    return TimeoutError.hasMarker(error, marker);
  }
}
