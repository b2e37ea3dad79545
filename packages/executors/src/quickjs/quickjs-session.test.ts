import { describe, expect, it } from "vitest";
import { controllable, openSession, until } from "./test-utils.js";

describe("state between executes", () => {
  it("keeps const, let, function and class declarations", async () => {
    const session = await openSession();
    await session.execute(
      "const a = 1; let b = 2; function sum() { return a + b; } class Box { constructor(v) { this.v = v; } }",
    );
    const result = await session.execute("b += 10; new Box(sum()).v");
    expect(result).toMatchObject({ value: 13 });
    expect(result.error).toBeUndefined();
    expect((await session.execute("b")).value).toBe(12);
  });

  it("supports top-level await and keeps what it assigns", async () => {
    const session = await openSession();
    await session.execute("const x = await Promise.resolve(41);");
    expect((await session.execute("await null; x + 1")).value).toBe(42);
  });

  it("lets a later execute declare the same names again, as a REPL does", async () => {
    const session = await openSession();
    await session.execute("const a = 1;\nlet b = 1;\nclass K { static v = 1; }");
    const result = await session.execute("const a = 2;\nlet b;\nclass K { static v = 3; }\n[a, b, K.v]");
    expect(result).toMatchObject({ value: [2, null, 3] });
    expect(result.error).toBeUndefined();
  });

  it("leaves the name of a declaration whose initializer threw free to declare again", async () => {
    const session = await openSession();
    expect((await session.execute("const a = 1;\nconst parsed = JSON.parse('{');")).error).toMatchObject({
      name: "SyntaxError",
      line: 2,
    });
    expect((await session.execute("const parsed = { ok: a };\nparsed")).value).toEqual({ ok: 1 });
  });

  it("still reports a name declared twice within one execute, with its line", async () => {
    const session = await openSession();
    const result = await session.execute("console.log('a');\nlet x = 1;\nlet x = 2;");
    expect(result.error).toMatchObject({ name: "SyntaxError", line: 3 });
  });

  it("sets globals before the first execute", async () => {
    const session = await openSession({ globals: { data: { items: [1, 2, 3] }, limit: 2 } });
    expect((await session.execute("data.items.slice(0, limit)")).value).toEqual([1, 2]);
  });
  it("defines globals later, after a running execute, as data", async () => {
    const wait = controllable();
    const session = await openSession({ functions: { wait } });
    const running = session.execute("const before = typeof limit;\nawait wait();\nbefore");
    const defined = session.defineGlobals({ limit: 2, data: JSON.parse('{"__proto__": {"x": 1}}') });
    await until(() => wait.calls.length === 1);
    wait.calls[0]?.resolve(undefined);
    expect((await running).value).toBe("undefined");
    await defined;
    const probe = "[limit, Object.keys(data), Object.getPrototypeOf(data) === Object.prototype, data.x]";
    expect((await session.execute(probe)).value).toEqual([2, ["__proto__"], true, null]);
  });

  it("refuses globals named like a function, and after the session is disposed", async () => {
    const session = await openSession({ functions: { wait: controllable() } });
    await expect(session.defineGlobals({ wait: 1 })).rejects.toThrow(
      '"wait" is given both as a function and as a global.',
    );
    await session.dispose();
    await expect(session.defineGlobals({ x: 1 })).rejects.toMatchObject({
      code: "disposed",
      sessionLost: true,
    });
  });

  it("gives each host call its own signal, so many calls at once add no listeners to one", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    const signals = new Set<AbortSignal>();
    const listen = async (_: unknown, { signal }: { signal: AbortSignal }) => {
      signals.add(signal);
      signal.addEventListener("abort", () => {});
    };
    try {
      const session = await openSession({ functions: { listen } });
      await session.execute("await Promise.all(Array.from({ length: 20 }, () => listen()))");
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(signals.size).toBe(20);
    expect([...signals].every((signal) => signal.aborted)).toBe(true);
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });
});

