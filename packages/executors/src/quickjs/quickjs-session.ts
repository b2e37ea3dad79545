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
import { ByteBudget } from "../protocol/host-calls.js";
import { replDeclarations } from "../shared/repl-declarations.js";
import { checkGlobalNames, SerialQueue } from "../shared/session-rules.js";
import { evaluate, type Outcome } from "./evaluation.js";
import { Execution } from "./execution.js";
import { disposedError, vmFailure } from "./failures.js";
import { memoryError, outputError, toolCallError } from "./limit-errors.js";
import type { SessionFeatures, SessionLimits } from "./limits.js";
import { fromJSONText } from "./marshal.js";
import { instantiateQuickJS, type SandboxInstance } from "./module.js";
import { Realm } from "./realm.js";
import { HostAllocationError } from "./sandbox-memory.js";

/** What a session's owner can hook into. */
export type SessionHooks = {
  /** The budget of bytes in flight that every session of the executor shares. */
  budget?: ByteBudget;
  /**
   * Told when a call into the VM starts (`inside`) and ends, with the running execute's deadline
   * (none between executes): a worker thread publishes it, so its host can tell a thread stuck
   * past a deadline from one whose session is waiting its turn.
   */
  occupied?(inside: boolean, deadline: number | undefined): void;
  /** Told each time QuickJS polls for an interrupt: a thread's host sees its interpreter is alive. */
  polled?(): void;
};

/** The session behind `QuickJSExecutor#createSession`; exported for tests, not from the package. */
export class QuickJSSession implements ExecutorSession {
  /** What freeing the VM reported (a leaked handle makes QuickJS abort); tests assert it stays empty. */
  disposeFailure: unknown;

  private readonly realm: Realm;
  private current: Execution | undefined;
  /** One call into the VM at a time: it is single-threaded and its state is shared. */
  private readonly queue = new SerialQueue();
  private executions = 0;
  private disposed = false;
  private lost: ExecutionError | undefined;
  /** Set when an exception escaped the VM: its memory is in an unknown state and is not freed, only dropped. */
  private corrupt = false;

  private constructor(
    private readonly instance: SandboxInstance,
    private readonly limits: SessionLimits,
    private readonly features: SessionFeatures,
    private readonly functions: Map<string, HostFunction>,
    private readonly budget: ByteBudget,
    private readonly hooks: SessionHooks,
  ) {
    const { occupied } = hooks;
    this.realm = Realm.create(instance, limits, features, {
      occupied: occupied && ((inside) => occupied(inside, this.current?.deadline)),
      log: (text, size, cutAt) => this.current?.logs.append(text, size, cutAt),
      call: (name, text, size) => this.call(name, text, size),
      timer: (ms) => this.timer(ms),
      shouldInterrupt: () => {
        hooks.polled?.();
        return this.current?.shouldStop() ?? false;
      },
      outOfMemory: () => this.current?.stop({ type: "limit", error: memoryError(limits) }),
    });
  }

  /** Instantiates the module, then binds `functions` and sets `globals` in a fresh context. */
  static async create(
    limits: SessionLimits,
    features: SessionFeatures,
    options: ExecutorSessionOptions,
    hooks: SessionHooks = {},
  ): Promise<QuickJSSession> {
    throwIfAborted(options.signal);
    const globals = options.globals ?? {};
    const functions = new Map(Object.entries(options.functions));
    checkGlobalNames(functions, globals);
    const instance = await instantiateQuickJS(limits.memoryLimitBytes);
    let session: QuickJSSession | undefined;
    try {
      const budget = new ByteBudget(limits.maxBytesInFlight, "maxBytesInFlight", hooks.budget);
      session = new QuickJSSession(instance, limits, features, functions, budget, hooks);
      throwIfAborted(options.signal);
      for (const name of functions.keys()) session.realm.bind(name);
      session.define(globals);
      return session;
    } catch (error) {
      if (session) await session.dispose();
      throw error;
    }
  }

  /**
   * Runs `code`. `aborted`, polled while the code runs, stops it as an abort: a worker thread
   * blocked in guest code cannot read messages, so its host raises a shared flag instead.
   */
  execute(
    code: string,
    options: { signal?: AbortSignal; aborted?: () => boolean } = {},
  ): Promise<ExecutionResult> {
    return this.queue.run(() => this.run(code, options.signal, options.aborted));
  }

  /** Ends the running execute with `error` as a breached limit (a limit its host enforced); no-op between executes. */
  stop(error: ExecutionError): void {
    this.current?.stop({ type: "limit", error });
  }

  /** Sets global variables from values, queued behind a running execute, exactly as `globals` does. */
  defineGlobals(globals: Record<string, unknown>, options: { signal?: AbortSignal } = {}): Promise<void> {
    return this.queue.run(async () => {
      this.checkUsable(options.signal);
      checkGlobalNames(this.functions, globals);
      this.define(globals);
    });
  }

  /** Binds more host functions (or replaces bound ones), queued behind a running execute. */
  defineFunctions(
    functions: Record<string, HostFunction>,
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    return this.queue.run(async () => {
      this.checkUsable(options.signal);
      for (const [name, fn] of Object.entries(functions)) {
        if (!this.functions.has(name)) this.realm.bind(name);
        this.functions.set(name, fn);
      }
    });
  }

