import { describe, expect, it, vi } from "vitest";
import { controllable, openSession } from "./test-utils.js";

describe("maxValueChars", () => {
  it("lets a value of exactly the limit cross, and not one character more", async () => {
    const echo = vi.fn(async (input: unknown) => input);
    // JSON text of a string is the string plus two quotes.
    const session = await openSession({ functions: { echo } }, { maxValueChars: 1_002 });
    expect((await session.execute("'x'.repeat(1000)")).value).toHaveLength(1000);
    expect((await session.execute("(await echo('y'.repeat(1000))).length")).value).toBe(1000);
    const value = await session.execute("'x'.repeat(1001)");
    expect(value.error).toEqual({
      name: "OutputLimitError",
      message:
        "The value of the last expression is 1,003 characters of JSON; at most 1,002 (maxValueChars) can cross the sandbox boundary. Pass or return a smaller part.",
    });
    const argument = await session.execute("await echo('y'.repeat(1001))");
    expect(argument.error?.message).toMatch(/^The argument of echo is 1,003 characters of JSON/);
    expect(echo).toHaveBeenCalledTimes(1);
  });

  it("applies to tool results, and aborts the other calls of that execute", async () => {
    const slow = controllable();
    const session = await openSession(
      { functions: { slow, big: async () => "z".repeat(2_000) } },
      { maxValueChars: 1_000 },
    );
    const result = await session.execute("await Promise.all([slow(), big()])");
    expect(result.error?.message).toMatch(/^The result of big is 2,002 characters of JSON/);
    expect(slow.calls[0]?.signal.aborted).toBe(true);
    expect((await session.execute("'next'")).value).toBe("next");
  });
});

describe("maxToolCalls", () => {
  it("allows exactly the limit per execute, counted afresh for each", async () => {
    const ping = vi.fn(async () => "pong");
    const session = await openSession({ functions: { ping } }, { maxToolCalls: 3 });
    expect((await session.execute("for (let i = 0; i < 3; i++) await ping(); 'ok'")).value).toBe("ok");
    const over = await session.execute("for (let i = 0; i < 4; i++) await ping(); 'not reached'");
    expect(over.error?.name).toBe("ToolCallLimitError");
    expect(over.error?.message).toContain("more than 3 times in one step (maxToolCalls)");
    expect(over).not.toHaveProperty("value");
    expect(ping).toHaveBeenCalledTimes(6);
  });

  it("cannot be caught by the guest", async () => {
    const session = await openSession({ functions: { ping: async () => 1 } }, { maxToolCalls: 1 });
    const result = await session.execute(
      "let caught = 0; for (let i = 0; i < 5; i++) { try { await ping(); } catch { caught++; } } caught",
    );
    expect(result.error?.name).toBe("ToolCallLimitError");
    expect((await session.execute("caught")).value).toBe(0);
  });
});

describe("maxPendingJobs", () => {
  it("allows a Promise.all over many items below the limit", async () => {
    const session = await openSession({}, { maxPendingJobs: 10_000 });
    const { value } = await session.execute(
      "(await Promise.all(Array.from({ length: 5000 }, async (_, i) => { await null; return i; }))).length",
    );
    expect(value).toBe(5000);
  });

  it("ends an execute that queues more jobs at once, and cleans them up", async () => {
    const session = await openSession({}, { maxPendingJobs: 10_000, timeoutMs: 5_000 });
    const result = await session.execute(
      "globalThis.ran = 0; for (let i = 0; i < 50000; i++) Promise.resolve().then(() => ran++); for (;;) {}",
    );
    expect(result.error).toEqual({
      name: "PendingJobLimitError",
      message: expect.stringContaining("more than 10,000 promise jobs at once (maxPendingJobs)"),
    });
    expect((await session.execute("ran")).value).toBe(0);
  });
});

describe("maxLogChars", () => {
  it("keeps one huge console line from crossing whole, and still counts what was cut", async () => {
    const session = await openSession({}, { maxLogChars: 10 });
    const { logs } = await session.execute("console.log('a'.repeat(5_000_000)); console.log('b')");
    expect(logs).toBe(`${"a".repeat(5)}\n... [4999992 characters truncated] ...\naaa\nb`);
  });
});
