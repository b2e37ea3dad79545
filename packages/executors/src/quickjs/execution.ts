/** The state of one `execute` call: its deadline, logs, host calls in flight, and how it was stopped. */
import { AbortError, type ExecutionError, type HostFunction } from "@codeact/core";
import type { QuickJSDeferredPromise } from "quickjs-emscripten-core";
import { LogBuffer } from "./console.js";
import { pendingJobError, timeoutError } from "./limit-errors.js";
import type { SessionLimits } from "./limits.js";
import type { SandboxMemory } from "./sandbox-memory.js";

/** The host function whose successful call is recorded as the final answer. */
export const FINAL_ANSWER = "final_answer";

/** Why an execution stopped before its code finished: an abort, a disposal, or a breached limit. */
export type StopReason = { type: "abort" } | { type: "disposed" } | { type: "limit"; error: ExecutionError };

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * One host function call or timer started by the guest; `deferred` is the guest promise it
 * returned. Timers do not keep an execute running; tool calls do.
 */
export type HostCall = {
  name: string;
  input: unknown;
  deferred: QuickJSDeferredPromise;
  timer?: ReturnType<typeof setTimeout>;
  outcome?: Outcome;
};

/** What an execution is created with. */
export type ExecutionOptions = {
  limits: SessionLimits;
  memory: SandboxMemory;
  /** Counts the guest's queued jobs up to `max + 1`; `undefined` when they cannot be counted. */
  countJobs: (max: number) => number | undefined;
  signal?: AbortSignal;
};

/** How often, at most, the queued jobs are counted: counting walks a list. */
const JOB_COUNT_INTERVAL_MS = 5;

/**
 * One `execute` in flight. The session creates it, the interrupt handler and the pump poll
 * `shouldStop`, host functions run through `start`, and `finish` releases whatever is left.
 */
export class Execution {
  readonly logs: LogBuffer;
  readonly deadline: number;
  readonly limits: SessionLimits;
  stopReason: StopReason | undefined;
  /** Set once the code has finished: reading its value out may run guest code, which must not start host calls. */
  closed = false;
  finalAnswer: { value: unknown } | undefined;
  /** Names of host calls the code never awaited that were pending when it finished; set once it has. */
  unawaited: string[] | undefined;
  /** What the last expression's value was when the code finished, if it was a promise. */
  promiseAtEnd: "pending" | "fulfilled" | "rejected" | undefined;
  /** Tool calls whose outcome has not been handed to the guest yet. */
  readonly pending = new Set<HostCall>();
  /** Timers that have not fired yet. */
  readonly timers = new Set<HostCall>();
  /** Calls and timers settled on the host, waiting for the pump to hand them to the guest. */
  readonly settled: HostCall[] = [];
  /** Host functions called so far. */
  calls = 0;
  /**
   * Set once a host call was rejected or refused, or a timer fired (its callback may throw): only
   * then can the guest hold a rejection nobody handled, and only then is it asked for one.
   */
  mayHaveLost = false;

  /** One controller per host call, each aborted when the execution ends, for whatever reason. */
  private readonly controllers: AbortController[] = [];
  /** The call order of the accepted final answer: the earliest called wins, not the first settled. */
  private finalAnswerOrder = Number.POSITIVE_INFINITY;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly signal: AbortSignal | undefined;
  private readonly memory: SandboxMemory;
  private readonly growFailuresAtStart: number;
  private readonly countJobs: ExecutionOptions["countJobs"];
  private readonly onAbort = () => this.stop({ type: "abort" });
  private nextJobCount = 0;
  private windingDown = false;
  private wakeUp: (() => void) | undefined;
  private finished = false;