  /** Stops a running execute, aborts its host calls and frees the VM. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.current?.stop({ type: "disposed" });
    await this.queue.idle();
    if (!this.corrupt) this.disposeFailure = this.realm.dispose();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  private checkUsable(signal: AbortSignal | undefined): void {
    if (this.disposed) throw disposedError();
    if (this.lost) throw this.lost;
    throwIfAborted(signal);
  }

  /** Copies host values into guest globals; a sandbox too full to hold them is a `MemoryLimitError`. */
  private define(globals: Record<string, unknown>): void {
    try {
      for (const [name, value] of Object.entries(globals)) this.realm.define(name, value);
    } catch (error) {
      if (error instanceof HostAllocationError || error === null)
        throw memoryError(this.limits, { cause: error });
      throw error;
    }
  }

  private async run(
    code: string,
    signal: AbortSignal | undefined,
    aborted: (() => boolean) | undefined,
  ): Promise<ExecutionResult> {
    this.checkUsable(signal);
    const started = performance.now();
    // Top-level declarations become redeclarable globals, as in a REPL; lines stay where they were.
    // The rewrite's time grows with the code, so a thread's host sees it as busy, with a deadline.
    const deadline = Date.now() + this.limits.timeoutMs;
    const source = await replDeclarations(code, (rewrite) => {
      this.hooks.occupied?.(true, deadline);
      try {
        return rewrite();
      } finally {
        this.hooks.occupied?.(false, undefined);
      }
    });
    this.checkUsable(signal);
    const execution = new Execution({
      limits: this.limits,
      memory: this.instance.memory,
      countJobs: (max) => this.realm.countJobs(max),
      budget: this.budget,
      signal,
      aborted,
    });
    this.current = execution;
    let outcome: Outcome;
    try {
      outcome = await evaluate(this.realm, execution, source, `code-${++this.executions}.js`);
    } catch (error) {
      throw this.fail(error, execution.memoryExhausted);
    } finally {
      this.current = undefined;
      execution.finish();
      // Rejections this execute may have left uncollected must not surface in the next one.
      if (execution.mayHaveLost) this.realm.lostIsStale = true;
    }
    // A stopped execution lists the calls it left running, so the model does not unknowingly repeat a side effect.
    let pendingCalls = execution.unawaited;
    if ("stopped" in outcome) {
      const reason = outcome.stopped;
      pendingCalls = execution.stillRunning;
      if (reason.type === "abort") throw new AbortError({ cause: signal?.reason });
      if (reason.type === "disposed") throw disposedError();
      outcome = { error: { name: reason.error.name, message: reason.error.message } };
    }
    const result: ExecutionResult = {
      logs: execution.logs.toString(),
      durationMs: performance.now() - started,
    };
    if (outcome.value !== undefined) result.value = outcome.value;
    if (execution.finalAnswer) result.finalAnswer = execution.finalAnswer;
    if (pendingCalls?.length) result.pendingCalls = pendingCalls;
    if (outcome.error) result.error = outcome.error;
    return result;
  }

  /**
   * Gives the session up after an exception that escaped the evaluation. Session-ending errors
   * of our own keep the VM freeable; anything else means the VM itself failed.
   */
  private fail(error: unknown, memoryExhausted: boolean): ExecutionError {
    this.corrupt = !ExecutionError.isInstance(error);
    this.lost = this.corrupt
      ? vmFailure(error, this.limits, { abortReason: this.instance.abortReason(), memoryExhausted })
      : (error as ExecutionError);
    return this.lost;
  }

  /**
   * Called by the guest through a bound function: starts the host function and returns its guest
   * promise. Returns nothing once the execution is stopping (or this call stops it): the prelude
   * then waits for the interrupt instead of letting the code carry on.
   */
  private call(name: string, text: string | undefined, size: number): QuickJSHandle | undefined {
    const execution = this.open(name);
    if (!execution) return undefined;
    const fn = this.functions.get(name);
    if (!fn) throw new Error(`${name} is not a host function.`);
    if (execution.hostCalls.count >= this.limits.maxToolCalls) {
      execution.stop({ type: "limit", error: toolCallError(this.limits) });
      return undefined;
    }
    // The prelude measures the argument first; the text is measured again here.
    const length = Math.max(size, text?.length ?? 0);
    if (length > this.limits.maxValueChars) {
      execution.stop({ type: "limit", error: outputError(this.limits, `The argument of ${name}`, length) });
      return undefined;
    }
    const refused = execution.hostCalls.reserve(name, length);
    if (refused) {
      execution.stop({ type: "limit", error: refused });
      return undefined;
    }
    const deferred = this.realm.newDeferred();
    execution.start({ name, input: fromJSONText(text), deferred }, fn, length);
    return deferred.handle;
  }

  /** Called by the guest's `setTimeout` and `setInterval`, which exist only when timers are enabled. */
  private timer(ms: number): QuickJSHandle | undefined {
    if (!this.features.timers) throw new Error("Timers are not enabled.");
    const execution = this.open("setTimeout");
    if (!execution) return undefined;
    if (execution.timers.size >= this.limits.maxToolCalls) {
      execution.stop({ type: "limit", error: toolCallError(this.limits) });
      return undefined;
    }
    const deferred = this.realm.newDeferred();
    execution.startTimer({ name: "setTimeout", input: undefined, deferred }, Math.max(0, ms));
    return deferred.handle;
  }

  /**
   * The running execution if host work may start in it; `undefined` if it is stopping. Code that
   * runs while a value is read out (a getter, `toJSON`) must not start host work either: that
   * throws, so the getter fails and the value says why.
   */
  private open(name: string): Execution | undefined {
    const execution = this.current;
    if (!execution) throw new Error(`${name} cannot be called outside of an execution.`);
    if (execution.closed) {
      execution.mayHaveLost = true;
      throw new Error(`${name} cannot be called: the execution has finished.`);
    }
    return execution.stopReason ? undefined : execution;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError({ cause: signal.reason });
}
