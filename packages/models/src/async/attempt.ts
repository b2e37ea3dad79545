/** One attempt at a model call: its own signal, aborted by the caller's signal or by a timer. */

/**
 * Links the caller's signal to a fresh controller and arms a timer. The timer can be paused and
 * re-armed, which makes it an idle timeout for streams. `dispose()` aborts the attempt's signal
 * so whatever request is still open is cancelled.
 */
export class Attempt {
  readonly #controller = new AbortController();
  readonly #outer: AbortSignal;
  readonly #timeoutMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timedOut = false;

  constructor(outer: AbortSignal, timeoutMs: number) {
    this.#outer = outer;
    this.#timeoutMs = timeoutMs;
    if (outer.aborted) this.#controller.abort(outer.reason);
    else outer.addEventListener("abort", this.#onOuterAbort, { once: true });
    this.start();
  }

  /** Aborts when the caller aborts, when the timer fires, or after `dispose()`. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the timer, not the caller, ended the attempt. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Arms (or re-arms) the timer for a full `timeoutMs`. */
  start(): void {
    this.pause();
    if (this.signal.aborted) return;
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort(new Error(`timed out after ${this.#timeoutMs} ms`));
    }, this.#timeoutMs);
  }

  /** Stops the timer, e.g. while a consumer holds a streamed part. */
  pause(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Ends the attempt: stops the timer, unlinks the caller's signal, cancels open requests. */
  dispose(): void {
    this.pause();
    this.#outer.removeEventListener("abort", this.#onOuterAbort);
    if (!this.signal.aborted) this.#controller.abort(new Error("The attempt is over."));
  }

  readonly #onOuterAbort = () => {
    this.pause();
    this.#controller.abort(this.#outer.reason);
  };
}
