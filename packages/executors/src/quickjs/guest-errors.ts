/** Turns a guest error read out of the VM into the error of an `ExecutionResult`. */
import type { ExecutionResult } from "@codeact/core";
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
 * The result error for a thrown guest value. QuickJS's own "out of memory" and "stack overflow"
 * errors are renamed after the limit they hit (`MemoryLimitError`, `StackOverflowError`), as is
 * the `null` QuickJS throws when it cannot even allocate the error. `line` is the first line in
 * this execute's code the stack mentions, or the line a syntax error is on.
 */
export function guestError(info: GuestErrorInfo, context: ErrorContext): GuestError {
  const error = limitError(info, context) ?? { name: info.name, message: info.message };
  const line = errorLine(info, context);
  if (line !== undefined) error.line = line;
  return error;
}

function limitError(info: GuestErrorInfo, { limits, memoryExhausted }: ErrorContext): GuestError | undefined {
  const outOfMemory =
    (info.name === "InternalError" && info.message === "out of memory") ||
    (info.thrown === "null" && memoryExhausted);
  const source = outOfMemory
    ? memoryError(limits)
    : info.message === "stack overflow" && ["InternalError", "SyntaxError", "RangeError"].includes(info.name)
      ? stackError(limits)
      : undefined;
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
