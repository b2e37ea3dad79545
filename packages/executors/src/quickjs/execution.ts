/** The state of one `execute` call: its deadline, logs, host calls in flight, and how it was stopped. */
import { AbortError, type HostFunction } from "@codeact/core";
import type { QuickJSDeferredPromise } from "quickjs-emscripten-core";
import { LogBuffer } from "./console.js";

/** The host function whose successful call is recorded as the final answer. */
export const FINAL_ANSWER = "final_answer";

/** Why an execution stopped before its code finished. */
export type StopReason = "timeout" | "abort" | "disposed";

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** One host function call made by the guest; `deferred` is the guest promise it returned. */
export type HostCall = { name: string; input: unknown; deferred: QuickJSDeferredPromise; outcome?: Outcome };

export type ExecutionOptions = { timeoutMs: number; maxLogChars: number; signal?: AbortSignal };

export class Execution {
  readonly logs: LogBuffer;
  readonly deadline: number;
  stopReason: StopReason | undefined;
  /** Set once the code has finished: reading its value out may run guest code, which must not start host calls. */
  closed = false;
  finalAnswer: { value: unknown } | undefined;
  /** The last rejection of `final_answer`, reported when the code itself did not fail. */
  finalAnswerError: unknown;
  /** Calls whose outcome has not been handed to the guest yet. */
  readonly pending = new Set<HostCall>();
  /** Calls settled on the host, waiting for the pump to hand them to the guest. */
  readonly settled: HostCall[] = [];

  /** Aborted when the execution ends, for whatever reason: host functions see it as their `signal`. */
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = () => this.stop("abort");
  private wakeUp: (() => void) | undefined;
  private finished = false;

  constructor(options: ExecutionOptions) {
    this.logs = new LogBuffer(options.maxLogChars);
    this.deadline = Date.now() + options.timeoutMs;
    // The interrupt handler enforces the deadline while guest code runs; this timer enforces it
    // while the pump waits for host functions.
    this.timer = setTimeout(() => this.stop("timeout"), options.timeoutMs);
    this.signal = options.signal;
    this.signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  /** Runs a host function for the guest. Its outcome is queued for the pump, never applied here. */
  start(call: HostCall, fn: HostFunction): void {
    this.pending.add(call);
    const { signal } = this.controller;
    Promise.resolve()
      .then(() => fn(call.input, { signal }))
      .then(
        (value): Outcome => ({ ok: true, value }),
        (error: unknown): Outcome => ({ ok: false, error }),
      )
      .then((outcome) => {
        if (this.finished) return;
        call.outcome = outcome;
        if (call.name === FINAL_ANSWER) {
          if (outcome.ok) this.finalAnswer = { value: call.input };
          else this.finalAnswerError = outcome.error;
        }
        this.settled.push(call);
        this.wake();
      });
  }

  /** Whether the code must stop now. Polled by QuickJS's interrupt handler and between job batches. */
  shouldStop(): boolean {
    if (this.stopReason === undefined && Date.now() >= this.deadline) this.stopReason = "timeout";
    return this.stopReason !== undefined;
  }

  /** Asks the execution to stop; the first reason wins. */
  stop(reason: StopReason): void {
    this.stopReason ??= reason;
    this.wake();
  }

  /** Resolves at the next host call outcome or stop request. */
  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }

  /** Ends the execution: aborts host calls still running and frees their guest promises. */
  finish(): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.signal?.removeEventListener("abort", this.onAbort);
    this.controller.abort(
      this.stopReason === "timeout"
        ? new AbortError({ message: "The code calling this function timed out.", code: "timeout" })
        : new AbortError({
            message: "The code calling this function has stopped.",
            cause: this.signal?.reason,
          }),
    );
    for (const call of this.pending) call.deferred.dispose();
    this.pending.clear();
    this.settled.length = 0;
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }
}
