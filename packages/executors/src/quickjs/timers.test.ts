import { describe, expect, it, onTestFinished, vi } from "vitest";
import { openSession } from "./test-utils.js";

describe("timers", () => {
  it("are absent unless enabled", async () => {
    const session = await openSession();
    expect(
      (await session.execute("[typeof setTimeout, typeof setInterval, typeof clearTimeout]")).value,
    ).toEqual(["undefined", "undefined", "undefined"]);
  });

  it("fire in order of their delay while the execute waits for them", async () => {
    const session = await openSession({}, { timers: true });
    const started = Date.now();
    const result = await session.execute(`
      const order = [];
      await new Promise((resolve) => {
        setTimeout(() => order.push("late"), 40);
        setTimeout((a, b) => order.push(a + b), 10, "ear", "ly");
        setTimeout(resolve, 60);
      });
      order`);
    expect(result.value).toEqual(["early", "late"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("can be cancelled, and repeat until cleared", async () => {
    const session = await openSession({}, { timers: true });
    const { value } = await session.execute(`
      let ticks = 0; let cancelled = false;
      clearTimeout(setTimeout(() => { cancelled = true; }, 5));
      await new Promise((resolve) => {
        const id = setInterval(() => { if (++ticks === 3) { clearInterval(id); resolve(); } }, 5);
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      [ticks, cancelled]`);
    expect(value).toEqual([3, false]);
  });

  it("do not keep an execute running, and never fire after it ends", async () => {
    // Host timers are fake but keep moving with real time, so the session's own short waits go on.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"], shouldAdvanceTime: true });
    onTestFinished(() => void vi.useRealTimers());
    const session = await openSession({}, { timers: true, timeoutMs: 120_000 });
    // Due in a minute: an execute that waited for it would not be over.
    const result = await session.execute(
      "globalThis.fired = false; setTimeout(() => { fired = true; }, 60_000);",
    );
    expect(result.error).toBeUndefined();
    await vi.advanceTimersByTimeAsync(180_000);
    expect((await session.execute("fired")).value).toBe(false);
  });

  it("report an error thrown by a callback", async () => {
    const session = await openSession({}, { timers: true });
    const result = await session.execute(
      "await new Promise((resolve) => { setTimeout(() => { throw new RangeError('in timer'); }, 1); setTimeout(resolve, 10); })",
    );
    expect(result.error).toMatchObject({ name: "RangeError", message: "in timer" });
  });

  it("are stopped by the deadline like any other wait", async () => {
    const session = await openSession({}, { timers: true, timeoutMs: 100 });
    const result = await session.execute("await new Promise((resolve) => setTimeout(resolve, 10_000))");
    expect(result.error?.name).toBe("TimeoutError");
  });
});
