import { CodeActError, type CodeActErrorOptions } from "./codeact-error.js";

const marker = Symbol.for("codeact.error.AbortError");

/** Work stopped because its `AbortSignal` fired. */
export class AbortError extends CodeActError {
  constructor(options: Partial<CodeActErrorOptions> = {}) {
    super({
      message: options.message ?? "The operation was aborted.",
      code: options.code ?? "aborted",
      cause: options.cause,
    });
    AbortError.mark(this, marker);
    this.name = "AbortError";
  }

  static override isInstance(error: unknown): error is AbortError {
    return AbortError.hasMarker(error, marker);
  }
}
