/** The limit errors a session reports, worded for the model that has to react to them. */
import type { ExecutionError } from "@codeact/core";
import { MemoryLimitError } from "../errors/memory-limit-error.js";
import { OutputLimitError } from "../errors/output-limit-error.js";
import { PendingJobLimitError } from "../errors/pending-job-limit-error.js";
import { StackOverflowError } from "../errors/stack-overflow-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { ToolCallLimitError } from "../errors/tool-call-limit-error.js";
import { bytes, count, type SessionLimits } from "./limits.js";

const LOST = " The session could not go on: its variables are lost.";

export { LIMIT_ERROR_NAMES } from "../shared/limit-names.js";

/** Whether the error ends the session (thrown) or only the execute (a result). */
type Lost = { sessionLost?: boolean; cause?: unknown };

/** The deadline passed. */
export function timeoutError(limits: SessionLimits, { sessionLost, cause }: Lost = {}): ExecutionError {
  return new TimeoutError({
    message:
      `The code did not finish within ${count(limits.timeoutMs)} ms (timeoutMs). ` +
      `Do less per step, and check for loops that never end.${sessionLost ? LOST : ""}`,
    sessionLost,
    cause,
  });
}

/** The memory cap was reached (or the sandbox is too full to go on). */
export function memoryError(limits: SessionLimits, { sessionLost, cause }: Lost = {}): ExecutionError {
  return new MemoryLimitError({
    message:
      `The code ran out of memory: the sandbox is capped at ${bytes(limits.memoryLimitBytes)} ` +
      `(memoryLimitBytes). Work on smaller pieces of data and drop large values you no longer ` +
      `need.${sessionLost ? LOST : ""}`,
    sessionLost,
    cause,
  });
}

/** Recursion or nesting went past the stack limit (or past the host's native stack). */
export function stackError(limits: SessionLimits, { sessionLost, cause }: Lost = {}): ExecutionError {
  return new StackOverflowError({
    message:
      `The code recursed or nested too deeply for the sandbox's ${bytes(limits.stackSizeBytes)} stack ` +
      `(stackSizeBytes). Use a loop instead of deep recursion.${sessionLost ? LOST : ""}`,
    sessionLost,
    cause,
  });
}

/**
 * A value too large to cross; `what` names it, e.g. "The argument of get_weather". `atLeast`
 * says `size` is a lower bound: the host stops writing a value's text once it is over the limit.
 */
export function outputError(
  limits: SessionLimits,
  what: string,
  size: number,
  { atLeast = false }: { atLeast?: boolean } = {},
): ExecutionError {
  return new OutputLimitError({
    message:
      `${what} is ${atLeast ? "at least " : ""}${count(size)} characters of JSON; at most ` +
      `${count(limits.maxValueChars)} (maxValueChars) can cross the sandbox boundary. Pass or return a smaller part.`,
  });
}

/** One host call too many. */
export function toolCallError(limits: SessionLimits): ExecutionError {
  return new ToolCallLimitError({
    message:
      `The code called host functions more than ${count(limits.maxToolCalls)} times in one step ` +
      `(maxToolCalls). Handle fewer items per step.`,
  });
}

/** Too many promise jobs queued at once. */
export function pendingJobError(limits: SessionLimits): ExecutionError {
  return new PendingJobLimitError({
    message:
      `The code queued more than ${count(limits.maxPendingJobs)} promise jobs at once ` +
      `(maxPendingJobs). Await work in smaller batches.`,
  });
}
