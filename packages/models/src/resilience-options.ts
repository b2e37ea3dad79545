/** The timeout and retry settings every adapter takes. */
import type { RetryNotice } from "./retry/retry-notice.js";

/**
 * How an adapter waits and retries. Every adapter has exactly one retry policy, this one: the
 * OpenAI and Hugging Face clients' own retries are turned off so waits never multiply.
 */
export type ResilienceOptions = {
  /**
   * Milliseconds one attempt may take before it fails with a retryable `timeout` ModelError. For
   * `generate` it bounds the whole answer; for `stream` it bounds each wait for the next chunk,
   * so a long answer that keeps streaming is never cut off. Default 600,000 (ten minutes).
   */
  timeoutMs?: number;
  /** Retries after a retryable failure (429, 5xx, network, timeout). Default 2; 0 turns retries off. */
  maxRetries?: number;
  /** Backoff before the first retry; it doubles with each retry, with jitter. Default 500. */
  initialRetryDelayMs?: number;
  /**
   * Longest wait before a retry. A `Retry-After` longer than this ends the retries instead of
   * stalling the agent. Default 60,000.
   */
  maxRetryDelayMs?: number;
  /**
   * Called just before each wait for a retry, so a program can show what is happening instead of
   * going quiet: "retrying in 6 s (429 Too Many Requests, attempt 2 of 3)". An error it throws
   * ends the call with that error, without retrying. Once the retries are used up, the error
   * thrown says so: its message ends with "(gave up after 3 attempts)".
   *
   * @example
   * openai({ model: "gpt-4.1-mini", onRetry: ({ reason, delayMs }) => console.warn(reason, delayMs) });
   */
  onRetry?: (notice: RetryNotice) => void;
};

/** {@link ResilienceOptions} with every default filled in. */
export type ResilienceSettings = Required<Omit<ResilienceOptions, "onRetry">> &
  Pick<ResilienceOptions, "onRetry">;

/** Fills in defaults and rejects values that would make the policy meaningless. */
export function resilienceSettings(options: ResilienceOptions = {}): ResilienceSettings {
  const settings = {
    timeoutMs: options.timeoutMs ?? 600_000,
    maxRetries: options.maxRetries ?? 2,
    initialRetryDelayMs: options.initialRetryDelayMs ?? 500,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
  };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`${name} must be a number of at least 0, not ${value}.`);
    }
  }
  if (settings.timeoutMs === 0) throw new RangeError("timeoutMs must be more than 0.");
  if (options.onRetry !== undefined && typeof options.onRetry !== "function") {
    throw new TypeError(`onRetry must be a function, not ${typeof options.onRetry}.`);
  }
  return options.onRetry ? { ...settings, onRetry: options.onRetry } : settings;
}
