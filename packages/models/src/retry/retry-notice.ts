/** What a caller is told before each retry wait, and the error it gets once the retries end. */
import { ModelError } from "@codeact/core";
import type { ClassifiedError } from "../errors/to-model-error.js";
import type { ResilienceSettings } from "../resilience-options.js";
import { retryDelay } from "./retry-delay.js";

/**
 * A retry about to happen, handed to `onRetry` just before the wait: which attempt comes next,
 * how long the wait is and what failed. A plain object, so it can be logged or sent as JSON
 * (apart from `error`).
 *
 * @example
 * const model = openai({
 *   model: "gpt-4.1-mini",
 *   onRetry: (notice) =>
 *     console.warn(`retrying in ${notice.delayMs} ms (${notice.reason}, attempt ${notice.attempt} of ${notice.maxAttempts})`),
 * });
 */
export type RetryNotice = {
  /** The attempt that is made after the wait: 2 for the first retry. */
  attempt: number;
  /** Attempts allowed in all, the first one included: `maxRetries + 1`. */
  maxAttempts: number;
  /** Milliseconds until that attempt: the server's `Retry-After` when it sent one, else the backoff. */
  delayMs: number;
  /** The failure being retried. */
  error: ModelError;
  /** The HTTP status of the failure, when there was one. */
  status?: number;
  /** The failure in a few words for a status line: "429 Too Many Requests", "timed out", "network error". */
  reason: string;
};

/** What to do after a failed attempt: wait and try again, or throw. */
export type RetryStep = { notice: RetryNotice } | { error: ModelError };

/**
 * Decides the step after attempt number `attempts` (1 for the first) failed with `failure`. When
 * the retries end on a retryable failure, the error's message says how many attempts were made.
 */
export function afterFailure(
  failure: ClassifiedError,
  attempts: number,
  settings: ResilienceSettings,
  random?: () => number,
): RetryStep {
  const { error } = failure;
  const delayMs = retryDelay(failure, attempts - 1, settings, random);
  if (delayMs === undefined) return { error: finalError(failure, attempts, settings) };
  const notice: RetryNotice = {
    attempt: attempts + 1,
    maxAttempts: settings.maxRetries + 1,
    delayMs,
    error,
    ...(error.status !== undefined && { status: error.status }),
    reason: retryReason(error),
  };
  return { notice };
}

/** A short description of why a call failed: the status and its name, or the kind of failure. */
export function retryReason(error: ModelError): string {
  const words = reasonWords[error.code] ?? error.code.replaceAll("_", " ");
  if (error.status === undefined) return words;
  return `${error.status} ${statusText[error.status] ?? words}`;
}

const statusText: Record<number, string> = {
  408: "Request Timeout",
  409: "Conflict",
  425: "Too Early",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  529: "Overloaded",
};

const reasonWords: Partial<Record<ModelError["code"], string>> = {
  rate_limited: "rate limited",
  server_error: "server error",
  timeout: "timed out",
  network: "network error",
};

function finalError(failure: ClassifiedError, attempts: number, settings: ResilienceSettings): ModelError {
  const { error } = failure;
  if (!error.retryable || settings.maxRetries === 0) return error;
  const made = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
  const why =
    attempts <= settings.maxRetries && failure.retryAfterMs !== undefined
      ? `: the server asked to wait ${seconds(failure.retryAfterMs)}, more than the ${seconds(settings.maxRetryDelayMs)} maxRetryDelayMs allows`
      : "";
  return new ModelError({
    code: error.code,
    message: `${error.message} (gave up after ${made}${why})`,
    retryable: error.retryable,
    status: error.status,
    cause: error.cause,
  });
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
