/** The state of one `execute` call: its deadline, logs, host calls in flight, and how it was stopped. */
import type { AbortError, ExecutionError, HostFunction } from "@codeact/core";
import type { QuickJSDeferredPromise } from "quickjs-emscripten-core";
import { type ByteBudget, type CallOutcome, HostCalls, stoppedReason } from "../protocol/host-calls.js";
import { LogBuffer } from "./console.js";
import { pendingJobError, timeoutError } from "./limit-errors.js";
import type { SessionLimits } from "./limits.js";
import type { SandboxMemory } from "./sandbox-memory.js";

export { FINAL_ANSWER } from "../protocol/host-calls.js";

/** Why an execution stopped before its code finished: an abort, a disposal, or a breached limit. */
export type StopReason = { type: "abort" } | { type: "disposed" } | { type: "limit"; error: ExecutionError };

/**
 * One host function call or timer started by the guest; `deferred` is the guest promise it
 * returned. Timers do not keep an execute running; tool calls do.
 */
export type HostCall = {
  name: string;
  input: unknown;
  deferred: QuickJSDeferredPromise;
  timer?: ReturnType<typeof setTimeout>;
  outcome?: CallOutcome;
};

/** What an execution is created with. */
export type ExecutionOptions = {
  limits: SessionLimits;
  memory: SandboxMemory;
  /** Counts the guest's queued jobs up to `max + 1`; `undefined` when they cannot be counted. */
  countJobs: (max: number) => number | undefined;
  /** The bytes this execution's host calls may hold. */
  budget: ByteBudget;
  signal?: AbortSignal;
  /** Polled with the deadline: true stops the execution as aborted (a flag another thread sets). */
  aborted?: () => boolean;
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
  /** Names of host calls still running when the code finished, in call order; set once it has. */
  unawaited: string[] | undefined;
  /** What the last expression's value was when the code finished, if it was a promise. */
  promiseAtEnd: "pending" | "fulfilled" | "rejected" | undefined;
  /** Tool calls whose outcome has not been handed to the guest yet. */
  readonly pending = new Set<HostCall>();
  /** Timers that have not fired yet. */
  readonly timers = new Set<HostCall>();
  /** Calls and timers settled on the host, waiting for the pump to hand them to the guest. */
  readonly settled: HostCall[] = [];
  /** The host functions this execution has started. */
  readonly hostCalls: HostCalls;
  /** Names of the host calls still running when the execution stopped or finished, in call order. */
  stillRunning: string[] | undefined;
  /**
   * Set once a host call was rejected or refused, or a timer fired (its callback may throw): only
   * then can the guest hold a rejection nobody handled, and only then is it asked for one.
   */
  mayHaveLost = false;

  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly signal: AbortSignal | undefined;
  private readonly memory: SandboxMemory;
  private readonly growFailuresAtStart: number;
  private readonly countJobs: ExecutionOptions["countJobs"];
  private readonly aborted: ExecutionOptions["aborted"];
  private readonly onAbort = () => this.stop({ type: "abort" });
  private nextJobCount = 0;
  private windingDown = false;
  private wakeUp: (() => void) | undefined;

  constructor(options: ExecutionOptions) {
    this.limits = options.limits;
    this.logs = new LogBuffer(options.limits.maxLogChars);
    this.deadline = Date.now() + options.limits.timeoutMs;
    this.memory = options.memory;
    this.growFailuresAtStart = options.memory.growFailures;
    this.countJobs = options.countJobs;
    this.hostCalls = new HostCalls(options.budget);
    this.aborted = options.aborted;
    // The interrupt handler enforces the deadline while guest code runs; this timer enforces it
    // while the pump waits for host functions.
    this.timer = setTimeout(
      () => this.stop({ type: "limit", error: timeoutError(this.limits) }),
      options.limits.timeoutMs,
    );
    this.signal = options.signal;
    this.signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  /** The accepted final answer: the earliest `final_answer` call, in call order, that succeeded. */
  get finalAnswer(): { value: unknown } | undefined {
    return this.hostCalls.finalAnswer;
  }

  /** Whether the guest hit the memory cap during this execution. */
  get memoryExhausted(): boolean {
    return this.memory.growFailures > this.growFailuresAtStart;
  }

  /**
   * Runs a host function for the guest (see `HostCalls`). Its outcome is queued for the pump,
   * never applied here. `chars` were reserved with `hostCalls.reserve`.
   */
  start(call: HostCall, fn: HostFunction, chars: number): void {
    this.pending.add(call);
    this.hostCalls.start(call.name, call.input, chars, fn, (outcome) => {
      call.outcome = outcome;
      if (!outcome.ok) this.mayHaveLost = true;
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
    if (this.aborted?.()) this.stop({ type: "abort" });
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

  /**
   * Asks the execution to stop; the first reason wins. No host call starts from now on, and the
   * ones running see their signal abort at once.
   */
  stop(reason: StopReason): void {
    if (this.stopReason === undefined) {
      this.stopReason = reason;
      this.stillRunning = this.hostCalls.finish(() => this.signalReason());
    }
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
    clearTimeout(this.timer);
    this.signal?.removeEventListener("abort", this.onAbort);
    this.stillRunning ??= this.hostCalls.finish(() => this.signalReason());
    for (const call of new Set([...this.pending, ...this.timers, ...this.settled])) {
      clearTimeout(call.timer);
      if (call.deferred.alive) call.deferred.dispose();
    }
    this.pending.clear();
    this.timers.clear();
    this.settled.length = 0;
  }

  private signalReason(): AbortError {
    const reason = this.stopReason;
    return stoppedReason(reason?.type === "limit" ? reason.error : undefined, this.signal?.reason);
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }
}
