/**
 * Adversarial suite: structures the engine follows by native recursion (proxies of proxies, bound
 * functions of bound functions, prototype chains, toString chains, deeply nested values handed
 * to the host) end as a guest error or a `StackOverflowError` with the session alive, never by
 * exhausting Node's own stack.
 */
import { describe, expect, it } from "vitest";
import { MAX_WRAPPING } from "../limits.js";
import { openSession } from "../test-utils.js";
import { attempt } from "./test-utils.js";

const LIMITS = { timeoutMs: 10_000 };
const MILLION = 1_000_000;

/** Builds `p`, wrapped a million times by `step`, then runs `use` on it. */
const chain = (start: string, step: string, use: string) =>
  `let p = ${start};\nfor (let i = 0; i < ${MILLION}; i++) p = ${step};\n${use}`;

/** Builds `p` as deep as the sandbox allows, then runs `use` on it from `calls` calls deep. */
const deepest = (start: string, step: string, use: string, calls: number) =>
  `let p = ${start};\ntry { for (;;) p = ${step}; } catch (e) { if (!(e instanceof RangeError)) throw e; }\n` +
  `function down(k) { return k ? down(k - 1) : (${use}); }\ndown(${calls}); "survived"`;

const PROXY_USES = [
  "p.x",
  "'x' in p",
  "p[Symbol.iterator]",
  "Object.keys(p)",
  "JSON.stringify(p)",
  "p instanceof Object",
  "typeof p",
  "Object.getPrototypeOf(p)",
  "Object.isExtensible(p)",
  "Array.isArray(p)",
  "console.log(p)",
];

describe("a chain of a million proxies", () => {
  for (const use of PROXY_USES) {
    attempt({
      name: `is refused with a RangeError before \`${use}\` can recurse through it`,
      code: chain("{}", "new Proxy(p, {})", use),
      limits: LIMITS,
      expect: ({ result }) =>
        expect(result?.error).toMatchObject({
          name: "RangeError",
          message: expect.stringContaining("at most 500 levels"),
        }),
      aborted: "RangeError",
    });
  }

  for (const use of ["p()", "new p()", "Reflect.construct(p, [])", "({}) instanceof p"]) {
    attempt({
      name: `of a function is refused before \`${use}\` can recurse through it`,
      code: chain("function () {}", "new Proxy(p, {})", use),
      limits: LIMITS,
      expect: ({ result }) => expect(result?.error?.name).toBe("RangeError"),
      aborted: "RangeError",
    });
  }

  attempt({
    name: "made with Proxy.revocable, or through handlers, is refused too",
    code: `let h = {}; for (let i = 0; i < ${MILLION}; i++) h = i % 2 ? new Proxy({}, h) : Proxy.revocable(h, {}).proxy;`,
    limits: LIMITS,
    expect: ({ result }) => expect(result?.error?.name).toBe("RangeError"),
    aborted: "RangeError",
  });
});

describe("a chain of a million bound functions", () => {
  // Names reset, so the chain does not run out of memory on "bound bound bound ..." first.
  const step = `(p = p.bind(null), Object.defineProperty(p, "name", { value: "" }))`;
  for (const use of ["p()", "new p()", "({}) instanceof p"]) {
    attempt({
      name: `is refused with a RangeError before \`${use}\` can recurse through it`,
      code: chain("function () {}", step, use),
      limits: LIMITS,
      expect: ({ result }) => expect(result?.error?.name).toBe("RangeError"),
      aborted: "RangeError",
    });
  }

  attempt({
    name: "alternating with proxies is refused too",
    code: `let p = function () {};\nfor (let i = 0; i < ${MILLION}; i++) p = i % 2 ? p.bind(null) : new Proxy(p, {});\nnew p()`,
    limits: LIMITS,
    expect: ({ result }) => expect(result?.error?.name).toBe("RangeError"),
    aborted: "RangeError",
  });
});

