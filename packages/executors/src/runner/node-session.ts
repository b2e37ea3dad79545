/**
 * A session whose code runs with full Node.js, in a `vm` context of the runner's process: the
 * process an E2B sandbox (or a container) runs. The context's microtasks run inside its
 * evaluations, so a deadline stops code that loops in a promise callback too; host calls and
 * timers settle outside it, and the session then runs the context's queue again.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { format, inspect } from "node:util";
import vm from "node:vm";
import { AbortError, type ExecutionError, type ExecutionResult, type HostFunction } from "@codeact/core";
import type { ServedSession } from "../protocol/serve-session.js";
import { LogBuffer } from "../quickjs/console.js";
import { toJSONText } from "../quickjs/marshal.js";
import { ownError } from "../shared/limit-names.js";
import { replDeclarations } from "../shared/repl-declarations.js";
import { checkGlobalNames } from "../shared/session-rules.js";
import { VALUE_KEY, wrapTopLevelAwait } from "./top-level-await.js";

/** The limits the runner enforces itself; the host enforces them again. */
export type RunnerLimits = { timeoutMs: number; maxLogChars: number; maxValueChars: number };

const FILE = "code.js";
const FINAL_ANSWER = "final_answer";
/** How often a waiting execute runs the context's queue, for promises no host call settles (`fetch`). */
const POLL_MS = 10;
/** What Node.js offers besides the language, given to the code as it is. */
const NODE_GLOBALS = [
  "process",
  "Buffer",
  "fetch",
  "Request",
  "Response",
  "Headers",
  "FormData",
  "Blob",
  "File",
  "URL",
  "URLSearchParams",
  "TextEncoder",
  "TextDecoder",
  "AbortController",
  "AbortSignal",
  "Event",
  "EventTarget",
  "structuredClone",
  "atob",
  "btoa",
  "crypto",
  "performance",
];

type Running = {
  controller: AbortController;
  /** The host calls of this execute not yet settled, in call order. */
  pending: { name: string }[];
  logs: LogBuffer;
  deadline: number;
  stopped?: ExecutionError;
  wake(): void;
};

type Settled = { value?: unknown; error?: unknown };

/** One session: a `vm` context whose globals persist between executes. */
export class NodeSession implements ServedSession {
  readonly #context: vm.Context;
  readonly #sandbox: Record<string, unknown>;
  readonly #functions = new Set<string>();
  readonly #parse: (text: string) => unknown;
  readonly #GuestError: ErrorConstructor;
  #current: Running | undefined;
  #settled: Settled | undefined;
  #disposed = false;