describe("the value of the last expression", () => {
  it("is absent when the code ends with a declaration or statement", async () => {
    const session = await openSession();
    expect("value" in (await session.execute("let q = 1"))).toBe(false);
    expect("value" in (await session.execute("console.log(q)"))).toBe(false);
  });

  it("is a JSON copy, with what JSON cannot hold made readable", async () => {
    const session = await openSession();
    const { value } = await session.execute(`
      const cyclic = { name: "c" }; cyclic.self = cyclic;
      ({
        n: 1, s: "x", nested: [1, { deep: true }], nothing: undefined, holes: [undefined],
        fn: function named() {}, arrow: () => 1, sym: Symbol("s"), big: 10n, nan: NaN,
        cyclic, date: new Date(0), map: new Map([["k", 1]]), set: new Set([1, 2]), bytes: new Uint8Array([1, 2]),
        error: new TypeError("bad"),
      })`);
    expect(value).toEqual({
      n: 1,
      s: "x",
      nested: [1, { deep: true }],
      holes: [null],
      fn: "[Function: named]",
      arrow: "[Function: arrow]",
      sym: "Symbol(s)",
      big: "10n",
      nan: "NaN",
      cyclic: { name: "c", self: "[Circular]" },
      date: "1970-01-01T00:00:00.000Z",
      map: { k: 1 },
      set: [1, 2],
      bytes: [1, 2],
      error: "TypeError: bad",
    });
  });

  it("turns values that fail to convert into a readable string", async () => {
    const session = await openSession();
    const { value, error } = await session.execute("({ get broken() { throw new Error('no'); } })");
    expect(error).toBeUndefined();
    expect(value).toBe("[unserializable: Error: no]");
  });

  it("shows a promise left as the last expression as a promise, in its state when the code ended", async () => {
    const later = controllable();
    const session = await openSession({ functions: { later } });
    expect((await session.execute("Promise.resolve(7)")).value).toBe("Promise { <fulfilled> }");
    const running = session.execute("later()");
    await until(() => later.calls.length === 1);
    later.calls[0]?.resolve(1);
    expect(await running).toMatchObject({ value: "Promise { <pending> }", pendingCalls: ["later"] });
  });
});

describe("guest errors", () => {
  it.each([
    [
      "thrown at top level",
      "const ok = 1;\n\nthrow new Error('top');",
      { name: "Error", message: "top", line: 3 },
    ],
    ["thrown inside a function", "function f() {\n  null.x;\n}\nf();", { name: "TypeError", line: 2 }],
    [
      "thrown after an await",
      "await null;\nawait Promise.resolve();\n\nundefinedName;",
      { name: "ReferenceError", line: 4 },
    ],
    ["a syntax error", "const a = 1;\nconst b = 2;\nlet = = 3;", { name: "SyntaxError", line: 3 }],
  ])("carry name, message and the line in the user's code when %s", async (_, code, expected) => {
    const session = await openSession();
    const result = await session.execute(code);
    expect(result.error).toMatchObject(expected);
  });

  it("point at this execute's line when a function from an earlier one throws", async () => {
    const session = await openSession();
    await session.execute("function boom() {\n  throw new Error('boom');\n}");
    expect((await session.execute("\n\nboom();")).error).toMatchObject({ message: "boom", line: 3 });
  });

  it("describe thrown values that are not errors", async () => {
    const session = await openSession();
    expect((await session.execute("throw 'plain'")).error).toEqual({ name: "Error", message: "plain" });
    expect((await session.execute("throw { code: 1 }")).error).toEqual({
      name: "Error",
      message: "{ code: 1 }",
    });
  });

  it("leave the session usable", async () => {
    const session = await openSession();
    await session.execute("let kept = 'yes'");
    await session.execute("throw new Error('x')");
    await session.execute("syntax error here");
    expect((await session.execute("kept")).value).toBe("yes");
  });

  it("include logs written before the error", async () => {
    const session = await openSession();
    const result = await session.execute("console.log('before'); throw new Error('after')");
    expect(result).toMatchObject({ logs: "before", error: { message: "after" } });
  });

  it("report an await that nothing can ever settle instead of waiting for the timeout", async () => {
    const session = await openSession();
    const result = await session.execute("await new Promise(() => {})");
    expect(result.error?.message).toMatch(/nothing can settle/);
    expect(result.durationMs).toBeLessThan(1000);
  });
});

describe("the sandbox", () => {
  it("has no require, process, fetch, timers or import()", async () => {
    const session = await openSession();
    const { value } = await session.execute(
      "[typeof require, typeof process, typeof fetch, typeof setTimeout, typeof setInterval, typeof queueMicrotask]",
    );
    expect(value).toEqual(Array(6).fill("undefined"));
    expect((await session.execute("await import('node:fs')")).error).toMatchObject({
      name: "ReferenceError",
    });
    expect((await session.execute("import fs from 'node:fs'")).error).toMatchObject({ name: "SyntaxError" });
  });

  it("isolates 50 sessions running in parallel, each with its own globals", async () => {
    const sessions = await Promise.all(
      Array.from({ length: 50 }, (_, id) => openSession({ globals: { id } })),
    );
    const results = await Promise.all(
      sessions.map((session, id) =>
        session
          .execute(`globalThis["mark_" + id] = true; await null; const mine = id; mine`)
          .then(async (first) => ({
            first,
            marks: (await session.execute("Object.keys(globalThis).filter((k) => k.startsWith('mark_'))"))
              .value,
            id,
          })),
      ),
    );
    for (const { first, marks, id } of results) {
      expect(first.value).toBe(id);
      expect(marks).toEqual([`mark_${id}`]);
    }
  });
});

describe("the boundary", () => {
  it("keeps working when the code replaces the globals it relies on", async () => {
    const session = await openSession({ functions: { echo: async (input: unknown) => input } });
    const result = await session.execute(
      "JSON = null; Map = null; Error = null; String = null; console.log({ a: 1 }); await echo({ b: [1] })",
    );
    expect(result).toMatchObject({ logs: "{ a: 1 }", value: { b: [1] } });
  });
});
