import { describe, expect, it } from "vitest";
import { openSession } from "./test-utils.js";

const failing = {
  search: async () => {
    throw new Error("The index is offline.");
  },
};

describe("rejections of host calls nobody handled", () => {
  it("become the result's error, pointing at the call", async () => {
    const session = await openSession({ functions: failing });
    const result = await session.execute("const a = 1;\nsearch({ q: 'x' });\nconsole.log('went on');");
    expect(result).toMatchObject({
      logs: "went on",
      error: { name: "Error", message: "The index is offline.", line: 2 },
    });
  });

  it.each([
    ["awaited in a try", "try { await search() } catch {}"],
    ["caught with .catch", "search().catch(() => {})"],
    [
      "handled later, after another await",
      "const p = search(); await null; await null; try { await p } catch {}",
    ],
    ["settled through Promise.allSettled", "await Promise.allSettled([search()])"],
  ])("are not reported when %s", async (_, code) => {
    const session = await openSession({ functions: failing });
    expect((await session.execute(code)).error).toBeUndefined();
  });

  it("do not outlive the execute that lost them", async () => {
    const session = await openSession({ functions: failing }, { timeoutMs: 100 });
    // This execute ends at the deadline, before it could report the rejection.
    expect((await session.execute("search(); await null; for (;;) {}")).error?.name).toBe("TimeoutError");
    expect((await session.execute("'clean'")).error).toBeUndefined();
  });

  it("give way to the code's own error", async () => {
    const session = await openSession({ functions: failing });
    const result = await session.execute("search(); await null; await null;\nthrow new TypeError('own')");
    expect(result.error).toMatchObject({ name: "TypeError", message: "own" });
  });
});
