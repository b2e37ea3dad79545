/** Errors that end a session, as opposed to guest errors, which are results. */
import { ExecutionError } from "@codeact/core";

/** The error `execute` throws once a session has been disposed. */
export function disposedError(): ExecutionError {
  return new ExecutionError({
    message: "This QuickJS session has been disposed; create a new session.",
    code: "disposed",
    sessionLost: true,
  });
}

/**
 * The error for an execution that timed out or was aborted and left guest jobs that would not
 * wind down: they would run inside the next execute, so the session is given up.
 */
export function stuckError(reason: "timeout" | "abort"): ExecutionError {
  return new ExecutionError({
    message:
      reason === "timeout"
        ? "The code timed out and left work running that could not be stopped; its variables are lost."
        : "The code was aborted and left work running that could not be stopped; its variables are lost.",
    code: reason === "timeout" ? "timeout" : "aborted",
    sessionLost: true,
  });
}

/**
 * Classifies an exception that escaped the VM into the host. Such an exception means the module
 * instance itself failed (its state is unknown), so the session is lost.
 */
export function vmFailure(error: unknown): ExecutionError {
  if (error === null) {
    // Emscripten surfaces some failed allocations as a thrown `null`.
    return new ExecutionError({
      message: "The sandbox ran out of memory and cannot continue; its variables are lost.",
      code: "memory_limit",
      sessionLost: true,
    });
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    // Deep recursion exhausted the host's native stack before QuickJS's own check fired.
    return new ExecutionError({
      message: "The code recursed too deeply and the sandbox cannot continue; its variables are lost.",
      code: "stack_overflow",
      sessionLost: true,
      cause: error,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ExecutionError({
    message: `The sandbox failed and cannot continue; its variables are lost. (${detail})`,
    code: "execution_error",
    sessionLost: true,
    cause: error,
  });
}
