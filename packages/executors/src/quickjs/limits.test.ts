import { AbortError, ExecutionError } from "@codeact/core";
import { describe, expect, it } from "vitest";
import { QuickJSExecutor } from "./quickjs-executor.js";
import { controllable, openSession, until } from "./test-utils.js";

describe("timeouts", () => {
  it("stop a synchronous infinite loop with a TimeoutError result; the session lives on", async () => {
    const session = await openSession({}, { timeoutMs: 200 });
    await session.execute("let kept = 1");
    const started = Date.now();
    const result = await session.execute("console.log('looping'); while (true) {}");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ logs: "looping", error: { name: "TimeoutError" } });
    expect((await session.execute("kept + 1")).value).toBe(2);
  });

  it("cannot be caught by the guest", async () => {
    const session = await openSession({}, { timeoutMs: 200 });
    const result = await session.execute("try { while (true) {} } catch { 'caught' }");
    expect(result.error?.name).toBe("TimeoutError");
  });

  it("stop an await on a host function that never resolves, and abort its signal", async () => {
    const hang = controllable();
    const session = await openSession({ functions: { hang } }, { timeoutMs: 200 });
    const result = await session.execute("await hang()");
    expect(result.error?.name).toBe("TimeoutError");
    expect(hang.calls[0]?.signal.aborted).toBe(true);
    hang.calls[0]?.resolve("too late");
    expect((await session.execute("'still here'")).value).toBe("still here");
  });

  it("stop a flood of promise jobs", async () => {
    const session = await openSession({}, { timeoutMs: 200 });
    const result = await session.execute("for (;;) await null;");
    expect(result.error?.name).toBe("TimeoutError");
    expect((await session.execute("1")).value).toBe(1);
  });

  it("wind down async work left running, so it does not spill into the next execute", async () => {
    const session = await openSession({}, { timeoutMs: 200 });
    await session.execute("globalThis.ticks = 0; (async () => { for (;;) { ticks++; await null; } })();");
    const before = (await session.execute("ticks")).value as number;
    const after = (await session.execute("ticks")).value as number;
    expect(after).toBe(before);
  });

  it("wind down async work started before a synchronous loop timed out", async () => {
    const session = await openSession({}, { timeoutMs: 200 });
    const result = await session.execute(
      "globalThis.ticks = 0; (async () => { for (;;) { ticks++; await null; } })(); while (true) {}",
    );
    expect(result.error?.name).toBe("TimeoutError");
    const before = (await session.execute("ticks")).value as number;
    expect((await session.execute("ticks")).value).toBe(before);
  });

  it("cover reading the value out, which can run guest getters", async () => {
    const session = await openSession({}, { timeoutMs: 200 });
    const result = await session.execute("({ get x() { while (true) {} } })");
    expect(result.error?.name).toBe("TimeoutError");
  });
});

describe("abort", () => {
  it("stops code awaiting a host function, throws AbortError and aborts the host call", async () => {
    const hang = controllable();
    const session = await openSession({ functions: { hang } });
    const controller = new AbortController();
    const running = session.execute("await hang()", { signal: controller.signal });
    await until(() => hang.calls.length === 1);
    controller.abort();
    await expect(running).rejects.toSatisfy(AbortError.isInstance);
    expect(hang.calls[0]?.signal.aborted).toBe(true);
    expect((await session.execute("'usable'")).value).toBe("usable");
  });

  it("stops a loop of promise jobs", async () => {
    const session = await openSession();
    const running = session.execute("for (;;) await null;", { signal: AbortSignal.timeout(50) });
    await expect(running).rejects.toSatisfy(AbortError.isInstance);
  });

  it("throws at once when the signal is already aborted", async () => {
    const session = await openSession();
    await expect(session.execute("1", { signal: AbortSignal.abort() })).rejects.toSatisfy(
      AbortError.isInstance,
    );
  });
});

describe("dispose", () => {
  it("makes later executes throw a clear ExecutionError", async () => {
    const session = await new QuickJSExecutor().createSession({ functions: {} });
    await session.dispose();
    await session[Symbol.asyncDispose]();
    const error = await session.execute("1").catch((e: unknown) => e);
    expect(ExecutionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "disposed", sessionLost: true });
  });

  it("stops a running execute and aborts its pending host calls", async () => {
    const hang = controllable();
    const session = await openSession({ functions: { hang } });
    const running = session.execute("await Promise.all([hang(), hang()])");
    await until(() => hang.calls.length === 2);
    await session.dispose();
    await expect(running).rejects.toMatchObject({ code: "disposed", sessionLost: true });
    expect(hang.calls.every((call: { signal: AbortSignal }) => call.signal.aborted)).toBe(true);
    expect(session.disposeFailure).toBeUndefined();
  });
});

describe("memory and stack", () => {
  it("caps memory, typed arrays included, with a guest error", async () => {
    const session = await openSession({}, { memoryLimitBytes: 32 * 1024 * 1024 });
    const result = await session.execute(
      "const chunks = []; let n = 0; try { for (;;) { chunks.push(new Uint8Array(1 << 20)); n++; } } catch (e) { String(e) } ",
    );
    expect(result.value).toBe("InternalError: out of memory");
    expect((await session.execute("chunks.length = 0; n")).value).toBeLessThan(32);
    expect((await session.execute("new Uint8Array(1 << 20).length")).value).toBe(1 << 20);
  });

  it("turns deep recursion into a catchable guest error", async () => {
    const session = await openSession();
    const result = await session.execute("function down(n) { return down(n + 1) + 1; }\ndown(0)");
    expect(result.error).toMatchObject({ name: "InternalError", message: "stack overflow" });
    expect((await session.execute("'fine'")).value).toBe("fine");
  });
});
