/** Adversarial suite: values and errors that fight back while the host reads them out. */
import { describe, expect } from "vitest";
import { attempt } from "./test-utils.js";

describe("reading results that fight back", () => {
  attempt({
    name: "a value whose getter throws becomes a readable string",
    code: "({ get broken() { throw new Error('no'); } })",
    expect: ({ result }) => {
      expect(result?.error).toBeUndefined();
      expect(result?.value).toBe("[unserializable: Error: no]");
    },
    aborted: "none",
  });

  attempt({
    name: "a value whose getter never returns ends at the deadline",
    code: "({ get forever() { for (;;) {} } })",
    expect: ({ result }) => expect(result?.error?.name).toBe("TimeoutError"),
    aborted: "TimeoutError",
  });

  attempt({
    name: "a value whose toJSON never returns ends at the deadline",
    code: "({ toJSON() { while (true) {} } })",
    expect: ({ result }) => expect(result?.error?.name).toBe("TimeoutError"),
    aborted: "TimeoutError",
  });

  attempt({
    name: "a value whose toJSON returns a fresh copy of itself forever is cut at a fixed depth",
    code: "const grow = () => ({ toJSON: grow, n: 1 }); ({ v: grow() })",
    expect: ({ result }) => expect(result).toMatchObject({ value: { v: "[Object]" } }),
    aborted: "none",
  });

  attempt({
    name: "a Proxy that answers every property with another Proxy is cut at a fixed depth",
    code: `const deep = () => new Proxy({}, { get: (t, k) => (k === "toJSON" ? undefined : deep()),
      ownKeys: () => ["a"], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true, value: 1 }) });
      deep()`,
    expect: ({ result }) => {
      expect(result?.error).toBeUndefined();
      expect(JSON.stringify(result?.value)).toMatch(/^\{"a":\{"a":/);
    },
    aborted: "none",
  });

  attempt({
    name: "a Proxy whose traps throw, and a revoked Proxy, become readable strings",
    code: `const { proxy, revoke } = Proxy.revocable({}, {}); revoke();
      [new Proxy({}, { ownKeys() { throw new TypeError("keys refused"); } }), proxy]`,
    expect: ({ result }) => expect(result?.value).toMatch(/^\[unserializable: TypeError: /),
    aborted: "none",
  });

  attempt({
    name: "cycles, BigInt, symbols, functions and NaN are made readable",
    code: `const c = { name: "c" }; c.self = c;
      [c, 2n ** 70n, Symbol("s"), Symbol.iterator, () => 1, NaN, -Infinity, new Map([[{}, 1]])]`,
    expect: ({ result }) =>
      expect(result?.value).toEqual([
        { name: "c", self: "[Circular]" },
        "1180591620717411303424n",
        "Symbol(s)",
        "Symbol(Symbol.iterator)",
        "[Function (anonymous)]",
        "NaN",
        "-Infinity",
        { "{}": 1 },
      ]),
    aborted: "none",
  });

  attempt({
    name: "an object with more keys than the boundary carries is an OutputLimitError",
    code: "const o = {}; for (let i = 0; i < 200000; i++) o['key' + i] = i; o",
    limits: { timeoutMs: 5_000 },
    expect: ({ result }) => expect(result?.error?.name).toBe("OutputLimitError"),
    aborted: "OutputLimitError",
  });

  attempt({
    name: "a thrown error whose name and message getters throw is still reported",
    code: `const e = new Error("x");
      Object.defineProperty(e, "name", { get() { throw new Error("name"); } });
      Object.defineProperty(e, "message", { get() { throw new Error("message"); } });
      throw e`,
    expect: ({ result }) => expect(result?.error).toEqual({ name: "Error", message: "", line: 1 }),
    aborted: "Error",
  });

  attempt({
    name: "a thrown Proxy whose traps all throw is still reported",
    code: "const trap = () => { throw new Error('trapped'); };\nthrow new Proxy({}, { has: trap, get: trap, getPrototypeOf: trap, ownKeys: trap })",
    expect: ({ result }) =>
      expect(result?.error).toEqual({ name: "Error", message: "[unprintable: Error: trapped]" }),
    aborted: "Error",
  });

  attempt({
    name: "a thrown error whose message getter never returns ends at the deadline",
    code: "throw { get message() { for (;;) {} } }",
    expect: ({ result }) => expect(result?.error?.name).toBe("TimeoutError"),
    aborted: "TimeoutError",
  });

  attempt({
    name: "a thrown Proxy, a thrown null and a thrown symbol are reported",
    code: "try { throw new Proxy({}, { get() { throw 1; } }); } catch (e) { globalThis.first = e; } throw Symbol('s')",
    expect: ({ result }) => expect(result?.error).toEqual({ name: "Error", message: "Symbol(s)" }),
    aborted: "Error",
  });

  let secretRuns = 0;
  attempt({
    name: "a getter that calls a tool while its value is read out cannot start host work",
    code: "({ get sneaky() { get_secret(); return 'read'; } })",
    functions: {
      get_secret: async () => {
        secretRuns++;
      },
    },
    expect: ({ result }) =>
      expect(result).toMatchObject({
        value: { sneaky: "read" },
        error: {
          name: "Error",
          message: "get_secret cannot be called: the execution has finished.",
          line: 1,
        },
      }),
    after: () => expect(secretRuns).toBe(0),
    aborted: "Error",
  });

  attempt({
    name: "a pending promise as the last value is reported as such",
    code: "new Promise(() => {})",
    expect: ({ result }) => expect(result?.value).toBe("Promise { <pending> }"),
    aborted: "none",
  });
});
