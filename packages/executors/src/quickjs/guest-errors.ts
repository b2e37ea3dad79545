/** Turns a guest error read out of the VM into the error of an `ExecutionResult`. */
import type { ExecutionResult } from "@codeact/core";
import { ownError } from "../shared/limit-names.js";
import { memoryError, stackError } from "./limit-errors.js";
import type { SessionLimits } from "./limits.js";
import type { GuestErrorInfo } from "./realm.js";

/** The `error` of an `ExecutionResult`. */
export type GuestError = NonNullable<ExecutionResult["error"]>;

/** What an error is read against: the execute's file name and whether it hit the memory cap. */
export type ErrorContext = {
  filename: string;
  limits: SessionLimits;
  memoryExhausted: boolean;
};

/**
 * The result error for a thrown guest value. Only the host decides that a limit was hit:
 *
 * - out of memory (`MemoryLimitError`) needs host evidence, the sandbox's memory refusing to
 *   grow during this execute, and then either QuickJS's own "out of memory" error or the `null`
 *   it throws when it cannot even allocate that;
 * - stack overflow (`StackOverflowError`) needs an error the engine raised, not one the code
 *   made (the prelude tells them apart, see `prelude/errors.ts`);
 * - an error of the code's own named like a limit error (`TimeoutError`, ...) is reported as an
 *   `Error` whose message starts with that name and says the code raised it, so it cannot pass
 *   for a breach.
 *
 * `line` is the first line in this execute's code the stack mentions, or the line a syntax
 * error is on.
 */
export function guestError(info: GuestErrorInfo, context: ErrorContext): GuestError {
  const error: GuestError = limitError(info, context) ?? ownError(info);
  const line = errorLine(info, context);
  if (line !== undefined) error.line = line;
  return error;
}

/** What follows the message of a guest error named like a limit error. */
export { NOT_A_LIMIT } from "../shared/limit-names.js";

function limitError(info: GuestErrorInfo, { limits, memoryExhausted }: ErrorContext): GuestError | undefined {
  const outOfMemory = memoryExhausted && (info.engine === "memory" || info.thrown === "null");
  const source = outOfMemory ? memoryError(limits) : info.engine === "stack" ? stackError(limits) : undefined;
  return source && { name: source.name, message: source.message };
}

function errorLine(info: GuestErrorInfo, { filename }: ErrorContext): number | undefined {
  // The first frame in this execute's own code: the line the model wrote, not a line of an
  // earlier execute that defined a function, nor one inside the prelude.
  return (info.stack === undefined ? undefined : lineIn(info.stack, filename)) ?? info.lineNumber;
}

/**
 * The number after the first `filename:` in `stack` that has one. A scan with `indexOf`, not a
 * RegExp built from the name: the stack is the guest's text, and each step here is linear in it.
 */
export function lineIn(stack: string, filename: string): number | undefined {
  const needle = `${filename}:`;
  for (let at = stack.indexOf(needle); at !== -1; at = stack.indexOf(needle, at + 1)) {
    const start = at + needle.length;
    let end = start;
    while (end < stack.length && isDigit(stack.charCodeAt(end))) end++;
    const line = Number(stack.slice(start, end));
    if (end > start && Number.isSafeInteger(line) && line > 0) return line;
  }
  return undefined;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
