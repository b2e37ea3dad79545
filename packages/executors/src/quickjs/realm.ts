/** One QuickJS runtime and context with the prelude installed: the guest half of a session. */
import type {
  QuickJSContext,
  QuickJSDeferredPromise,
  QuickJSHandle,
  QuickJSRuntime,
  VmCallResult,
} from "quickjs-emscripten-core";
import { withHandle } from "./handles.js";
import type { SessionFeatures, SessionLimits } from "./limits.js";
import {
  cutText,
  errorFields,
  fromJSONText,
  MAX_ERROR_CHARS,
  MAX_ERROR_NAME_CHARS,
  toJSONText,
} from "./marshal.js";
import type { SandboxInstance } from "./module.js";
import { type Helpers, installPrelude } from "./prelude-install.js";
import { RuntimeFields } from "./runtime-fields.js";
import type { SandboxMemory } from "./sandbox-memory.js";
import { PARSE_STACK_BYTES, StackGuard } from "./stack-guard.js";

/**
 * `JS_EVAL_FLAG_ASYNC`: evaluate global code as if it were the body of an async function, so
 * top-level `await` works while `const`, `let`, `function` and `class` stay global and persist.
 * The result is a promise of `{ value }` holding the last expression statement's value.
 * quickjs-emscripten 0.32 does not export this flag, so it is spelled out here.
 */
const EVAL_GLOBAL_ASYNC = 1 << 7;
/** `JS_EVAL_FLAG_COMPILE_ONLY`: parse without running. */
const EVAL_COMPILE_ONLY = 1 << 5;
/** Room for the marker the prelude puts where it cut an error's text, so the host's cut leaves it be. */
const MARKER_CHARS = 64;
/** Code up to this length is not parsed twice: see `checkSyntax`. */
const SHORT_CODE_CHARS = 256;

/** What the guest calls back into. None of them may throw: see `guestCallback`. */
export type RealmHooks = {
  /** One console call's text, cut to the log limit; `size` is its full length, cut out at `cutAt`. */
  log(text: string, size: number, cutAt: number): void;
  /** A bound host function was called; returns the guest promise for its result, or nothing when stopping. */
  call(name: string, text: string | undefined, size: number): QuickJSHandle | undefined;
  /** A timer was set; returns a guest promise the host resolves when it fires, or nothing when stopping. */
  timer(ms: number): QuickJSHandle | undefined;
  /** Polled while guest code runs; returning true stops it with an uncatchable error. */
  shouldInterrupt(): boolean;
  /** The host could not allocate in the sandbox's memory while serving the guest. */
  outOfMemory(): void;
  /** Told when a call into the VM starts (true) and ends (false), so another thread can see it is busy. */
  occupied?(inside: boolean): void;
};

/** A guest error read out of the VM. `lineNumber` is set for syntax errors only. */
export type GuestErrorInfo = {
  name: string;
  message: string;
  stack?: string;
  lineNumber?: number;
  /** Set when the thrown value was not an object: `"null"`, `"string"`, ... */
  thrown?: string;
  /**
   * Set when the thrown value is an error QuickJS itself raised for a stack overflow or an out
   * of memory, not one the guest made (see `prelude/errors.ts`).
   */
  engine?: "stack" | "memory";
};

/** A copy of a guest value, or the size of one too large to cross. */
export type Copied = { value: unknown } | { tooLarge: number };

/**
 * A boundary helper threw inside the guest. The helpers catch ordinary errors themselves, so this
 * means the guest was interrupted (deadline or abort) or ran out of memory or stack meanwhile.
 */
export class GuestHelperError extends Error {
  override name = "GuestHelperError";
}

/**
 * The guest half of a session. Every crossing goes through the prelude's helpers as JSON text,
 * and every handle it creates is freed before the call that created it returns.
 */
export class Realm {
  private helpers!: Helpers;
  private guard: StackGuard | undefined;
  /** The error `checkSyntax` last returned, which `describeError` tells the prelude came from the parser. */
  private parserError: QuickJSHandle | undefined;
  /** Set when an execute that may have lost rejections ended without collecting them with `takeLost`. */
  lostIsStale = false;
  readonly fields: RuntimeFields | undefined;

  private readonly memory: SandboxMemory;
  private occupied: RealmHooks["occupied"];

  private constructor(
    readonly runtime: QuickJSRuntime,
    readonly context: QuickJSContext,
    private readonly limits: SessionLimits,
    instance: SandboxInstance,
  ) {
    this.memory = instance.memory;
    this.fields = RuntimeFields.probe(instance.memory.memory, runtime, context, limits.stackSizeBytes);
    const { stackPointer } = instance;
    if (this.fields && stackPointer && StackGuard.check(this.fields, stackPointer)) {
      this.guard = new StackGuard(this.fields, stackPointer, limits.stackSizeBytes);
    }
  }

