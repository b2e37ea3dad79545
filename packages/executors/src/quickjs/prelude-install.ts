/** Installs the prelude in a fresh context: the host functions the guest may call, and the helpers the host calls. */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten-core";
import { withHandle } from "./handles.js";
import { errorFields } from "./marshal.js";
import { PRELUDE_FILENAME, PRELUDE_HELPERS, PRELUDE_SOURCE, type PreludeConfig } from "./prelude.js";
import type { RealmHooks } from "./realm.js";
import { HostAllocationError } from "./sandbox-memory.js";
import type { NestingKind, StackGuard } from "./stack-guard.js";

/** The prelude's helpers, by name. */
export type Helpers = Record<(typeof PRELUDE_HELPERS)[number], QuickJSHandle>;

const NESTING_KINDS: ReadonlySet<string> = new Set<NestingKind>(["parse", "jsonParse", "jsonStringify"]);

/**
 * Evaluates the prelude and calls it with the host functions, each of which checks the type of
 * every argument the guest passes before using it.
 */
export function installPrelude(
  context: QuickJSContext,
  hooks: RealmHooks,
  guard: StackGuard | undefined,
  config: PreludeConfig,
): Helpers {
  // Strings and numbers are converted rather than type-checked where any value will do: a
  // conversion can only run the guest's own code, and checking a type costs an allocation.
  const string = (handle: QuickJSHandle | undefined) => (handle ? context.getString(handle) : "");
  const number = (handle: QuickJSHandle | undefined) => (handle ? context.getNumber(handle) : Number.NaN);
  const optionalString = (handle: QuickJSHandle | undefined) =>
    handle && context.typeof(handle) === "string" ? context.getString(handle) : undefined;
  const functions = [
    guestCallback(context, "hostLog", hooks, (text, size, cutAt) => {
      const line = string(text);
      const at = number(cutAt);
      hooks.log(
        line,
        Math.max(line.length, number(size) || 0),
        at >= 0 && at <= line.length ? at : line.length,
      );
      return undefined;
    }),
    guestCallback(context, "hostCall", hooks, (name, text, size) =>
      hooks.call(string(name), optionalString(text), number(size) || 0),
    ),
    guestCallback(context, "hostTimer", hooks, (ms) => hooks.timer(number(ms) || 0)),
    guestCallback(context, "hostGuard", hooks, (kind) => {
      const value = string(kind);
      if (NESTING_KINDS.has(value)) guard?.narrow(value as NestingKind);
      return undefined;
    }),
    guestCallback(context, "hostRelease", hooks, () => {
      guard?.release();
      return undefined;
    }),
  ];
  try {
    const factory = context.unwrapResult(
      context.evalCode(PRELUDE_SOURCE, PRELUDE_FILENAME, { type: "global" }),
    );
    const helpers = withHandle(factory, (fn) =>
      withHandle(context.newString(JSON.stringify(config)), (configText) =>
        context.unwrapResult(context.callFunction(fn, context.undefined, ...functions, configText)),
      ),
    );
    return withHandle(helpers, (object) => {
      const entries = PRELUDE_HELPERS.map((name) => [name, context.getProp(object, name)] as const);
      return Object.fromEntries(entries) as Helpers;
    });
  } finally {
    // The guest's closures keep the functions alive; the host needs no handle of its own.
    for (const fn of functions) fn.dispose();
  }
}

/**
 * A host function the guest can call. Errors become guest exceptions built here (a thrown
 * handle is thrown into the guest as it is), because the library's own conversion allocates in
 * the guest and, when the sandbox is full, would print to the host's stderr and return garbage;
 * a failed allocation instead reports `outOfMemory` and returns `undefined`.
 */
function guestCallback(
  context: QuickJSContext,
  name: string,
  hooks: RealmHooks,
  fn: (...args: QuickJSHandle[]) => QuickJSHandle | undefined,
): QuickJSHandle {
  return context.newFunction(name, (...args) => {
    let thrown: QuickJSHandle | undefined;
    try {
      return fn(...args) ?? undefined;
    } catch (error) {
      try {
        if (!(error instanceof HostAllocationError)) thrown = context.newError(errorFields(error));
      } catch (inner) {
        if (!(inner instanceof HostAllocationError)) throw inner;
      }
      if (!thrown) hooks.outOfMemory();
    }
    if (thrown) throw thrown;
    return undefined;
  });
}
