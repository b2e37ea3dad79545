/** Waiting that ends the moment a signal fires, even when the awaited work ignores the signal. */
import { AbortError } from "../errors/abort-error.js";

/** Resolves like `work` (a promise or a plain value), or rejects with an {@link AbortError} as soon as `signal` aborts. */
export function abortable<T>(work: T | PromiseLike<T>, signal: AbortSignal): Promise<T> {
  const promise = Promise.resolve(work);
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The error an aborted signal stands for, always an {@link AbortError}. */
export function abortReason(signal: AbortSignal): AbortError {
  return AbortError.isInstance(signal.reason) ? signal.reason : new AbortError({ cause: signal.reason });
}
