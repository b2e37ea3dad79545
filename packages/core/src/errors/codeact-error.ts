/** The base of every error codeact throws, recognisable across duplicate installs. */
const marker = Symbol.for("codeact.error");

/** Options shared by every codeact error. */
export type CodeActErrorOptions = { message: string; code?: string; cause?: unknown };

/**
 * Base class of codeact errors. `code` is a stable string for programs; `message` says what to do.
 * Use `CodeActError.isInstance(e)` rather than `instanceof`: it also works when two copies of
 * `@codeact/core` are installed.
 *
 * @example
 * class QuotaError extends CodeActError {
 *   constructor(message: string) {
 *     super({ message, code: "quota" });
 *     QuotaError.mark(this, quotaMarker);
 *   }
 *   static override isInstance(error: unknown): error is QuotaError {
 *     return QuotaError.hasMarker(error, quotaMarker);
 *   }
 * }
 */
export class CodeActError extends Error {
  readonly code: string;

  constructor({ message, code = "codeact_error", cause }: CodeActErrorOptions) {
    super(message, { cause });
    CodeActError.mark(this, marker);
    this.name = "CodeActError";
    this.code = code;
  }

  static isInstance(error: unknown): error is CodeActError {
    return CodeActError.hasMarker(error, marker);
  }

  /** Whether `error` carries a class marker; markers survive duplicate installs, unlike `instanceof`. */
  protected static hasMarker(error: unknown, symbol: symbol): boolean {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[symbol] === true;
  }

  /** Tags an error with a class marker (non-enumerable, so it stays out of logs and JSON). */
  protected static mark(error: Error, symbol: symbol): void {
    Object.defineProperty(error, symbol, { value: true });
  }
}
