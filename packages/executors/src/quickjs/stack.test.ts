import { describe, expect, it } from "vitest";
import { StackOverflowError } from "../errors/stack-overflow-error.js";
import { QuickJSExecutor } from "./quickjs-executor.js";
import { openSession } from "./test-utils.js";

describe("the stack limit", () => {
  it("turns deep recursion into a StackOverflowError result naming the limit; the session lives on", async () => {
    const session = await openSession();
    await session.execute("const kept = 1");
    const result = await session.execute("function down(n) {\n  return down(n + 1) + 1;\n}\ndown(0)");
    expect(result.error).toEqual({
      name: "StackOverflowError",
      message: expect.stringContaining("160 KiB stack (stackSizeBytes)"),
      line: 2,
    });
    expect((await session.execute("kept + 1")).value).toBe(2);
  });

  it("is an InternalError the guest can catch, as in QuickJS", async () => {
    const session = await openSession();
    const { value } = await session.execute(
      "function down() { return down() + 1; } try { down() } catch (e) { e.name + ': ' + e.message }",
    );
    expect(value).toBe("InternalError: stack overflow");
  });

  it("allows about 850 nested calls by default", async () => {
    const session = await openSession();
    const { value } = await session.execute(
      "let depth = 0; function down(n) { depth = n; return down(n + 1) + 1; } try { down(0) } catch {} depth",
    );
    expect(value).toBeGreaterThan(800);
  });

  it("gives the session up with a thrown StackOverflowError when a larger limit lets recursion exhaust the host's stack", async () => {
    const session = await new QuickJSExecutor({ stackSizeBytes: 4 * 1024 * 1024 }).createSession({
      functions: {},
    });
    const failure = await session
      .execute("function down() { return down() + 1; } down()")
      .catch((e: unknown) => e);
    expect(StackOverflowError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: "stack_overflow", sessionLost: true });
    await session.dispose();
  });
});

describe("builtins that recurse on nesting", () => {
  it("still work for ordinary nesting", async () => {
    const session = await openSession();
    const { value, error } = await session.execute(`
      const nested = JSON.parse("[".repeat(2000) + "]".repeat(2000));
      let depth = 0; for (let a = nested; Array.isArray(a) && a.length; a = a[0]) depth++;
      [depth, JSON.stringify(nested).length, eval("(".repeat(200) + "6 * 7" + ")".repeat(200)),
       new Function("a", "b", "return a + b")(1, 2), await (async () => {}).constructor("return 3")(),
       JSON.parse('{"a":[1,2]}', (k, v) => (typeof v === "number" ? v * 10 : v)).a,
       JSON.stringify({ b: 1 }, null, 1), (() => {}) instanceof Function, Function.name,
       Function.prototype.constructor === Function, Object.getPrototypeOf(function* () {}).constructor.name]`);
    expect(error).toBeUndefined();
    expect(value).toEqual([
      1999,
      4000,
      42,
      3,
      3,
      [10, 20],
      '{\n "b": 1\n}',
      true,
      "Function",
      true,
      "GeneratorFunction",
    ]);
  });

  it.each([
    ["JSON.parse", "JSON.parse('['.repeat(100000))"],
    ["JSON.stringify", "let a = []; for (let i = 0; i < 100000; i++) a = [a]; JSON.stringify(a)"],
    ["eval", "eval('('.repeat(100000))"],
    ["new Function", "new Function('return ' + '['.repeat(100000))"],
    ["the code itself", `${"[".repeat(100000)}${"]".repeat(100000)}`],
  ])("turn too deep nesting in %s into a StackOverflowError at any call depth", async (_, nesting) => {
    const session = await openSession();
    for (const depth of [0, 300, 600, 840]) {
      const code = nesting.startsWith("[")
        ? nesting
        : `function down(n) { return n ? down(n - 1) : (() => { ${nesting} })(); }\ndown(${depth})`;
      const result = await session.execute(code);
      expect(result.error?.name).toBe("StackOverflowError");
    }
    expect((await session.execute("'fine'")).value).toBe("fine");
  });
});