  constructor(options: ExecutionOptions) {
    this.limits = options.limits;
    this.logs = new LogBuffer(options.limits.maxLogChars);
    this.deadline = Date.now() + options.limits.timeoutMs;
    this.memory = options.memory;
    this.growFailuresAtStart = options.memory.growFailures;
    this.countJobs = options.countJobs;
    // The interrupt handler enforces the deadline while guest code runs; this timer enforces it
    // while the pump waits for host functions.
    this.timer = setTimeout(
      () => this.stop({ type: "limit", error: timeoutError(this.limits) }),
      options.limits.timeoutMs,
    );
    this.signal = options.signal;
    this.signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  /** Whether the guest hit the memory cap during this execution. */
  get memoryExhausted(): boolean {
    return this.memory.growFailures > this.growFailuresAtStart;
  }

  /**
   * Runs a host function for the guest with a signal of its own (one shared signal would collect
   * a listener per call). Its outcome is queued for the pump, never applied here. A call whose
   * execution ended before it could start does not start.
   */
  start(call: HostCall, fn: HostFunction): void {
    this.pending.add(call);
    const controller = new AbortController();
    this.controllers.push(controller);
    const order = this.calls;
    Promise.resolve()
      .then(() => {
        if (this.finished) throw controller.signal.reason;
        return fn(call.input, { signal: controller.signal });
      })
      .then(
        (value): Outcome => ({ ok: true, value }),
        (error: unknown): Outcome => ({ ok: false, error }),
      )
      .then((outcome) => {
        if (this.finished) return;
        call.outcome = outcome;
        if (!outcome.ok) this.mayHaveLost = true;
        if (call.name === FINAL_ANSWER && outcome.ok && order < this.finalAnswerOrder) {
          this.finalAnswerOrder = order;
          this.finalAnswer = { value: call.input };
        }
        this.settled.push(call);
        this.wake();
      });
  }

  /** Starts a timer for the guest; it fires no later than the deadline allows. */
  startTimer(call: HostCall, ms: number): void {
    this.timers.add(call);
    call.timer = setTimeout(
      () => {
        this.timers.delete(call);
        this.mayHaveLost = true;
        call.outcome = { ok: true, value: undefined };
        this.settled.push(call);
        this.wake();
      },
      Math.min(ms, this.limits.timeoutMs),
    );
  }

  /**
   * Whether the code must stop now: stopped already, past the deadline, or too many queued jobs.
   * Polled by QuickJS's interrupt handler and between job batches.
   */
  shouldStop(): boolean {
    if (this.stopReason !== undefined || this.windingDown) return true;
    const now = Date.now();
    if (now >= this.deadline) {
      this.stop({ type: "limit", error: timeoutError(this.limits) });
    } else if (now >= this.nextJobCount) {
      this.nextJobCount = now + JOB_COUNT_INTERVAL_MS;
      const jobs = this.countJobs(this.limits.maxPendingJobs);
      if (jobs !== undefined && jobs > this.limits.maxPendingJobs) {
        this.stop({ type: "limit", error: pendingJobError(this.limits) });
      }
    }
    return this.stopReason !== undefined;
  }

  /** From now on every guest job is interrupted at once: the outcome is known, what is left is leftovers. */
  windDown(): void {
    this.windingDown = true;
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

  /** Ends the execution: aborts host calls still running, clears timers, frees their guest promises. */
  finish(): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.signal?.removeEventListener("abort", this.onAbort);
    const reason = this.stopReason;
    const signalReason =
      reason?.type === "limit"
        ? new AbortError({
            message: `The code calling this function stopped: ${reason.error.message}`,
            code: reason.error.code,
          })
        : new AbortError({
            message: "The code calling this function has stopped.",
            cause: this.signal?.reason,
          });
    for (const controller of this.controllers) controller.abort(signalReason);
    this.controllers.length = 0;
    for (const call of new Set([...this.pending, ...this.timers, ...this.settled])) {
      clearTimeout(call.timer);
      if (call.deferred.alive) call.deferred.dispose();
    }
    this.pending.clear();
    this.timers.clear();
    this.settled.length = 0;
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }
}
