/** One sandbox session: a QuickJS module instance, runtime and context that keep state between executes. */
import {
  AbortError,
  ExecutionError,
  type ExecutionResult,
  type ExecutorSession,
  type ExecutorSessionOptions,
  type HostFunction,
} from "@codeact/core";
import type { QuickJSHandle } from "quickjs-emscripten-core";
import { Execution, type StopReason } from "./execution.js";
import { disposedError, stuckError, vmFailure } from "./failures.js";
import { errorFields } from "./marshal.js";
import { instantiateQuickJS } from "./module.js";
import { drain, pump } from "./pump.js";
import { GuestHelperError, Realm, withHandle } from "./realm.js";

/** Limits of a session, with every default applied. */
export type SessionLimits = {
  timeoutMs: number;
  memoryLimitBytes: number;
  stackSizeBytes: number;
  maxLogChars: number;
};

type GuestError = NonNullable<ExecutionResult["error"]>;
type Outcome = { value?: unknown; error?: GuestError } | { stopped: StopReason };

/** The session behind `QuickJSExecutor#createSession`; exported for tests, not from the package. */
export class QuickJSSession implements ExecutorSession {
  /** What freeing the VM reported (a leaked handle makes QuickJS abort); tests assert it stays empty. */
  disposeFailure: unknown;

  private readonly realm: Realm;
  private current: Execution | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private executions = 0;
  private disposed = false;
  private lost: Error | undefined;
  /** Set when an exception escaped the VM: its memory is in an unknown state and is not freed, only dropped. */
  private corrupt = false;

  private constructor(
    module: Awaited<ReturnType<typeof instantiateQuickJS>>,
    private readonly limits: SessionLimits,
    private readonly functions: Map<string, HostFunction>,
  ) {
    this.realm = Realm.create(module, limits, {
      log: (text) => this.current?.logs.append(text),
      call: (name, input) => this.call(name, input),
      shouldInterrupt: () => this.current?.shouldStop() ?? false,
    });
  }

  /** Instantiates the module, then binds `functions` and sets `globals` in a fresh context. */
  static async create(limits: SessionLimits, options: ExecutorSessionOptions): Promise<QuickJSSession> {
    throwIfAborted(options.signal);
    const globals = Object.entries(options.globals ?? {});
    const functions = new Map(Object.entries(options.functions));
    for (const [name] of globals) {
      if (functions.has(name)) throw new TypeError(`"${name}" is given both as a function and as a global.`);
    }
    const module = await instantiateQuickJS(limits.memoryLimitBytes);
    const session = new QuickJSSession(module, limits, functions);
    try {
      throwIfAborted(options.signal);
      for (const name of functions.keys()) session.realm.bind(name);
      for (const [name, value] of globals) session.realm.define(name, value);
      return session;
    } catch (error) {
      await session.dispose();
      throw error;
    }
  }

  execute(code: string, options: { signal?: AbortSignal } = {}): Promise<ExecutionResult> {
    // One execution at a time: the VM is single-threaded and the state is shared.
    const task = this.queue.then(() => this.run(code, options.signal));
    this.queue = task.catch(() => undefined);
    return task;
  }

