import { ExecutionError } from "@codeact/core";
import type { LimitErrorOptions } from "./limit-error-options.js";

const marker = Symbol.for("codeact.error.PendingJobLimitError");

/**
 * The code queued more than `maxPendingJobs` promise jobs at once.
 * The same `name` appears on an `ExecutionResult.error` when the breach only ended one execute;
 * it is thrown (with `sessionLost: true`) when the session cannot go on.
 */
export class PendingJobLimitError extends ExecutionError {
  constructor(options: LimitErrorOptions) {
    super({ ...options, code: "pending_job_limit" });
    PendingJobLimitError.mark(this, marker);
    this.name = "PendingJobLimitError";
  }

  static override isInstance(error: unknown): error is PendingJobLimitError {
    return PendingJobLimitError.hasMarker(error, marker);
  }
}
