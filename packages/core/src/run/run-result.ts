/** What a run returns: a union on `status`, so `output` is typed only where it was validated. */
import type { Usage } from "../model.js";
import type { Step } from "./steps.js";

/** What went wrong, as plain data: the error's `name`, `message` and stable `code`. */
export type RunError = { name: string; message: string; code?: string };

type RunResultBase = {
  runId: string;
  /** The run's memory, a snapshot: later runs (`reset: false` included) never change it. */
  steps: Step[];
  /** Summed over every model call of the run: planning, failed or aborted steps and the best answer included. */
  usage: Usage;
  durationMs: number;
};

/**
 * The outcome of `agent.run(...)`. On `success`, `output` is the accepted final answer. On
 * `max_steps`, `output` is there only if the best answer asked for at the end passed the same
 * checks; its raw text is `fallbackText` either way. `error` says why a run did not succeed. A
 * journaled run whose approver answered `"suspend"` ends `suspended`, with `pendingApproval`.
 */
export type RunResult<Output = unknown> =
  | (RunResultBase & { status: "success"; output: Output; error?: undefined })
  | (RunResultBase & {
      status: "max_steps" | "error" | "aborted" | "suspended";
      output?: Output;
      /** The model's best answer when steps ran out, as it wrote it. */
      fallbackText?: string;
      error: RunError;
      /** On `suspended`: the call waiting for approval; resume with a decision for its `key`. */
      pendingApproval?: PendingApproval;
    });

/** A tool call a suspended run waits on: `key` is its idempotency key, `runId:step:call`. */
export type PendingApproval = { key: string; name: string; input: unknown };

/** How a run ended. */
export type RunStatus = RunResult["status"];

/** Adds `more` to `total` in place; a missing cached count stays missing until one is reported. */
export function addUsage(total: Usage, more: Usage): void {
  total.inputTokens += more.inputTokens;
  total.outputTokens += more.outputTokens;
  if (more.cachedInputTokens !== undefined) {
    total.cachedInputTokens = (total.cachedInputTokens ?? 0) + more.cachedInputTokens;
  }
}
