/** How long the CLI's model may take to answer, and what the CLI says while it waits to retry. */
import type { RetryNotice } from "@codeact/models";

/** The model options that `--model-timeout` and the retry notices set. */
export type ModelWaits = { timeoutMs?: number; onRetry: (notice: RetryNotice) => void };

/** `--model-timeout` in milliseconds (when given), and an `onRetry` that hands `say` a notice. */
export function modelWaits(flags: { modelTimeout?: number }, say: (text: string) => void): ModelWaits {
  return {
    ...(flags.modelTimeout !== undefined && { timeoutMs: flags.modelTimeout * 1000 }),
    onRetry: (notice) => say(retryMessage(notice)),
  };
}

/** "Model request failed; retrying in 6 s (429 Too Many Requests, attempt 2 of 3)" */
export function retryMessage(notice: RetryNotice): string {
  const { delayMs, reason, attempt, maxAttempts } = notice;
  return `Model request failed; retrying in ${seconds(delayMs)} (${reason}, attempt ${attempt} of ${maxAttempts})`;
}

// Tenths below 10 s, where they matter: "0.7 s", "1.5 s", "6 s", "42 s".
function seconds(ms: number): string {
  const value = ms / 1000;
  return `${value < 10 ? Number(value.toFixed(1)) : Math.round(value)} s`;
}
