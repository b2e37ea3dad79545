import { CodeActError, type CodeActErrorOptions } from "./codeact-error.js";

const marker = Symbol.for("codeact.error.ParsingError");

/** The model's answer held no runnable action. The message is written for the model to fix it. */
export class ParsingError extends CodeActError {
  constructor(options: CodeActErrorOptions) {
    super({ ...options, code: options.code ?? "parsing_error" });
    ParsingError.mark(this, marker);
    this.name = "ParsingError";
  }

  static override isInstance(error: unknown): error is ParsingError {
    return ParsingError.hasMarker(error, marker);
  }
}
