/** One QuickJS runtime and context with the prelude installed: the guest half of a session. */
import type {
  QuickJSContext,
  QuickJSDeferredPromise,
  QuickJSHandle,
  QuickJSRuntime,
  QuickJSWASMModule,
} from "quickjs-emscripten-core";
import { errorFields, fromJSONText, toJSONText } from "./marshal.js";
import { PRELUDE_FILENAME, PRELUDE_SOURCE } from "./prelude.js";

/**
 * `JS_EVAL_FLAG_ASYNC`: evaluate global code as if it were the body of an async function, so
 * top-level `await` works while `const`, `let`, `function` and `class` stay global and persist.
 * The result is a promise of `{ value }` holding the last expression statement's value.
 * quickjs-emscripten 0.32 does not export this flag, so it is spelled out here.
 */
const EVAL_GLOBAL_ASYNC = 1 << 7;

/** What the guest calls back into. */
export type RealmHooks = {
  /** One console call's formatted text. */
  log(text: string): void;
  /** A bound host function was called; returns the guest promise for its result. */
  call(name: string, input: unknown): QuickJSHandle;
  /** Polled while guest code runs; returning true stops it with an uncatchable error. */
  shouldInterrupt(): boolean;
};

/** A guest error read out of the VM. `lineNumber` is set for syntax errors only. */
export type GuestErrorInfo = { name: string; message: string; stack?: string; lineNumber?: number };

type Helpers = {
  toJSONText: QuickJSHandle;
  describeError: QuickJSHandle;
  bind: QuickJSHandle;
  define: QuickJSHandle;
};

/**
 * A boundary helper threw inside the guest. The helpers catch ordinary errors themselves, so this
 * means the guest was interrupted (deadline or abort) or ran out of memory or stack meanwhile.
 */
export class GuestHelperError extends Error {
  override name = "GuestHelperError";
}

export type RealmLimits = { stackSizeBytes: number };

/**
 * The guest half of a session. Every crossing goes through the prelude's helpers as JSON text,
 * and every handle it creates is freed before the call that created it returns.
 */
export class Realm {
  private constructor(
    readonly runtime: QuickJSRuntime,
    readonly context: QuickJSContext,
    private readonly helpers: Helpers,
  ) {}

  /** Creates the runtime and context, and installs `console` and the boundary helpers. */
  static create(module: QuickJSWASMModule, limits: RealmLimits, hooks: RealmHooks): Realm {
    const runtime = module.newRuntime();
    let context: QuickJSContext | undefined;
    try {
      runtime.setMaxStackSize(limits.stackSizeBytes);
      runtime.setInterruptHandler(() => hooks.shouldInterrupt());
      // No module loader is set, so `import()` rejects and `import` statements do not parse.
      context = runtime.newContext();
      return new Realm(runtime, context, installPrelude(context, hooks));
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

  /** Evaluates user code as global code with top-level await. Returns the promise of `{ value }`. */
  evaluate(code: string, filename: string) {
    return this.context.evalCode(code, filename, EVAL_GLOBAL_ASYNC);
  }

  /** A JSON-compatible copy of a guest value. Runs guest code (getters, `toJSON`). */
  toHost(handle: QuickJSHandle): unknown {
    const text = this.callHelper(this.helpers.toJSONText, handle);
    try {
      return fromJSONText(this.context.typeof(text) === "string" ? this.context.getString(text) : undefined);
    } finally {
      text.dispose();
    }
  }

  /** Name, message and stack of a thrown guest value. */
  describeError(handle: QuickJSHandle): GuestErrorInfo {
    const text = this.callHelper(this.helpers.describeError, handle);
    try {
      return JSON.parse(this.context.getString(text)) as GuestErrorInfo;
    } finally {
      text.dispose();
    }
  }

  /** A guest promise the host settles later; the deferred owns its handles until settled or disposed. */
  newDeferred(): QuickJSDeferredPromise {
    return this.context.newPromise();
  }

  /** Fulfils a host call's guest promise with a copy of the host result. */
  fulfil(deferred: QuickJSDeferredPromise, value: unknown): void {
    const text = toJSONText(value);
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
      for (const handle of Object.values(this.helpers)) if (handle.alive) handle.dispose();
      if (this.context.alive) this.context.dispose();
      if (this.runtime.alive) this.runtime.dispose();
      return undefined;
    } catch (error) {
      return error;
    }
  }

  /** Calls a prelude helper with string or handle arguments. */
  private callHelper(
    helper: QuickJSHandle,
    ...args: Array<string | undefined | QuickJSHandle>
  ): QuickJSHandle {
    const { context } = this;
    const owned = args.map((arg) =>
      typeof arg === "string" ? context.newString(arg) : arg === undefined ? context.undefined : arg,
    );
    try {
      const result = context.callFunction(helper, context.undefined, owned);
      if (result.error) {
        const message = this.peekError(result.error);
        result.error.dispose();
        throw new GuestHelperError(message);
      }
      return result.value;
    } finally {
      owned.forEach((handle, i) => {
        if (typeof args[i] === "string") handle.dispose();
      });
    }
  }

  private peekError(handle: QuickJSHandle): string {
    try {
      return String(this.context.dump(handle)?.message ?? "unknown error");
    } catch {
      return "unknown error";
    }
  }
}

/**
 * Calls `fn` with a handle and frees the handle afterwards, also when `fn` throws (the library's
 * `consume` does not): a leaked handle makes QuickJS abort when the runtime is freed.
 */
export function withHandle<T>(handle: QuickJSHandle, fn: (handle: QuickJSHandle) => T): T {
  try {
    return fn(handle);
  } finally {
    if (handle.alive) handle.dispose();
  }
}

function installPrelude(context: QuickJSContext, hooks: RealmHooks): Helpers {
  const log = context.newFunction("hostLog", (text) => {
    hooks.log(context.getString(text));
  });
  const call = context.newFunction("hostCall", (name, text) => {
    const input =
      text && context.typeof(text) === "string" ? fromJSONText(context.getString(text)) : undefined;
    return hooks.call(context.getString(name!), input);
  });
  try {
    const factory = context.unwrapResult(
      context.evalCode(PRELUDE_SOURCE, PRELUDE_FILENAME, { type: "global" }),
    );
    const helpers = withHandle(factory, (fn) =>
      context.unwrapResult(context.callFunction(fn, context.undefined, log, call)),
    );
    return withHandle(helpers, (object) => ({
      toJSONText: context.getProp(object, "toJSONText"),
      describeError: context.getProp(object, "describeError"),
      bind: context.getProp(object, "bind"),
      define: context.getProp(object, "define"),
    }));
  } finally {
    // The guest's closures keep the functions alive; the host needs no handle of its own.
    log.dispose();
    call.dispose();
  }
}
