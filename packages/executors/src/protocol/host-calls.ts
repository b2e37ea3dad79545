/**
 * The host functions one execute has started, wherever its code runs: in-process (inline
 * QuickJS) or in another thread or machine. Both sides of every executor of this package use this
 * one class, so signals, the final answer and the memory held for calls behave the same.
 */
import { AbortError, type ExecutionError, type HostFunction } from "@codeact/core";
import { OutputLimitError } from "../errors/output-limit-error.js";
import { bytes } from "../quickjs/limits.js";

/** The host function whose successful call is recorded as the final answer. */
export const FINAL_ANSWER = "final_answer";

/** How a host call ended. */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * A budget of bytes held on the host for values crossing the boundary: the inputs of running
 * host calls and the results waiting to reach the guest. A session's budget can draw on a shared
 * one, so many sessions together stay under a cap too.
 */
export class ByteBudget {
  private used = 0;

  constructor(
    /** The cap, in bytes; a value counts two bytes per character (JavaScript strings are UTF-16). */
    readonly limit: number,
    /** The option that sets the cap, named in the error when it is reached. */
    readonly option: string,
    private readonly parent?: ByteBudget,
  ) {}

  /** Takes `amount` bytes if they fit here and in the parent; returns the budget that refused, if any. */
  take(amount: number): ByteBudget | undefined {
    if (this.used + amount > this.limit) return this;
    const refused = this.parent?.take(amount);
    if (refused) return refused;
    this.used += amount;
    return undefined;
  }

  give(amount: number): void {
    this.used -= amount;
    this.parent?.give(amount);
  }
}

/** The bytes a JSON text of `chars` characters is counted as. */
export const textBytes = (chars: number): number => chars * 2;

type Running = { name: string; order: number; controller: AbortController; bytes: number };

/**
 * Runs host functions for one execute. Each call gets a signal of its own (one shared signal
 * would collect a listener per call), and every signal aborts when the execute ends. After
 * `finish`, nothing starts and no outcome is delivered.
 */
export class HostCalls {
  /** The accepted final answer: the earliest call, in call order, that succeeded. */
  finalAnswer: { value: unknown } | undefined;
  /** Calls started so far. */
  count = 0;

  private readonly running = new Set<Running>();
  /** Every call's controller, settled or not: a tool may still hold its signal for work it left behind. */
  private readonly controllers: AbortController[] = [];
  private finalAnswerOrder = Number.POSITIVE_INFINITY;
  private finished = false;

  constructor(private readonly budget: ByteBudget) {}

  /**
   * Reserves `chars` characters of input for a call about to start. Returns the limit error to
   * stop the execute with when the session (or all sessions together) hold too much already.
   */
  reserve(name: string, chars: number): ExecutionError | undefined {
    const refused = this.budget.take(textBytes(chars));
    return refused && inFlightError(refused, `The argument of ${name}`);
  }

  /**
   * Starts `fn` with an input of `chars` characters reserved by {@link reserve}. `settled` gets
   * the outcome, unless the execute finished first; the input's bytes are given back then.
   */
  start(
    name: string,
    input: unknown,
    chars: number,
    fn: HostFunction,
    settled: (outcome: CallOutcome) => void,
  ): void {
    const call: Running = {
      name,
      order: this.count++,
      controller: new AbortController(),
      bytes: textBytes(chars),
    };
    this.running.add(call);
    this.controllers.push(call.controller);
    Promise.resolve()
      .then(() => {
        if (this.finished) throw call.controller.signal.reason;
        return fn(input, { signal: call.controller.signal });
      })
      .then(
        (value): CallOutcome => ({ ok: true, value }),
        (error: unknown): CallOutcome => ({ ok: false, error }),
      )
      .then((outcome) => {
        if (!this.running.delete(call)) return;
        this.budget.give(call.bytes);
        if (name === FINAL_ANSWER && outcome.ok && call.order < this.finalAnswerOrder) {
          this.finalAnswerOrder = call.order;
          this.finalAnswer = { value: input };
        }
        settled(outcome);
      });
  }

  /** Names of the calls still running, in call order. */
  runningNames(): string[] {
    return [...this.running].map((call) => call.name);
  }

  /** Whether a call of `name` is still running. */
  isRunning(name: string): boolean {
    for (const call of this.running) if (call.name === name) return true;
    return false;
  }

  /**
   * Ends the execute: aborts every call still running with `reason` and returns their names, in
   * call order. Safe to call twice; the second call returns nothing. `reason` is made only when
   * there is a signal to abort: an error captures a stack, and most executes start no call.
   */
  finish(reason: () => AbortError): string[] {
    this.finished = true;
    if (this.controllers.length === 0) return [];
    const names = [...this.running].sort((a, b) => a.order - b.order).map((call) => call.name);
    for (const call of this.running) this.budget.give(call.bytes);
    this.running.clear();
    const error = reason();
    for (const controller of this.controllers) controller.abort(error);
    this.controllers.length = 0;
    return names;
  }
}

/** The reason a host call's signal aborts with when the code that made it stops. */
export function stoppedReason(limit: ExecutionError | undefined, cause?: unknown): AbortError {
  return limit
    ? new AbortError({
        message: `The code calling this function stopped: ${limit.message}`,
        code: limit.code,
      })
    : new AbortError({ message: "The code calling this function has stopped.", cause });
}

/** Too many bytes held for running host calls and undelivered results. */
export function inFlightError(budget: ByteBudget, what: string): ExecutionError {
  return new OutputLimitError({
    message:
      `${what} does not fit: the values of host calls still running would exceed ` +
      `${bytes(budget.limit)} (${budget.option}). Await calls before starting more, or pass smaller values.`,
  });
}