  /** Creates the runtime and context, and installs `console`, the helpers and the guards. */
  static create(
    instance: SandboxInstance,
    limits: SessionLimits,
    features: SessionFeatures,
    hooks: RealmHooks,
  ): Realm {
    const runtime = instance.module.newRuntime();
    let context: QuickJSContext | undefined;
    try {
      // No module loader is set, so `import()` rejects and `import` statements do not parse.
      context = runtime.newContext();
      const realm = new Realm(runtime, context, limits, instance);
      realm.occupied = hooks.occupied;
      runtime.setInterruptHandler(() => hooks.shouldInterrupt());
      realm.helpers = installPrelude(context, hooks, realm.guard, {
        maxValueChars: limits.maxValueChars,
        maxLogChars: limits.maxLogChars,
        timers: features.timers,
        guards: realm.guard !== undefined,
      });
      return realm;
    } catch (error) {
      // Best effort: the instance is dropped anyway, and freeing it must not hide the cause.
      try {
        context?.dispose();
        runtime.dispose();
      } catch {}
      throw error;
    }
  }

  /** Makes host function `name` a global async function of the guest. */
  bind(name: string): void {
    this.callHelper(this.helpers.bind, name).dispose();
  }

  /** Sets global variable `name` to a copy of a host value. */
  define(name: string, value: unknown): void {
    this.callHelper(this.helpers.define, name, toJSONText(value)).dispose();
  }

  /**
   * Parses `code` without running it, with the parser's stack budget. Returns the error, if any.
   * Parsing recurses on nesting with a high native-stack cost per level; a parse that fits this
   * budget fits it again when `evaluate` parses the same code under the session's larger limit.
   */
  checkSyntax(code: string, filename: string): QuickJSHandle | undefined {
    // Code this short cannot nest deep enough to need the check (the costliest nesting measured,
    // parentheses, fits 336 levels in the budget), and most steps are short. Once the sandbox has
    // hit its memory cap, the check also tells "too full to parse" from an error of the code.
    if (code.length <= SHORT_CODE_CHARS && this.memory.growFailures === 0) return undefined;
    this.runtime.setMaxStackSize(Math.min(PARSE_STACK_BYTES, this.limits.stackSizeBytes));
    // QuickJS's parser checks no deadline, and some code takes it seconds: a thread's host must see it busy.
    this.occupied?.(true);
    try {
      const parsed = this.context.evalCode(code, filename, EVAL_GLOBAL_ASYNC | EVAL_COMPILE_ONLY);
      if (parsed.error) {
        // Straight from the parser, with no guest code run: its stack overflow is the engine's.
        this.parserError = parsed.error;
        return parsed.error;
      }
      parsed.value.dispose();
      return undefined;
    } finally {
      this.occupied?.(false);
      this.runtime.setMaxStackSize(this.limits.stackSizeBytes);
    }
  }

  /** Evaluates user code as global code with top-level await. Returns the promise of `{ value }`. */
  evaluate(code: string, filename: string): VmCallResult<QuickJSHandle> {
    // Rejections left unreported by an execute that ended early must not surface in this one.
    if (this.lostIsStale) this.forgetLost();
    return this.entered(() => this.context.evalCode(code, filename, EVAL_GLOBAL_ASYNC));
  }

  /** Runs up to `max` queued promise jobs; a job that fails is reported by the caller's stop checks. */
  runJobs(max: number): void {
    this.entered(() => {
      const result = this.runtime.executePendingJobs(max);
      if (result.error) result.error.dispose();
    });
  }

  /** The number of queued jobs, counted up to `max + 1`; `undefined` when it cannot be read. */
  countJobs(max: number): number | undefined {
    return this.fields?.countJobs(max);
  }

  /**
   * Empties the job queue of a stopped execution, so none of its code runs during the next one.
   * Allocation is refused and the stack limit set to nothing meanwhile, so every job fails at its
   * first call or allocation instead of queueing more: an exponential promise flood winds down in
   * about a microsecond per job. Returns false if jobs remain after `budgetMs`.
   */
  drain(budgetMs: number): boolean {
    const started = Date.now();
    this.runtime.setMemoryLimit(1);
    this.runtime.setMaxStackSize(1);
    try {
      while (this.runtime.hasPendingJob()) {
        if (Date.now() - started > budgetMs) return false;
        this.runJobs(4096);
        // A guarded builtin's release puts the session's stack limit back; keep it at nothing.
        this.runtime.setMaxStackSize(1);
      }
      return true;
    } finally {
      this.runtime.setMemoryLimit(-1);
      this.runtime.setMaxStackSize(this.limits.stackSizeBytes);
    }
  }

  /** A JSON-compatible copy of a guest value. Runs guest code (getters, `toJSON`). */
  toHost(handle: QuickJSHandle): Copied {
    return withHandle(this.callHelper(this.helpers.toJSONText, handle), (text) => {
      const type = this.context.typeof(text);
      if (type === "number") return { tooLarge: this.context.getNumber(text) };
      if (type !== "string") return { value: undefined };
      const json = this.context.getString(text);
      // The prelude checks the size before the copy; this check does not trust it.
      if (json.length > this.limits.maxValueChars) return { tooLarge: json.length };
      return { value: fromJSONText(json) };
    });
  }

