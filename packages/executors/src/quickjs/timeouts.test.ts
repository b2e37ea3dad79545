import { AbortError } from "@codeact/core";
import { describe, expect, it, vi } from "vitest";
import { TimeoutError } from "../errors/timeout-error.js";
import type { Realm } from "./realm.js";
import { controllable, openSession, until } from "./test-utils.js";

describe("timeouts", () => {
  it("stop a synchronous infinite loop with a TimeoutError result; the session lives on", async () => {
    const session = await openSession({}, { timeoutMs: 200 });
    await session.execute("let kept = 1");
    const started = Date.now();
    const result = await session.execute("console.log('looping'); while (true) {}");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({
      logs: "looping",
      error: { name: "TimeoutError", message: expect.stringContaining("within 200 ms (timeoutMs)") },
    });
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

describe("winding down after a stop", () => {
  it("empties an exponential promise flood quickly, so the session lives on", async () => {
    const session = await openSession({}, { timeoutMs: 300 });
    const result = await session.execute(
      "globalThis.n = 0; function f() { n++; Promise.resolve().then(f); Promise.resolve().then(f); } f(); for (;;) {}",
    );
    expect(result.error?.name).toBe("TimeoutError");
    const before = (await session.execute("n")).value;
    expect((await session.execute("n")).value).toBe(before);
  });

  it("drains 50,000 queued jobs that spin forever, so none of them runs on", async () => {
    const session = await openSession({}, { timeoutMs: 200 });
    const realm = (session as unknown as { realm: Realm }).realm;
    // How fast it drains depends on the machine; that it ends does not.
    const unbounded = realm.drain.bind(realm, Number.POSITIVE_INFINITY);
    const drain = vi.spyOn(realm, "drain").mockImplementation(() => unbounded());
    const result = await session.execute(
      "for (let i = 0; i < 50000; i++) (async () => { await null; for (;;) {} })(); for (;;) {}",
    );
    expect(result.error?.name).toBe("TimeoutError");
    expect(drain).toHaveReturnedWith(true);
    expect(realm.runtime.hasPendingJob()).toBe(false);
  });

  it("gives the session up, with a thrown TimeoutError, when queued work outlasts the budget", async () => {
    const session = await openSession({}, { timeoutMs: 100 });
    vi.spyOn((session as unknown as { realm: Realm }).realm, "drain").mockReturnValue(false);
    const failure = await session
      .execute("(async () => { for (;;) await null; })(); for (;;) {}")
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: "timeout", sessionLost: true });
    await expect(session.execute("1")).rejects.toBe(failure);
  });

  it("winds down work a getter queued while the value was read, so the next execute does not run it", async () => {
    const session = await openSession({}, { timeoutMs: 5_000 });
    const result = await session.execute(
      "globalThis.n = 0; ({ get x() { (async () => { for (;;) { n++; await null; } })(); return 1; } })",
    );
    expect(result.value).toEqual({ x: 1 });
    const next = await session.execute("await null; await null; n");
    expect(next.value).toBe(1);
    expect(next.durationMs).toBeLessThan(1_000);
  });
});
