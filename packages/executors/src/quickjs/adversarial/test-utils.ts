/**
 * The adversarial suite's runner (a test helper, not shipped). Each attempt runs hostile code in a
 * fresh session and checks three things: the right outcome came back, the host's global objects
 * are exactly as they were, and the session still works or was given up with `sessionLost` (in
 * which case a fresh session must work). Each attempt also runs again with an abort signal that
 * fires in the middle of it.
 */
import {
  AbortError,
  ExecutionError,
  type ExecutionResult,
  type ExecutorSessionOptions,
  type HostFunction,
} from "@codeact/core";
import { expect, it } from "vitest";
import type { QuickJSExecutorOptions } from "../quickjs-executor.js";
import { openSession } from "../test-utils.js";

/** What an attempt came to: a result, or what `execute` threw. */
export type Outcome = (
  | { result: ExecutionResult; thrown?: undefined }
  | { thrown: unknown; result?: undefined }
) & {
  /** Whether the aborted twin's signal fired before `execute` settled. */
  abortedWhileRunning?: boolean;
};

export type Attempt = {
  /** What the attack tries, as the test's title. */
  name: string;
  code: string;
  limits?: QuickJSExecutorOptions;
  functions?: Record<string, HostFunction>;
  globals?: Record<string, unknown>;
  /** Checks the outcome: the right error, value or logs. */
  expect: (outcome: Outcome) => void;
  /**
   * The outcome when a signal aborts 20 ms into the attempt: `"AbortError"` when the code gives
   * the host a chance to see the abort, or the error name of a result when it cannot (purely
   * synchronous code runs until its deadline) or finishes first (`"none"`: no error).
   *
   * A thrown `AbortError` is also accepted when the signal fired before `execute` settled: code
   * that finishes in 5 ms here can still be running at 20 ms on a loaded machine, and then
   * stopping at the abort is right. Code that finished first must come to this outcome exactly.
   */
  aborted: string;
  /** Runs after the attempt with the host functions' recorded calls, for host-side checks. */
  after?: () => void;
};

/** How long into an attempt its aborted twin fires the signal. */
const ABORT_AFTER_MS = 20;

/** Shorter than the default, so a suite of loops stays quick; attempts that need more say so. */
const LIMITS: QuickJSExecutorOptions = { timeoutMs: 150 };

/**
 * Where this file's attempts run: on the host's thread, unless a test file that imports the
 * attempt files first asks for worker threads (`in-worker-threads.test.ts`). Each test file has
 * its own module instances, so the specs' counters start afresh in each mode.
 */
let mode: { title: string; thread: NonNullable<QuickJSExecutorOptions["thread"]> } = {
  title: "",
  thread: "inline",
};

/** Runs the attempts registered from now on in this test file with `thread`. */
export function runAttemptsIn(thread: NonNullable<QuickJSExecutorOptions["thread"]>): void {
  mode = { title: ` [thread: ${thread}]`, thread };
}

/** Registers the attempt and its aborted twin as tests. */
export function attempt(spec: Attempt): void {
  const inMode: Attempt = { ...spec, limits: { ...spec.limits, thread: mode.thread } };
  it(`${spec.name}${mode.title}`, async () => {
    const outcome = await run(inMode);
    spec.expect(outcome);
    spec.after?.();
  });
  it(`${spec.name} (aborted midway)${mode.title}`, async () => {
    const outcome = await run(inMode, ABORT_AFTER_MS);
    const allowed = outcome.abortedWhileRunning ? [spec.aborted, "AbortError"] : [spec.aborted];
    expect(allowed).toContain(abortedOutcome(outcome));
  });
}

/**
 * An aborted attempt's outcome as the spec names it: `"AbortError"` only when `execute` threw one
 * (the same name on a result would be a bug), `"none"` for a result without an error, otherwise
 * the result's error name or what else was thrown.
 */
function abortedOutcome(outcome: Outcome): string {
  if (outcome.result) return outcome.result.error?.name ?? "none";
  if (AbortError.isInstance(outcome.thrown)) return "AbortError";
  return `thrown ${String(outcome.thrown)}`;
}

async function run(spec: Attempt, abortAfterMs?: number): Promise<Outcome> {
  const before = hostFingerprint();
  const options: Partial<ExecutorSessionOptions> = { functions: spec.functions ?? {}, globals: spec.globals };
  const session = await openSession(options, { ...LIMITS, ...spec.limits });
  // The clock starts once the session is open: on a loaded machine opening one can take longer
  // than the delay, and the abort would land before the attempt instead of in the middle of it.
  const signal = abortAfterMs === undefined ? undefined : AbortSignal.timeout(abortAfterMs);
  let outcome: Outcome;
  try {
    outcome = { result: await session.execute(spec.code, { signal }) };
  } catch (thrown) {
    outcome = { thrown };
  }
  // Read before any timer can run: the continuation of the await is a microtask.
  outcome.abortedWhileRunning = signal?.aborted;
  expect(hostFingerprint()).toEqual(before);
  if (outcome.thrown !== undefined && !AbortError.isInstance(outcome.thrown)) {
    // The session was given up: it must say so, and a fresh one must work.
    expect(ExecutionError.isInstance(outcome.thrown)).toBe(true);
    expect(outcome.thrown).toMatchObject({ sessionLost: true });
    await expect(session.execute("1")).rejects.toBe(outcome.thrown);
    const fresh = await openSession(options, { ...LIMITS, ...spec.limits });
    expect((await fresh.execute("1 + 1")).value).toBe(2);
  } else if (outcome.thrown !== undefined && mode.thread !== "inline") {
    // An abort the code could not see in time stops its worker thread: the session is then lost,
    // and the next execute must say so; a fresh session must work.
    const next = await session.execute("'still here'").then(
      (result) => result.value,
      (error: unknown) => error,
    );
    if (next !== "still here") {
      expect(ExecutionError.isInstance(next) && next.sessionLost).toBe(true);
      expect((next as Error).message).toMatch(/aborted inside one built-in function/);
      const fresh = await openSession(options, { ...LIMITS, ...spec.limits });
      expect((await fresh.execute("1 + 1")).value).toBe(2);
    }
  } else {
    expect((await session.execute("'still here'")).value).toBe("still here");
  }
  return outcome;
}

/** The error name of a result, or of what was thrown. */
export function errorName(outcome: Outcome): string | undefined {
  if (outcome.result) return outcome.result.error?.name;
  return (outcome.thrown as Error | undefined)?.name;
}

const WATCHED: Record<string, object> = {
  "Object.prototype": Object.prototype,
  "Array.prototype": Array.prototype,
  "Function.prototype": Function.prototype,
  "String.prototype": String.prototype,
  "Promise.prototype": Promise.prototype,
  "Error.prototype": Error.prototype,
  JSON,
  Math,
  Reflect,
};

/**
 * The host's global scope as the guest would want to change it: the names on `globalThis` and
 * every property (by identity) of the prototypes and namespaces code usually patches.
 */
export function hostFingerprint(): Record<string, unknown> {
  const fingerprint: Record<string, unknown> = {
    globals: Reflect.ownKeys(globalThis).map(String).sort(),
  };
  for (const [name, object] of Object.entries(WATCHED)) {
    fingerprint[name] = Reflect.ownKeys(object).map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      return [String(key), descriptor?.value, descriptor?.get, descriptor?.set, descriptor?.writable];
    });
  }
  fingerprint.pollution = [
    ({} as Record<string, unknown>).polluted,
    ([] as unknown as Record<string, unknown>).polluted,
  ];
  return fingerprint;
}