  private constructor(private readonly limits: RunnerLimits) {
    const sandbox: Record<string, unknown> = {};
    const runner = globalThis as unknown as Record<string, unknown>;
    for (const name of NODE_GLOBALS) if (name in runner) sandbox[name] = runner[name];
    sandbox.require = createRequire(join(process.cwd(), "code.js"));
    sandbox.console = this.#console();
    Object.assign(sandbox, this.#timers());
    sandbox.__codeactDone = (value: unknown) => {
      this.#settled = { value };
    };
    sandbox.__codeactFail = (error: unknown) => {
      this.#settled = { error };
    };
    this.#sandbox = sandbox;
    this.#context = vm.createContext(sandbox, { name: "codeact", microtaskMode: "afterEvaluate" });
    this.#parse = vm.runInContext("JSON.parse", this.#context) as (text: string) => unknown;
    this.#GuestError = vm.runInContext("Error", this.#context) as ErrorConstructor;
  }

  static async create(
    limits: RunnerLimits,
    { functions, globals }: { functions: Record<string, HostFunction>; globals: Record<string, unknown> },
  ): Promise<NodeSession> {
    const session = new NodeSession(limits);
    checkGlobalNames(new Set(Object.keys(functions)), globals);
    await session.defineFunctions(functions);
    await session.defineGlobals(globals);
    return session;
  }

  async defineFunctions(functions: Record<string, HostFunction>): Promise<void> {
    for (const [name, fn] of Object.entries(functions)) {
      this.#functions.add(name);
      this.#sandbox[name] = (input: unknown) => this.#call(name, fn, input);
    }
  }

  async defineGlobals(globals: Record<string, unknown>): Promise<void> {
    checkGlobalNames(this.#functions, globals);
    for (const [name, value] of Object.entries(globals)) this.#sandbox[name] = this.#copyIn(value);
  }

  /** Adds text written outside `console` (to `process.stdout`) to the running execute's logs. */
  log(text: string): void {
    this.#current?.logs.append(text.endsWith("\n") ? text.slice(0, -1) : text);
  }

  stop(error: ExecutionError): void {
    if (!this.#current) return;
    this.#current.stopped = error;
    this.#current.wake();
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#current?.controller.abort(new AbortError({ message: "The session was disposed." }));
    this.#current?.wake();
  }

  async execute(code: string, { signal }: { signal: AbortSignal }): Promise<ExecutionResult> {
    const started = performance.now();
    let wake = () => {};
    const running: Running = {
      controller: new AbortController(),
      pending: [],
      logs: new LogBuffer(this.limits.maxLogChars),
      deadline: started + this.limits.timeoutMs,
      wake: () => wake(),
    };
    this.#current = running;
    this.#settled = undefined;
    const result = (outcome: { value?: unknown; error?: ExecutionResult["error"] }): ExecutionResult => ({
      logs: running.logs.toString(),
      durationMs: performance.now() - started,
      ...this.#present(outcome),
      ...(running.pending.length > 0 && { pendingCalls: running.pending.map(({ name }) => name) }),
    });
    try {
      const rewritten = await replDeclarations(code);
      const acorn = await import("acorn");
      let wrapped: string | undefined;
      try {
        const program = acorn.parse(rewritten, {
          ecmaVersion: "latest",
          sourceType: "script",
          allowAwaitOutsideFunction: true,
        });
        wrapped = wrapTopLevelAwait(program, rewritten, "globalThis");
      } catch {
        // A syntax error: the engine reports it with its line.
      }
      const source = wrapped
        ? `${wrapped}.then((v) => __codeactDone(v), (e) => __codeactFail(e))`
        : rewritten;
      let script: vm.Script;
      try {
        script = new vm.Script(source, { filename: FILE });
      } catch (error) {
        return result({ error: this.#guestError(error) });
      }
      const ran = this.#evaluate(() =>
        script.runInContext(this.#context, { timeout: this.#remaining(running) }),
      );
      if ("timedOut" in ran) return result({ error: this.#timeout() });
      if ("error" in ran) return result({ error: this.#guestError(ran.error) });
      if (!wrapped) this.#settled = { value: { [VALUE_KEY]: ran.value } };
      // Until the code has settled and the host calls it made have too (an un-awaited
      // `final_answer(x)` must still be recorded), run the context's queue whenever something
      // outside it may have settled. A code that threw waits only for a final answer in flight.
      let unawaited: string[] | undefined;
      for (;;) {
        const outcome = this.#outcome();
        if (outcome && unawaited === undefined) unawaited = running.pending.map(({ name }) => name);
        const waitingFor = outcome
          ? running.pending.filter(({ name }) => !("error" in outcome) || name === FINAL_ANSWER)
          : undefined;
        if (waitingFor?.length === 0) break;
        if (signal.aborted) throw new AbortError({ cause: signal.reason });
        if (running.stopped) return result({ error: running.stopped });
        if (this.#disposed) throw new AbortError({ message: "The session was disposed." });
        const left = this.#remaining(running);
        if (left <= 0) return result({ error: this.#timeout() });
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            wake = () => {};
            resolve();
          };
          const timer = setTimeout(done, Math.min(POLL_MS, left));
          signal.addEventListener("abort", done, { once: true });
          wake = () => setImmediate(done);
        });
        const drained = this.#drain(running);
        if (drained) return result({ error: drained });
      }
      running.pending = (unawaited ?? []).map((name) => ({ name }));
      const settled = this.#outcome() as Settled;
      if ("error" in settled) return result({ error: this.#guestError(settled.error) });
      return result({ value: (settled.value as Record<string, unknown> | undefined)?.[VALUE_KEY] });
    } finally {
      running.controller.abort(new AbortError({ message: "The code calling this function has stopped." }));
      if (this.#current === running) this.#current = undefined;
    }
  }

  /** How the running code's promise settled, once it has (the context's callbacks set it). */
  #outcome(): Settled | undefined {
    return this.#settled;
  }

  /** Runs the context's queued jobs under the deadline; the timeout error when it passed. */
  #drain(running: Running): ExecutionResult["error"] | undefined {
    const ran = this.#evaluate(() =>
      vm.runInContext("undefined", this.#context, { timeout: Math.max(1, this.#remaining(running)) }),
    );
    return "timedOut" in ran ? this.#timeout() : undefined;
  }

  #evaluate(run: () => unknown): { value: unknown } | { error: unknown } | { timedOut: true } {
    try {
      return { value: run() };
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return { timedOut: true };
      return { error };
    }
  }

  #remaining(running: Running): number {
    return Math.floor(running.deadline - performance.now());
  }

  /** A host call: a JSON copy goes out, a copy made in the code's own realm comes back. */
  #call(name: string, fn: HostFunction, input: unknown): Promise<unknown> {
    const running = this.#current;
    const call = { name };
    running?.pending.push(call);
    const settled = () => {
      if (running) running.pending = running.pending.filter((pending) => pending !== call);
      running?.wake();
    };
    const signal =
      running?.controller.signal ?? AbortSignal.abort(new AbortError({ message: "No code is running." }));
    const text = toJSONText(input);
    const copy = text === undefined ? undefined : JSON.parse(text);
    return fn(copy, { signal }).then(
      (value) => {
        settled();
        return this.#copyIn(value);
      },
      (error: unknown) => {
        settled();
        const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
        throw Object.assign(new this.#GuestError(message), { name });
      },
    );
  }

  #copyIn(value: unknown): unknown {
    const text = toJSONText(value);
    return text === undefined ? undefined : this.#parse(text);
  }

  /** The last value as the host shows it: data as data, a promise or a function described. */
  #present(outcome: { value?: unknown; error?: ExecutionResult["error"] }): Partial<ExecutionResult> {
    if (outcome.error) return { error: outcome.error };
    const { value } = outcome;
    if (value === undefined) return {};
    const described =
      typeof value === "function" ||
      typeof value === "symbol" ||
      value instanceof Promise ||
      isThenable(value)
        ? inspect(value)
        : value;
    const text = toJSONText(described);
    if (text !== undefined && text.length > this.limits.maxValueChars) {
      const message = `The value of the last expression is ${text.length.toLocaleString("en-US")} characters of JSON, more than the ${this.limits.maxValueChars.toLocaleString("en-US")} allowed (maxValueChars). Return less: a summary, or the part you need.`;
      return { error: { name: "OutputLimitError", message } };
    }
    return { value: described };
  }

  #timeout(): ExecutionResult["error"] {
    const ms = this.limits.timeoutMs.toLocaleString("en-US");
    return {
      name: "TimeoutError",
      message: `The code did not finish within ${ms} ms (timeoutMs). Do less per step, and check for loops that never end.`,
    };
  }

  #guestError(error: unknown): ExecutionResult["error"] {
    const fields = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
    const { name, message } = ownError({
      name: typeof fields?.name === "string" ? fields.name : "Error",
      message: typeof fields?.message === "string" ? fields.message : String(error),
    });
    const line = typeof fields?.stack === "string" ? lineOf(fields.stack) : undefined;
    return { name, message, ...(line !== undefined && { line }) };
  }

  #console(): Record<string, (...args: unknown[]) => void> {
    const log = (...args: unknown[]) => this.#current?.logs.append(format(...args));
    return { log, info: log, warn: log, error: log, debug: log, trace: log };
  }

  /** Timers whose callbacks run under the deadline and then let the waiting execute look again. */
  #timers(): Record<string, unknown> {
    const guarded = (callback: unknown, args: unknown[]) => (): void => {
      if (typeof callback !== "function") return;
      const running = this.#current;
      this.#sandbox.__codeactTimer = () => callback(...args);
      const timeout = running ? Math.max(1, this.#remaining(running)) : this.limits.timeoutMs;
      const ran = this.#evaluate(() => vm.runInContext("__codeactTimer()", this.#context, { timeout }));
      if ("error" in ran) running?.logs.append(`Uncaught ${inspect(ran.error)}`);
      running?.wake();
    };
    return {
      setTimeout: (callback: unknown, ms?: number, ...args: unknown[]) =>
        setTimeout(guarded(callback, args), ms),
      setInterval: (callback: unknown, ms?: number, ...args: unknown[]) =>
        setInterval(guarded(callback, args), ms),
      setImmediate: (callback: unknown, ...args: unknown[]) => setImmediate(guarded(callback, args)),
      clearTimeout,
      clearInterval,
      clearImmediate,
    };
  }
}

function isThenable(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function"
  );
}

/** The line in `code.js` an error's stack points at first. */
function lineOf(stack: string): number | undefined {
  const match = /code\.js:(\d+)/.exec(stack);
  return match ? Number(match[1]) : undefined;
}
