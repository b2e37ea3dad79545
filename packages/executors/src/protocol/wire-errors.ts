/** Errors as they cross the sandbox protocol, and back into the typed errors of this package. */
import { AbortError, ExecutionError } from "@codeact/core";
import { MemoryLimitError } from "../errors/memory-limit-error.js";
import { OutputLimitError } from "../errors/output-limit-error.js";
import { PendingJobLimitError } from "../errors/pending-job-limit-error.js";
import { StackOverflowError } from "../errors/stack-overflow-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { ToolCallLimitError } from "../errors/tool-call-limit-error.js";
import type { WireFailure } from "./messages.js";

type LimitErrorClass = new (options: { message: string; sessionLost?: boolean }) => ExecutionError;

/** The limit errors by their stable code. */
const LIMIT_ERRORS: Record<string, LimitErrorClass> = {
  timeout: TimeoutError,
  memory_limit: MemoryLimitError,
  stack_overflow: StackOverflowError,
  output_limit: OutputLimitError,
  tool_call_limit: ToolCallLimitError,
  pending_job_limit: PendingJobLimitError,
};

/** An error thrown by a session, as it crosses. */
export function toWireFailure(error: unknown): WireFailure {
  if (AbortError.isInstance(error)) return { name: "AbortError", message: error.message, code: "aborted" };
  if (ExecutionError.isInstance(error)) {
    const failure: WireFailure = { name: error.name, message: error.message, code: error.code };
    if (error.sessionLost) failure.sessionLost = true;
    return failure;
  }
  const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
  return { name, message };
}

/**
 * The typed error for a failure that crossed: an `AbortError`, a limit error by its code, or an
 * `ExecutionError`. `cause` is the abort reason, when the host knows it.
 */
export function fromWireFailure(failure: WireFailure, cause?: unknown): Error {
  if (failure.code === "aborted") return new AbortError({ message: failure.message, cause });
  const LimitError = failure.code ? LIMIT_ERRORS[failure.code] : undefined;
  if (LimitError) return new LimitError({ message: failure.message, sessionLost: failure.sessionLost });
  return new ExecutionError({
    message: failure.message,
    code: failure.code ?? "execution_error",
    sessionLost: failure.sessionLost ?? false,
  });
}

/** The limit error a host refusal carries (`result` with `stop`), rebuilt in the sandbox. */
export function limitFromWire(error: { name: string; message: string; code?: string }): ExecutionError {
  const LimitError = error.code ? LIMIT_ERRORS[error.code] : undefined;
  return LimitError
    ? new LimitError({ message: error.message })
    : new ExecutionError({ message: error.message, code: error.code ?? "execution_error" });
}