  /** Name, message and stack of a thrown guest value. */
  describeError(handle: QuickJSHandle): GuestErrorInfo {
    const origin = handle === this.parserError ? "parser" : undefined;
    this.parserError = undefined;
    const info = this.readError(this.callHelper(this.helpers.describeError, handle, origin));
    // No guest code ran inside the parser, so its out of memory is the engine's, even when the
    // prelude, short of memory itself, could not confirm it.
    if (
      origin &&
      info.engine === undefined &&
      info.name === "InternalError" &&
      info.message === "out of memory"
    ) {
      info.engine = "memory";
    }
    return info;
  }

  /** The first host-call rejection (or timer callback error) no code handled, and forgets the rest. */
  takeLost(): GuestErrorInfo | undefined {
    this.lostIsStale = false;
    return withHandle(this.callHelper(this.helpers.takeLost), (text) =>
      this.context.typeof(text) === "string" ? this.readError(text) : undefined,
    );
  }

  private forgetLost(): void {
    try {
      this.takeLost();
    } catch (error) {
      // Out of memory or interrupted: the list stays, and is forgotten next time.
      if (!(error instanceof GuestHelperError)) throw error;
    }
  }

  /** A guest promise the host settles later; the deferred owns its handles until settled or disposed. */
  newDeferred(): QuickJSDeferredPromise {
    return this.context.newPromise();
  }

  /** Fulfils a host call's guest promise with JSON text the prelude parses (or undefined). */
  fulfil(deferred: QuickJSDeferredPromise, text: string | undefined): void {
    if (text === undefined) deferred.resolve(this.context.undefined);
    else withHandle(this.context.newString(text), (handle) => deferred.resolve(handle));
  }

  /** Rejects a host call's guest promise with an Error carrying the host error's name and message. */
  reject(deferred: QuickJSDeferredPromise, error: unknown): void {
    withHandle(this.context.newError(errorFields(error)), (handle) => deferred.reject(handle));
  }

  /** Frees the helpers, the context and the runtime. Returns what went wrong instead of throwing. */
  dispose(): unknown {
    try {
      for (const handle of Object.values(this.helpers ?? {})) if (handle.alive) handle.dispose();
      if (this.context.alive) this.context.dispose();
      if (this.runtime.alive) this.runtime.dispose();
      return undefined;
    } catch (error) {
      return error;
    }
  }

  /** Runs a call into the guest and puts the stack limit back afterwards (see `StackGuard.reset`). */
  private entered<T>(enter: () => T): T {
    this.occupied?.(true);
    try {
      return enter();
    } finally {
      this.guard?.reset();
      this.occupied?.(false);
    }
  }

  /** Calls a prelude helper with string or handle arguments. */
  private callHelper(
    helper: QuickJSHandle,
    ...args: Array<string | undefined | QuickJSHandle>
  ): QuickJSHandle {
    const { context } = this;
    const owned: QuickJSHandle[] = [];
    try {
      const handles = args.map((arg) => {
        if (typeof arg !== "string") return arg ?? context.undefined;
        const handle = context.newString(arg);
        owned.push(handle);
        return handle;
      });
      const result = this.entered(() => context.callFunction(helper, context.undefined, handles));
      if (result.error) {
        const message = this.peekError(result.error);
        result.error.dispose();
        throw new GuestHelperError(message);
      }
      return result.value;
    } finally {
      for (const handle of owned) handle.dispose();
    }
  }

  /**
   * Parses `describeError` text, trusting nothing about it: the prelude cuts name, message and
   * stack to their limits, and they are cut here again, with room for its markers.
   */
  private readError(text: QuickJSHandle): GuestErrorInfo {
    try {
      const info = JSON.parse(this.context.getString(text)) as Record<string, unknown>;
      const error: GuestErrorInfo = {
        name:
          typeof info.name === "string" ? cutText(info.name, MAX_ERROR_NAME_CHARS + MARKER_CHARS) : "Error",
        message:
          typeof info.message === "string" ? cutText(info.message, MAX_ERROR_CHARS + MARKER_CHARS) : "",
      };
      if (typeof info.stack === "string") error.stack = cutText(info.stack, MAX_ERROR_CHARS + MARKER_CHARS);
      if (typeof info.lineNumber === "number") error.lineNumber = info.lineNumber;
      if (typeof info.thrown === "string") error.thrown = info.thrown;
      if (info.engine === "stack" || info.engine === "memory") error.engine = info.engine;
      return error;
    } catch {
      return { name: "Error", message: "[unreadable error]" };
    } finally {
      text.dispose();
    }
  }

  /** The message of an error a helper threw, read without running guest code. */
  private peekError(handle: QuickJSHandle): string {
    try {
      return withHandle(this.context.getProp(handle, "message"), (message) =>
        this.context.typeof(message) === "string"
          ? cutText(this.context.getString(message), MAX_ERROR_CHARS)
          : "unknown error",
      );
    } catch {
      return "unknown error";
    }
  }
}
