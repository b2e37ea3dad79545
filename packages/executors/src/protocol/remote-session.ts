/**
 * The host side of the sandbox protocol: an `ExecutorSession` whose code runs in a sandbox at the
 * other end of a channel, while its host functions run here. Everything the sandbox sends is
 * checked before it is used, and every limit that protects the host is enforced here again.
 */
import {
  AbortError,
  ExecutionError,
  type ExecutionResult,
  type ExecutorSession,
  type ExecutorSessionOptions,
  type HostFunction,
} from "@codeact/core";
import { disposedError } from "../quickjs/failures.js";
import { outputError, toolCallError } from "../quickjs/limit-errors.js";
import type { SessionLimits } from "../quickjs/limits.js";
import { errorFields, fromJSONText, toJSONText, toJSONTextWithin } from "../quickjs/marshal.js";
import { checkGlobalNames, SerialQueue } from "../shared/session-rules.js";
import type { SandboxChannel, SandboxLoss } from "./channel.js";
import { ByteBudget, type CallOutcome, HostCalls, stoppedReason } from "./host-calls.js";
import { lossError } from "./loss-errors.js";
import {
  type HostMessage,
  type MessageCaps,
  PROTOCOL_VERSION,
  ProtocolViolation,
  readSandboxMessage,
  type SandboxMessage,
  type WireFailure,
} from "./messages.js";
import { fromWireFailure } from "./wire-errors.js";

/** Characters of an error message the host accepts from a sandbox. */
const MAX_ERROR_CHARS = 100_000;
/** The longest delay a timer can express. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type Waiter<T> = { resolve(value: T): void; reject(error: unknown): void };

/** One execute in flight. */
type Running = Waiter<ExecutionResult> & {
  id: number;
  calls: HostCalls;
  started: number;
  signal: AbortSignal | undefined;
  timers: Array<ReturnType<typeof setTimeout>>;
  cleanup(): void;
};

/** A session whose code runs at the other end of `channel`. */
export class RemoteSession implements ExecutorSession {
  private readonly caps: MessageCaps;
  private readonly budget: ByteBudget;
  private current: Running | undefined;
  private readonly queue = new SerialQueue();
  private ids = 0;
  private lost: ExecutionError | undefined;
  private disposed = false;
  private readonly waiters = new Map<number, Waiter<void>>();
  private opening: Waiter<void> | undefined;

  private constructor(
    private readonly channel: SandboxChannel,
    private readonly limits: SessionLimits,
    private readonly functions: Map<string, HostFunction>,
    shared: ByteBudget | undefined,
  ) {
    this.caps = {
      maxValueChars: limits.maxValueChars,
      maxLogChars: limits.maxLogChars,
      maxErrorChars: MAX_ERROR_CHARS,
    };
    this.budget = new ByteBudget(limits.maxBytesInFlight, "maxBytesInFlight", shared);
    channel.listen({ message: (raw) => this.receive(raw), lost: (loss) => this.lose(loss) });
  }

