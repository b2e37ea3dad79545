/** What a run returns. */
import type { Usage } from "../model.js";
import type { Step } from "./memory.js";

/** How a run ended. `max_steps` still carries the model's best answer in `output`. */
export type RunStatus = "success" | "max_steps" | "error" | "aborted";

/** The outcome of `agent.run(...)`; `output` is the validated final answer on success. */
export type RunResult<Output = unknown> = {
  status: RunStatus;
  output: Output | undefined;
  steps: Step[];
  /** Summed over every model call of the run, planning and the final answer included. */
  usage: Usage;
  durationMs: number;
  error?: { name: string; message: string; code?: string };
};

/** Adds `more` to `total` in place; a missing cached count stays missing until one is reported. */
export function addUsage(total: Usage, more: Usage): void {
  total.inputTokens += more.inputTokens;
  total.outputTokens += more.outputTokens;
  if (more.cachedInputTokens !== undefined) {
    total.cachedInputTokens = (total.cachedInputTokens ?? 0) + more.cachedInputTokens;
  }
}
