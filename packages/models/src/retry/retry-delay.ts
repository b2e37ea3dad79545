/** Exponential backoff with jitter, deferring to the server's Retry-After. */
import type { ClassifiedError } from "../errors/to-model-error.js";
import type { ResilienceSettings } from "../resilience-options.js";

/**
 * The wait before retry number `retry` (0 for the first), or `undefined` when the failure must
 * not be retried: it is not retryable, the retries are used up, or the server asked for a longer
 * wait than `maxRetryDelayMs`. Jitter keeps the delay between half and all of the backoff, so
 * many agents hitting one rate limit do not retry in lockstep.
 */
export function retryDelay(
  failure: ClassifiedError,
  retry: number,
  settings: ResilienceSettings,
  random: () => number = Math.random,
): number | undefined {
  if (!failure.error.retryable || retry >= settings.maxRetries) return undefined;
  if (failure.retryAfterMs !== undefined) {
    return failure.retryAfterMs <= settings.maxRetryDelayMs ? failure.retryAfterMs : undefined;
  }
  const backoff = Math.min(settings.maxRetryDelayMs, settings.initialRetryDelayMs * 2 ** retry);
  return backoff / 2 + (random() * backoff) / 2;
}
