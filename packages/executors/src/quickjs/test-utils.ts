/** Shared by the tests: sessions that are disposed after each test and checked for leaked handles. */
import type { ExecutorSessionOptions, HostFunction } from "@codeact/core";
import { expect, onTestFinished } from "vitest";
import { QuickJSExecutor, type QuickJSExecutorOptions } from "./quickjs-executor.js";
import type { QuickJSSession } from "./quickjs-session.js";

/**
 * A session freed when the test ends, on the host's thread unless `limits.thread` says otherwise. Freeing asserts that no guest handle leaked: QuickJS aborts
 * when a runtime is freed with live objects, and the session records that as `disposeFailure`.
 */
export async function openSession(
  options: Partial<ExecutorSessionOptions> = {},
  limits: QuickJSExecutorOptions = {},
): Promise<QuickJSSession> {
  // Inline unless told otherwise: these tests look inside the session (its memory, its realm).
  const executor = new QuickJSExecutor({ thread: "inline", ...limits });
  const session = (await executor.createSession({ functions: {}, ...options })) as QuickJSSession;
  onTestFinished(async () => {
    await session.dispose();
    expect(session.disposeFailure).toBeUndefined();
  });
  return session;
}

/** A host function whose calls stay pending until the test settles them. */
export function controllable(): HostFunction & {
  calls: Array<{
    input: unknown;
    signal: AbortSignal;
    resolve(value: unknown): void;
    reject(error: unknown): void;
  }>;
} {
  const calls: ReturnType<typeof controllable>["calls"] = [];
  const fn = (input: unknown, { signal }: { signal: AbortSignal }) =>
    new Promise((resolve, reject) => {
      calls.push({ input, signal, resolve, reject });
    });
  return Object.assign(fn, { calls });
}

/** Resolves once `check` holds, polling the event loop. */
export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(check()).toBe(true);
}
