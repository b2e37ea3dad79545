/** The base of every error codeact throws, recognisable across duplicate installs. */
const marker = Symbol.for("codeact.error");

/** Options shared by every codeact error. */
export type CodeActErrorOptions = { message: string; code?: string; cause?: unknown };

/**
 * Base class of codeact errors. `code` is a stable string for programs; `message` says what to do.
 * Use `CodeActError.isInstance(e)` rather than `instanceof`: it also works when two copies of
 * `@codeact/core` are installed.
 */
export class CodeActError extends Error {
  readonly code: string;

  constructor({ message, code = "codeact_error", cause }: CodeActErrorOptions) {
    super(message, { cause });
    mark(this, marker);
    this.name = "CodeActError";
    this.code = code;
  }

  static isInstance(error: unknown): error is CodeActError {
    return hasMarker(error, marker);
  }
}

/**
 * Whether `error` carries a class marker; markers survive duplicate installs, unlike `instanceof`.
 * For packages that define their own `CodeActError` subclasses with a `static isInstance`.
 */
export function hasMarker(error: unknown, symbol: symbol): boolean {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[symbol] === true;
}

/** Tags an error with a class marker (non-enumerable, so it stays out of logs and JSON). */
export function mark(error: Error, symbol: symbol): void {
  Object.defineProperty(error, symbol, { value: true });
}
