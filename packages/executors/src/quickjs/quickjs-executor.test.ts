import { AbortError, ExecutionError } from "@codeact/core";
import { describe, expect, it } from "vitest";
import { QuickJSExecutor } from "./quickjs-executor.js";
import type { QuickJSSession } from "./quickjs-session.js";
import { openSession } from "./test-utils.js";

describe("QuickJSExecutor", () => {
  it("validates its limits, naming the option", () => {
    expect(() => new QuickJSExecutor({ memoryLimitBytes: 1024 * 1024 })).toThrow(
      /memoryLimitBytes must be at least/,
    );
    expect(() => new QuickJSExecutor({ timeoutMs: -1 })).toThrow(/timeoutMs must be a positive integer/);
    expect(() => new QuickJSExecutor({ maxLogChars: 1.5 })).toThrow(RangeError);
    expect(() => new QuickJSExecutor({ maxValueChars: 0 })).toThrow(/maxValueChars/);
    expect(() => new QuickJSExecutor({ maxToolCalls: Number.NaN })).toThrow(/maxToolCalls/);
    expect(() => new QuickJSExecutor({ maxPendingJobs: -5 })).toThrow(/maxPendingJobs/);
    expect(() => new QuickJSExecutor({ stackSizeBytes: 64 * 1024 * 1024 })).toThrow(/at most/);
  });

  it("describes the sandbox as it is: timers only when enabled, never 'no file system'", async () => {
    const plain = new QuickJSExecutor().environment;
    expect(plain).toContain("no network, files, timers or imports of its own");
    expect(plain).toContain("Only the functions below reach outside it.");
    const timed = new QuickJSExecutor({ timers: true }).environment;
    expect(timed).toContain("top-level await and timers, but no network, files or imports");
    // File tools may be among the functions, so the sandbox must not deny files outright.
    for (const text of [plain, timed]) expect(text).not.toMatch(/no file system/i);
    const session = await new QuickJSExecutor({ timers: true }).createSession({ functions: {} });
    expect((await session.execute("typeof setTimeout")).value).toBe("function");
    await session.dispose();
  });

  it("refuses a name given both as a function and as a global", async () => {
    const executor = new QuickJSExecutor();
    await expect(
      executor.createSession({ functions: { x: async () => 1 }, globals: { x: 1 } }),
    ).rejects.toThrow(TypeError);
  });

  it("honours an aborted signal when creating a session", async () => {
    const executor = new QuickJSExecutor();
    const creating = executor.createSession({ functions: {}, signal: AbortSignal.abort() });
    await expect(creating).rejects.toSatisfy(AbortError.isInstance);
  });

  it("runs one execute at a time per session, in call order", async () => {
    const session = await openSession();
    const [first, second] = await Promise.all([
      session.execute("let order = []; await null; order.push(1); order"),
      session.execute("order.push(2); order"),
    ]);
    expect(first.value).toEqual([1]);
    expect(second.value).toEqual([1, 2]);
  });

  it("gives up a session whose VM broke, says so on every later execute, and frees nothing it cannot trust", async () => {
    // A stack limit this large lets recursion exhaust the host's native stack inside WebAssembly.
    const executor = new QuickJSExecutor({ stackSizeBytes: 4 * 1024 * 1024 });
    const session = (await executor.createSession({ functions: {} })) as QuickJSSession;
    const failure = await session
      .execute("function down() { return down() + 1; } down()")
      .catch((e: unknown) => e);
    expect(ExecutionError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ name: "StackOverflowError", code: "stack_overflow", sessionLost: true });
    await expect(session.execute("1")).rejects.toBe(failure);
    await session.dispose();
    expect(session.disposeFailure).toBeUndefined();
  });
});
