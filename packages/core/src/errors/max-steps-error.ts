import { CodeActError, type CodeActErrorOptions } from "./codeact-error.js";

const marker = Symbol.for("codeact.error.MaxStepsError");

/** A run used all of its steps without a final answer. */
export class MaxStepsError extends CodeActError {
  readonly maxSteps: number;

  constructor(options: CodeActErrorOptions & { maxSteps: number }) {
    super({ ...options, code: options.code ?? "max_steps" });
    MaxStepsError.mark(this, marker);
    this.name = "MaxStepsError";
    this.maxSteps = options.maxSteps;
  }

  static override isInstance(error: unknown): error is MaxStepsError {
    return MaxStepsError.hasMarker(error, marker);
  }
}
