/** Waiting that ends the moment a signal fires, even when the awaited work ignores the signal. */
import { AbortError } from "@codeact/core";

/** The error an aborted signal stands for, always an `AbortError` from `@codeact/core`. */
export function abortError(signal: AbortSignal): AbortError {
  return AbortError.isInstance(signal.reason) ? signal.reason : new AbortError({ cause: signal.reason });
}

/** Resolves like `promise`, or rejects with the signal's reason as soon as `signal` aborts. */
export function raceAbort<T>(promise: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  const settled = Promise.resolve(promise);
  if (signal.aborted) {
    settled.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    settled.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Sleeps `ms`, or rejects with an `AbortError` the moment `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** A signal that never aborts, for calls made without one. */
export const neverAborts: AbortSignal = new AbortController().signal;