  /** Opens a session on `channel`: binds the functions and sets the globals at the other end. */
  static async open(
    channel: SandboxChannel,
    limits: SessionLimits,
    options: ExecutorSessionOptions,
    shared?: ByteBudget,
  ): Promise<RemoteSession> {
    const functions = new Map(Object.entries(options.functions));
    try {
      checkGlobalNames(functions, options.globals ?? {});
    } catch (error) {
      channel.close();
      throw error;
    }
    const session = new RemoteSession(channel, limits, functions, shared);
    const open: HostMessage = { type: "open", protocol: PROTOCOL_VERSION, functions: [...functions.keys()] };
    const globals = toJSONText(options.globals ?? {});
    if (globals !== undefined) open.globals = globals;
    channel.hold(true);
    const onAbort = () => session.opening?.reject(new AbortError({ cause: options.signal?.reason }));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      if (options.signal?.aborted) throw new AbortError({ cause: options.signal.reason });
      await new Promise<void>((resolve, reject) => {
        session.opening = { resolve, reject };
        channel.send(open);
      });
      return session;
    } catch (error) {
      await session.dispose();
      throw error;
    } finally {
      session.opening = undefined;
      options.signal?.removeEventListener("abort", onAbort);
      channel.hold(false);
    }
  }

  execute(code: string, options: { signal?: AbortSignal } = {}): Promise<ExecutionResult> {
    return this.queue.run(() => this.run(code, options.signal));
  }

  defineGlobals(globals: Record<string, unknown>, options: { signal?: AbortSignal } = {}): Promise<void> {
    return this.queue.run(async () => {
      this.checkUsable(options.signal);
      checkGlobalNames(this.functions, globals);
      await this.define({ globals: toJSONText(globals) ?? "{}" });
    });
  }

  /** Binds more host functions (or replaces bound ones); only new names cross to the sandbox. */
  defineFunctions(
    functions: Record<string, HostFunction>,
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    return this.queue.run(async () => {
      this.checkUsable(options.signal);
      const added = Object.keys(functions).filter((name) => !this.functions.has(name));
      if (added.length > 0) await this.define({ globals: "{}", functions: added });
      for (const [name, fn] of Object.entries(functions)) this.functions.set(name, fn);
    });
  }

  private async define(fields: { globals: string; functions?: string[] }): Promise<void> {
    const id = ++this.ids;
    this.channel.hold(true);
    await new Promise<void>((resolve, reject) => {
      this.waiters.set(id, { resolve, reject });
      this.channel.send({ type: "define", id, ...fields });
    }).finally(() => {
      this.waiters.delete(id);
      this.channel.hold(false);
    });
  }

  /** Stops a running execute, aborts its host calls and closes the sandbox's session. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const running = this.current;
    if (running) {
      this.channel.interrupt?.(running.id);
      this.end(running, { error: disposedError() });
    }
    for (const waiter of this.waiters.values()) waiter.reject(disposedError());
    if (!this.lost) this.channel.send({ type: "close" });
    this.channel.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  private checkUsable(signal: AbortSignal | undefined): void {
    if (this.disposed) throw disposedError();
    if (this.lost) throw this.lost;
    if (signal?.aborted) throw new AbortError({ cause: signal.reason });
  }

  private run(code: string, signal: AbortSignal | undefined): Promise<ExecutionResult> {
    this.checkUsable(signal);
    return new Promise((resolve, reject) => {
      const id = ++this.ids;
      const onAbort = () => this.abort(running);
      const running: Running = {
        id,
        resolve,
        reject,
        signal,
        calls: new HostCalls(this.budget),
        started: performance.now(),
        timers: [],
        cleanup: () => {
          signal?.removeEventListener("abort", onAbort);
          for (const timer of running.timers) clearTimeout(timer);
          this.channel.hold(false);
        },
      };
      this.current = running;
      this.channel.hold(true);
      signal?.addEventListener("abort", onAbort, { once: true });
      // A backstop: the sandbox enforces the deadline itself, and a worker pool kills a thread
      // stuck past it; an answer this late means the sandbox no longer responds.
      const overdue = Math.min(this.limits.timeoutMs + this.channel.overdueMs, MAX_TIMER_MS);
      running.timers.push(setTimeout(() => this.overdue(running), overdue));
      this.channel.send({ type: "execute", id, code });
    });
  }

  /** Ends `running` once: settles its promise and aborts its host calls. */
  private end(running: Running, outcome: { result: ExecutionResult } | { error: unknown }): string[] {
    if (this.current !== running) return [];
    this.current = undefined;
    running.cleanup();
    const limit = "error" in outcome && ExecutionError.isInstance(outcome.error) ? outcome.error : undefined;
    const stillRunning = running.calls.finish(() => stoppedReason(limit, running.signal?.reason));
    if ("result" in outcome) running.resolve(outcome.result);
    else running.reject(outcome.error);
    return stillRunning;
  }

  /** The signal fired: ask the sandbox to stop, and give up on it if its code cannot be interrupted. */
  private abort(running: Running): void {
    this.channel.interrupt?.(running.id);
    this.channel.send({ type: "abort", id: running.id });
    const grace = setTimeout(() => {
      if (this.current !== running) return;
      if (this.channel.occupant?.() === "this") this.channel.kill({ type: "aborted", culprit: true });
      // Not running its code (waiting behind another session, or remote): the answer may come
      // later, and is ignored then.
      else this.end(running, { error: new AbortError({ cause: running.signal?.reason }) });
    }, this.channel.abortGraceMs);
    running.timers.push(grace);
  }

  private overdue(running: Running): void {
    if (this.current !== running) return;
    const occupant = this.channel.occupant?.();
    if (occupant === "this" || occupant === "other") {
      // Running, or queued behind another session's code: the channel's own watchdog stops code
      // stuck past its deadline, so look again later.
      running.timers.push(setTimeout(() => this.overdue(running), this.channel.overdueMs));
      return;
    }
    this.channel.kill(
      occupant === undefined
        ? { type: "stuck", culprit: true }
        : { type: "crashed", culprit: true, detail: "it stopped answering past the deadline" },
    );
  }

  private receive(raw: unknown): void {
    let message: SandboxMessage;
    try {
      message = readSandboxMessage(raw, this.caps);
    } catch (error) {
      if (!(error instanceof ProtocolViolation)) throw error;
      this.channel.kill({ type: "violation", culprit: true, detail: error.message });
      return;
    }
    switch (message.type) {
      case "opened":
        if (message.protocol !== PROTOCOL_VERSION) {
          const detail = `it speaks protocol ${message.protocol}, not ${PROTOCOL_VERSION}`;
          this.channel.kill({ type: "violation", culprit: true, detail });
        } else this.opening?.resolve();
        return;
      case "open-failed":
        this.opening?.reject(fromWireFailure(message.error));
        return;
      case "call":
        this.call(message);
        return;
      case "done":
        this.done(message.id, message.result);
        return;
      case "failed":
        this.failed(message.id, message.error);
        return;
      case "defined": {
        const waiter = this.waiters.get(message.id);
        if (message.error) waiter?.reject(fromWireFailure(message.error));
        else waiter?.resolve();
        return;
      }
    }
  }

  private call(message: Extract<SandboxMessage, { type: "call" }>): void {
    const { id, name } = message;
    const fn = this.functions.get(name);
    if (!fn) {
      const detail = `it called "${name.slice(0, 60)}", which is not a function of this session`;
      this.channel.kill({ type: "violation", culprit: true, detail });
      return;
    }
    const running = this.current;
    if (!running || running.id !== message.execute) {
      // The execute this call belongs to has ended here: nothing starts after it.
      this.send({
        type: "result",
        id,
        error: { name: "AbortError", message: "The code calling this function has stopped." },
      });
      return;
    }
    const chars = message.input?.length ?? 0;
    const refused =
      running.calls.count >= this.limits.maxToolCalls
        ? toolCallError(this.limits)
        : running.calls.reserve(name, chars);
    if (refused) {
      this.refuse(id, refused);
      return;
    }
    let input: unknown;
    try {
      input = fromJSONText(message.input);
    } catch {
      running.calls.finish(() => stoppedReason(undefined));
      this.channel.kill({ type: "violation", culprit: true, detail: `the input of ${name} is not JSON` });
      return;
    }
    running.calls.start(name, input, chars, fn, (outcome) => this.answer(id, name, outcome));
  }

  private answer(id: number, name: string, outcome: CallOutcome): void {
    const reply = this.reply(id, name, outcome);
    if (reply) this.send(reply);
  }

  private reply(id: number, name: string, outcome: CallOutcome): HostMessage | undefined {
    if (!outcome.ok) return { type: "result", id, error: errorFields(outcome.error) };
    let sized: ReturnType<typeof toJSONTextWithin>;
    try {
      // Written against the budget: a result too large is refused before it is copied whole.
      sized = toJSONTextWithin(outcome.value, this.limits.maxValueChars);
    } catch (error) {
      return { type: "result", id, error: errorFields(error) };
    }
    if ("tooLarge" in sized) {
      const what = `The result of ${name}`;
      this.refuse(id, outputError(this.limits, what, sized.tooLarge, { atLeast: !sized.exact }));
      return undefined;
    }
    return sized.text === undefined ? { type: "result", id } : { type: "result", id, value: sized.text };
  }

  /** Refuses a host call with a limit: the sandbox ends the execute with it, uncatchably. */
  private refuse(id: number, error: ExecutionError): void {
    this.send({
      type: "result",
      id,
      error: { name: error.name, message: error.message, code: error.code },
      stop: true,
    });
  }

  private done(id: number, wire: Extract<SandboxMessage, { type: "done" }>["result"]): void {
    const running = this.current;
    // An answer to an execute given up on already (aborted while it waited its turn).
    if (!running || running.id !== id) return;
    const result: ExecutionResult = { logs: wire.logs, durationMs: performance.now() - running.started };
    try {
      const value = fromJSONText(wire.value);
      if (value !== undefined) result.value = value;
    } catch {
      const detail = "the value of the last expression is not JSON";
      this.channel.kill({ type: "violation", culprit: true, detail });
      return;
    }
    if (wire.error) result.error = wire.error;
    const finalAnswer = running.calls.finalAnswer;
    if (finalAnswer) result.finalAnswer = finalAnswer;
    const reported = (wire.pendingCalls ?? []).filter((name) => this.functions.has(name));
    const stillRunning = this.end(running, { result });
    // The host's own list, when it has one: it saw which calls were still running.
    const pendingCalls = stillRunning.length > 0 ? stillRunning : reported;
    if (pendingCalls.length > 0) result.pendingCalls = pendingCalls;
  }

  private failed(id: number, failure: WireFailure): void {
    const running = this.current;
    const error = fromWireFailure(failure, running?.signal?.reason);
    if (ExecutionError.isInstance(error) && error.sessionLost) this.lost ??= error;
    if (running && running.id === id) this.end(running, { error });
  }

  /** The sandbox is gone: this session is lost, and whatever was waiting on it learns why. */
  private lose(loss: SandboxLoss): void {
    const error = lossError(loss, this.channel.label, this.limits.timeoutMs);
    this.lost ??= error;
    this.opening?.reject(error);
    for (const waiter of this.waiters.values()) waiter.reject(error);
    const running = this.current;
    if (!running) return;
    const aborted = loss.type === "aborted" && loss.culprit;
    this.end(running, { error: aborted ? new AbortError({ cause: running.signal?.reason }) : error });
  }

  private send(message: HostMessage): void {
    if (!this.lost) this.channel.send(message);
  }
}
