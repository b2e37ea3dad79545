import { ExecutionError } from "@codeact/core";
import type { LimitErrorOptions } from "./limit-error-options.js";

const marker = Symbol.for("codeact.error.OutputLimitError");

/**
 * A value crossing the sandbox boundary was larger than `maxValueChars` characters of JSON.
 * The same `name` appears on an `ExecutionResult.error` when the breach only ended one execute;
 * it is thrown (with `sessionLost: true`) when the session cannot go on.
 */
export class OutputLimitError extends ExecutionError {
  constructor(options: LimitErrorOptions) {
    super({ ...options, code: "output_limit" });
    OutputLimitError.mark(this, marker);
    this.name = "OutputLimitError";
  }

  static override isInstance(error: unknown): error is OutputLimitError {
    return OutputLimitError.hasMarker(error, marker);
  }
}