describe("the deepest chain allowed", () => {
  const cases: Array<[string, string, string]> = [
    ...PROXY_USES.map((use): [string, string, string] => ["{}", "new Proxy(p, {})", use]),
    ["function () {}", "new Proxy(p, {})", "new p()"],
    ["function () {}", "new Proxy(p, {})", "p()"],
    ["function () {}", "p.bind(null)", "new p()"],
    ["function () {}", "p.bind(null)", "({}) instanceof p"],
  ];
  // No aborted twin: whether each use overflows the stack (or fits) is what is not known here.
  it.each(cases)(
    "keeps the session when a use of %s wrapped by `%s` runs `%s` from 800 calls deep",
    async (start, step, use) => {
      const session = await openSession({}, LIMITS);
      const result = await session.execute(deepest(start, step, use, 800));
      if (result.error) expect(result.error.name).toBe("StackOverflowError");
      else expect(result.value).toBe("survived");
      expect((await session.execute("'still here'")).value).toBe("still here");
    },
  );

  it("is exactly MAX_WRAPPING deep, and a fresh object may start a new chain", async () => {
    const session = await openSession();
    const { value } = await session.execute(`
      let p = {}, depth = 0;
      try { for (;;) { p = new Proxy(p, {}); depth++; } } catch (e) {}
      let f = function () {}, bound = 0;
      try { for (;;) { f = f.bind(null); bound++; } } catch (e) {}
      [depth, bound, typeof new Proxy({}, {}), (function () { return this.v; }).bind({ v: 7 })()]`);
    expect(value).toEqual([MAX_WRAPPING, MAX_WRAPPING, "object", 7]);
  });
});

describe("other chains the engine follows", () => {
  attempt({
    name: "a prototype chain of a million objects is looked up without recursion",
    code: `let o = {};\nfor (let i = 0; i < ${MILLION}; i++) o = Object.create(o);\n[o.x, "x" in o, o instanceof Array, Object.getPrototypeOf(o) !== null]`,
    limits: { ...LIMITS, memoryLimitBytes: 256 * 1024 * 1024 },
    expect: ({ result }) => expect(result?.value).toEqual([null, false, false, true]),
    aborted: "none",
  });

  attempt({
    name: "a chain of a million toString methods is a StackOverflowError",
    code: `let o = {}, c = o;\nfor (let i = 0; i < ${MILLION}; i++) { const n = {}; c.toString = () => String(n); c = n; }\nString(o)`,
    limits: { ...LIMITS, memoryLimitBytes: 256 * 1024 * 1024 },
    expect: ({ result }) => expect(result?.error?.name).toBe("StackOverflowError"),
    aborted: "StackOverflowError",
  });
});

describe("a value nested 100,000 deep", () => {
  /** Follows a nested value down and back without recursion, as the host's own code might not. */
  const depthOf = (value: unknown): number => {
    let depth = 0;
    for (let v = value; Array.isArray(v); v = v[0]) depth++;
    return depth;
  };
  /** What a tool does with its input: validate it recursively, copy it, serialise it. */
  const validate = (value: unknown): boolean => !Array.isArray(value) || value.every(validate);
  const received: unknown[] = [];
  const tool = async (input: unknown) => {
    received.push(input);
    validate(input);
    structuredClone(input);
    return JSON.stringify(input).length;
  };

  attempt({
    name: "passed to a tool reaches the host cut at 100 levels",
    code: "let a = [];\nfor (let i = 0; i < 100000; i++) a = [a];\nawait tool(a)",
    functions: { tool },
    limits: LIMITS,
    expect: ({ result }) => {
      expect(result?.error).toBeUndefined();
      expect(depthOf(received.at(-1))).toBe(100);
    },
    aborted: "none",
  });

  attempt({
    name: "parsed from JSON text in the guest for a tool is a StackOverflowError before the host sees it",
    code: `const text = "[".repeat(100000) + "]".repeat(100000);\nawait tool(JSON.parse(text))`,
    functions: { tool },
    limits: LIMITS,
    expect: ({ result }) => expect(result?.error?.name).toBe("StackOverflowError"),
    aborted: "StackOverflowError",
  });

  attempt({
    name: "returned by a tool reaches the guest cut at 100 levels",
    code: "let d = 0; for (let v = await deep(); Array.isArray(v); v = v[0]) d++; d",
    functions: {
      deep: async () => {
        let value: unknown = [];
        for (let i = 0; i < 100_000; i++) value = [value];
        return value;
      },
    },
    limits: LIMITS,
    expect: ({ result }) => expect(result?.value).toBe(100),
    aborted: "none",
  });

  attempt({
    name: "as the last value comes out cut at 100 levels",
    code: "let a = [];\nfor (let i = 0; i < 100000; i++) a = [a];\na",
    limits: LIMITS,
    expect: ({ result }) => expect(depthOf(result?.value)).toBe(100),
    aborted: "none",
  });
});
