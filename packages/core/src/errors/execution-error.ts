import { CodeActError, type CodeActErrorOptions } from "./codeact-error.js";

const marker = Symbol.for("codeact.error.ExecutionError");

/**
 * A sandbox failed as a whole (not a guest error, which is a result). Executors subclass it by
 * `code` for breached limits, e.g. `timeout`, `memory_limit`, `stack_overflow`, `output_limit`.
 */
export class ExecutionError extends CodeActError {
  /** True when the session can no longer be used and must be replaced. */
  readonly sessionLost: boolean;

  constructor(options: CodeActErrorOptions & { sessionLost?: boolean }) {
    super({ ...options, code: options.code ?? "execution_error" });
    ExecutionError.mark(this, marker);
    this.name = "ExecutionError";
    this.sessionLost = options.sessionLost ?? false;
  }

  static override isInstance(error: unknown): error is ExecutionError {
    return ExecutionError.hasMarker(error, marker);
  }
}
