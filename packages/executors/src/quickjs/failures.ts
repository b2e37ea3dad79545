/** Errors that end a session, as opposed to guest errors and breached limits, which are results. */
import { ExecutionError } from "@codeact/core";
import { memoryError, stackError, timeoutError } from "./limit-errors.js";
import type { SessionLimits } from "./limits.js";
import { HostAllocationError } from "./sandbox-memory.js";

/** The error `execute` throws once a session has been disposed. */
export function disposedError(): ExecutionError {
  return new ExecutionError({
    message: "This QuickJS session has been disposed; create a new session.",
    code: "disposed",
    sessionLost: true,
  });
}

/**
 * The error for an execution that was stopped and left guest jobs that would not wind down:
 * they would run inside the next execute, so the session is given up.
 */
export function stuckError(limits: SessionLimits, cause: ExecutionError | undefined): ExecutionError {
  if (cause?.code === "timeout") return timeoutError(limits, { sessionLost: true });
  return new ExecutionError({
    message:
      `${cause ? `${cause.message} ` : "The code was aborted. "}` +
      "It left work running that could not be stopped; its variables are lost.",
    code: cause?.code ?? "aborted",
    sessionLost: true,
  });
}

/** What is known about the instance when an exception escaped it. */
export type FailureContext = {
  /** What Emscripten reported if it aborted. */
  abortReason?: string;
  /** Whether the execution hit the memory cap before the failure. */
  memoryExhausted: boolean;
};

/**
 * Classifies an exception that escaped the VM into the host. Such an exception means the module
 * instance itself failed (its state is unknown), so the session is lost.
 */
export function vmFailure(
  error: unknown,
  limits: SessionLimits,
  { abortReason, memoryExhausted }: FailureContext,
): ExecutionError {
  // Emscripten surfaces some failed allocations as a thrown `null`; the host's own allocations
  // in a full sandbox throw HostAllocationError; and some of QuickJS's out-of-memory paths
  // crash the instance (a trap such as "memory access out of bounds") instead of throwing.
  const trapped = error instanceof WebAssembly.RuntimeError;
  if (error === null || error instanceof HostAllocationError || (trapped && memoryExhausted)) {
    return memoryError(limits, { sessionLost: true, cause: error });
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    // Recursion exhausted the host's native stack before QuickJS's own check fired.
    return stackError(limits, { sessionLost: true, cause: error });
  }
  const detail = abortReason ?? (error instanceof Error ? error.message : String(error));
  return new ExecutionError({
    message: `The sandbox failed and cannot continue; its variables are lost. (${detail})`,
    code: "execution_error",
    sessionLost: true,
    cause: error,
  });
}