  /** Stops a running execute, aborts its host calls and frees the VM. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.current?.stop("disposed");
    await this.queue;
    if (!this.corrupt) this.disposeFailure = this.realm.dispose();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  private async run(code: string, signal: AbortSignal | undefined): Promise<ExecutionResult> {
    if (this.disposed) throw disposedError();
    if (this.lost) throw this.lost;
    throwIfAborted(signal);
    const started = performance.now();
    const execution = new Execution({ ...this.limits, signal });
    this.current = execution;
    let outcome: Outcome;
    try {
      outcome = await this.evaluate(code, `code-${++this.executions}.js`, execution);
    } catch (error) {
      this.corrupt = !ExecutionError.isInstance(error);
      this.lost = this.corrupt ? vmFailure(error) : (error as ExecutionError);
      throw this.lost;
    } finally {
      this.current = undefined;
      execution.finish();
    }
    if ("stopped" in outcome) {
      if (outcome.stopped === "abort") throw new AbortError({ cause: signal?.reason });
      if (outcome.stopped === "disposed") throw disposedError();
      outcome = {
        error: {
          name: "TimeoutError",
          message: `The code did not finish within ${this.limits.timeoutMs} ms.`,
        },
      };
    }
    const result: ExecutionResult = {
      logs: execution.logs.toString(),
      durationMs: performance.now() - started,
    };
    if (outcome.value !== undefined) result.value = outcome.value;
    if (execution.finalAnswer) result.finalAnswer = execution.finalAnswer;
    if (outcome.error) result.error = outcome.error;
    else if (!execution.finalAnswer && execution.finalAnswerError !== undefined) {
      // `final_answer(x)` without `await` as the last statement: its rejection must not go unseen.
      result.error = errorFields(execution.finalAnswerError);
    }
    return result;
  }

  private async evaluate(code: string, filename: string, execution: Execution): Promise<Outcome> {
    const evaluated = this.realm.evaluate(code, filename);
    if (evaluated.error) {
      // A syntax error, or an interrupt before the first await.
      execution.closed = true;
      if (execution.stopReason) {
        evaluated.error.dispose();
        return this.stopped(execution);
      }
      return withHandle(evaluated.error, (error) =>
        this.guard(execution, () => ({ error: this.guestError(error, filename) })),
      );
    }
    const promise = evaluated.value;
    try {
      const waiting = await pump(this.realm, execution, promise);
      execution.closed = true;
      if (execution.stopReason) return this.stopped(execution);
      if (waiting) {
        return {
          error: {
            name: "Error",
            message: "The code awaits a promise that nothing can settle: no host function call is pending.",
          },
        };
      }
      return this.guard(execution, () => this.settle(promise, filename));
    } finally {
      promise.dispose();
    }
  }

  /** Reads the script's outcome: the value of its last expression statement, or what it threw. */
  private settle(promise: QuickJSHandle, filename: string): Outcome {
    const { context } = this.realm;
    const state = context.getPromiseState(promise);
    if (state.type === "rejected")
      return withHandle(state.error, (error) => ({ error: this.guestError(error, filename) }));
    if (state.type === "pending") return {};
    return withHandle(state.value, (completion) =>
      withHandle(context.getProp(completion, "value"), (value) => {
        // A last expression that is a settled promise (say an un-awaited tool call) reports its outcome.
        const inner = context.getPromiseState(value);
        if (inner.type === "pending") return { value: this.realm.toHost(value) };
        if (inner.type === "rejected")
          return withHandle(inner.error, (error) => ({ error: this.guestError(error, filename) }));
        if (inner.notAPromise) return { value: this.realm.toHost(value) };
        return withHandle(inner.value, (settled) => ({ value: this.realm.toHost(settled) }));
      }),
    );
  }

  private guestError(handle: QuickJSHandle, filename: string): GuestError {
    const { name, message, stack, lineNumber } = this.realm.describeError(handle);
    const error: GuestError = { name, message };
    // The first frame in this execute's own code: the line the model wrote, not a line of an
    // earlier execute that defined a function, nor one inside the prelude.
    const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const match = stack?.match(new RegExp(`${escaped}:(\\d+)`));
    const line = match ? Number(match[1]) : lineNumber;
    if (line !== undefined) error.line = line;
    return error;
  }

  /**
   * The outcome of a stopped execution. Guest jobs it left queued are wound down first, so none of
   * its code runs during the next execute; jobs that will not wind down give the session up.
   */
  private stopped(execution: Execution): Outcome {
    const reason = execution.stopReason!;
    if (reason !== "disposed" && !drain(this.realm)) throw stuckError(reason);
    return { stopped: reason };
  }

  /** Runs a conversion that calls guest helpers; one cut short by a stop reports the stop. */
  private guard(execution: Execution, read: () => Outcome): Outcome {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof GuestHelperError)) throw error;
      if (execution.shouldStop()) return this.stopped(execution);
      return { error: { name: "InternalError", message: error.message } };
    }
  }

  /** Called by the guest through a bound function: starts the host function, returns its guest promise. */
  private call(name: string, input: unknown): QuickJSHandle {
    const execution = this.current;
    const fn = this.functions.get(name);
    if (!execution || !fn) throw new Error(`${name} cannot be called outside of an execution.`);
    // Code still running while a stopped execution winds down, or a getter run while its value is
    // read out, must not start new host work.
    if (execution.stopReason || execution.closed) {
      throw new Error(`${name} cannot be called: the execution has finished.`);
    }
    const deferred = this.realm.newDeferred();
    execution.start({ name, input, deferred }, fn);
    return deferred.handle;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError({ cause: signal.reason });
}
