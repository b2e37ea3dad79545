import { ExecutionError } from "@codeact/core";
import { describe, expect, it, vi } from "vitest";
import { MemoryLimitError } from "../errors/memory-limit-error.js";
import type { SandboxInstance } from "./module.js";
import { QuickJSExecutor } from "./quickjs-executor.js";
import type { Realm } from "./realm.js";
import { openSession } from "./test-utils.js";

const MiB = 1024 * 1024;

/** The session's WebAssembly memory, to check what the cap did from outside. */
function memoryOf(session: unknown): WebAssembly.Memory {
  return (session as { instance: SandboxInstance }).instance.memory.memory;
}

describe("the memory cap", () => {
  it.each([
    ["typed arrays", "new Uint8Array(1 << 20)", "InternalError: out of memory"],
    ["strings", "'x'.repeat(1 << 20) + n", "InternalError: out of memory"],
    // Small objects use the last bytes up, so QuickJS cannot allocate the error either and throws
    // null; the list being built is dropped as the error unwinds, which leaves room to catch it.
    // (Arrays of 8,192 objects, used before, also reallocate their large backing store, and
    // whether that or an object failed last moved with any change in the heap's layout.)
    [
      "objects",
      "(() => { let head = null; for (let i = 0; i < 16384; i++) head = { head }; return head; })()",
      "null",
    ],
  ])("holds for %s, allocated until it breaks", async (_, allocation, thrown) => {
    const limit = 32 * MiB;
    const session = await openSession({}, { memoryLimitBytes: limit, timeoutMs: 10_000 });
    const result = await session.execute(`
      const kept = []; let n = 0;
      try { for (;;) { kept.push(${allocation}); n++; } } catch (e) { [n, String(e)] }`);
    const [count, error] = result.value as [number, string];
    expect(error).toBe(thrown);
    expect(count).toBeGreaterThan(0);
    // The memory grew right up to the cap, and not past it.
    expect(memoryOf(session).buffer.byteLength).toBeGreaterThan(limit - 4 * MiB);
    expect(memoryOf(session).buffer.byteLength).toBeLessThanOrEqual(limit);
    // The guest caught it, so the session goes on, and freeing memory makes room again.
    expect((await session.execute("kept.length = 0; new Uint8Array(1 << 20).length")).value).toBe(MiB);
  });

  it("holds at the default of 64 MiB", async () => {
    const session = await openSession({}, { timeoutMs: 10_000 });
    const { value } = await session.execute(
      "const k = []; try { for (;;) k.push(new Uint8Array(1 << 20)); } catch {} k.length",
    );
    expect(value).toBeGreaterThan(40);
    expect(value).toBeLessThan(64);
    expect(memoryOf(session).buffer.byteLength).toBeGreaterThan(60 * MiB);
    expect(memoryOf(session).buffer.byteLength).toBeLessThanOrEqual(64 * MiB);
  });

  it("ends an execute that does not catch it with a MemoryLimitError result naming the cap", async () => {
    const session = await openSession({}, { memoryLimitBytes: 32 * MiB });
    await session.execute("const before = 'kept'");
    const result = await session.execute(
      "(() => {\n  const k = [];\n  for (;;) k.push(new Uint8Array(1 << 20));\n})()",
    );
    expect(result.error).toEqual({
      name: "MemoryLimitError",
      message: expect.stringContaining("capped at 32 MiB (memoryLimitBytes)"),
      line: 3,
    });
    expect((await session.execute("before")).value).toBe("kept");
  });

  it("reports the null QuickJS throws when it cannot even allocate the error as a MemoryLimitError", async () => {
    // The deadline is only a safety net: filling 16 MiB with jobs took over 5 s on a slow CI.
    const session = await openSession({}, { memoryLimitBytes: 16 * MiB, timeoutMs: 60_000 });
    const result = await session.execute("for (;;) Promise.resolve().then(() => {});");
    expect(result.error?.name).toBe("MemoryLimitError");
    expect((await session.execute("1")).value).toBe(1);
  });

  it("still reports a plain `throw null` as what it is", async () => {
    const session = await openSession();
    expect((await session.execute("throw null")).error).toEqual({ name: "Error", message: "null" });
  });

  it("ends the execute when a tool result does not fit, and works again once memory is freed", async () => {
    const session = await openSession(
      { functions: { get: async () => "y".repeat(500_000) } },
      { memoryLimitBytes: 32 * MiB },
    );
    await session.execute(
      "globalThis.hog = []; try { for (;;) hog.push(new Uint8Array(1 << 16)); } catch {}",
    );
    expect((await session.execute("(await get()).length")).error?.name).toBe("MemoryLimitError");
    expect((await session.execute("hog.length = 0; (await get()).length")).value).toBe(500_000);
  });

  it("gives the session up when it is too full to even parse the next code", async () => {
    const session = await new QuickJSExecutor({ memoryLimitBytes: 32 * MiB, timeoutMs: 5_000 }).createSession(
      {
        functions: {},
      },
    );
    const filled = await session.execute("globalThis.hog = []; for (;;) hog.push({ a: 1, b: 2 });");
    expect(filled.error?.name).toBe("MemoryLimitError");
    const failure = await session.execute("hog = null").catch((error: unknown) => error);
    expect(MemoryLimitError.isInstance(failure)).toBe(true);
    expect(ExecutionError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: "memory_limit", sessionLost: true });
    await session.dispose();
  });

  it("reports an engine crash after reaching the cap as a lost session's MemoryLimitError", async () => {
    // Some of QuickJS's out-of-memory paths trap instead of throwing (piling up ~90,000 suspended
    // async functions in 64 MiB can do it, depending on the heap's layout). Simulated here, since
    // whether a given program hits such a path is not stable across builds.
    const session = await openSession({}, { memoryLimitBytes: 32 * MiB });
    const realm = (session as unknown as { realm: Realm }).realm;
    vi.spyOn(realm, "evaluate").mockImplementation(() => {
      expect(() => memoryOf(session).grow(1024)).toThrow(RangeError);
      throw new WebAssembly.RuntimeError("memory access out of bounds");
    });
    const failure = await session.execute("1").catch((error: unknown) => error);
    expect(MemoryLimitError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ sessionLost: true, cause: expect.any(WebAssembly.RuntimeError) });
    await expect(session.execute("1")).rejects.toBe(failure);
  });

  it("refuses to create a session whose globals do not fit", async () => {
    const executor = new QuickJSExecutor({ memoryLimitBytes: 32 * MiB });
    const creating = executor.createSession({ functions: {}, globals: { big: "x".repeat(40 * MiB) } });
    await expect(creating).rejects.toSatisfy(MemoryLimitError.isInstance);
  });
});
