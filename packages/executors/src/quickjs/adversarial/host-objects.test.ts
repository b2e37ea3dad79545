/** Adversarial suite: code trying to get hold of live host objects through tool arguments and results. */
import { describe, expect } from "vitest";
import { attempt } from "./test-utils.js";

/** A host object full of things that must not cross: functions, a class instance, a getter, a Map. */
class Account {
  balance = 10;
  withdraw(amount: number): number {
    this.balance -= amount;
    return this.balance;
  }
}

describe("reaching host objects through tool arguments and results", () => {
  const account = new Account();
  let getterRuns = 0;
  attempt({
    name: "gets a JSON copy of a host object, never its methods, class or getters",
    code: `const got = await get();
      [typeof got.account.withdraw, Object.getPrototypeOf(got.account) === Object.prototype,
       Object.getOwnPropertyDescriptor(got, "live").get === undefined, got.live, got.live, got.exit,
       got.map, got.when]`,
    functions: {
      get: async () => ({
        account,
        get live() {
          return ++getterRuns;
        },
        exit: process.exit,
        map: new Map([["k", 1]]),
        when: new Date(0),
      }),
    },
    expect: ({ result }) => {
      expect(result?.value).toEqual([
        "undefined",
        true,
        true,
        1,
        1,
        "[Function: (anonymous)]",
        { k: 1 },
        "1970-01-01T00:00:00.000Z",
      ]);
    },
    after: () => expect(account.balance).toBe(10),
    aborted: "none",
  });

  let trapped = 0;
  attempt({
    name: "cannot reach a host Proxy's traps after the copy",
    code: "const p = await get(); p.a; p.b; p.c; Object.keys(p).length",
    functions: {
      get: async () =>
        new Proxy(
          { a: 1 },
          {
            get(target, key) {
              trapped++;
              return Reflect.get(target, key);
            },
          },
        ),
    },
    expect: ({ result }) => expect(result?.value).toBe(1),
    // Only the host's copy ran the trap (once for toJSON, once for the key), never the guest.
    after: () => expect(trapped).toBeLessThanOrEqual(4),
    aborted: "none",
  });

  const received: unknown[] = [];
  attempt({
    name: "hands a tool plain data, whatever live guest objects it passes",
    code: `const handler = { get: () => 42 };
      await put({ fn() {}, proxy: new Proxy({}, handler), get lazy() { return 7; }, when: new Date(0),
        list: new Set([1]), big: 1n, sym: Symbol("s"), nested: { deeper: [1, { ok: true }] } })`,
    functions: {
      put: async (input: unknown) => {
        received.push(input);
      },
    },
    expect: ({ result }) => expect(result?.error).toBeUndefined(),
    after: () => {
      const input = received[0] as Record<string, unknown>;
      expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
      expect(input).toEqual({
        fn: "[Function: fn]",
        proxy: {},
        lazy: 7,
        when: "1970-01-01T00:00:00.000Z",
        list: [1],
        big: "1n",
        sym: "Symbol(s)",
        nested: { deeper: [1, { ok: true }] },
      });
      // Plain data all the way down: no functions anywhere.
      expect(JSON.stringify(input)).toBe(JSON.stringify(JSON.parse(JSON.stringify(input))));
    },
    aborted: "none",
  });

  const kept: Array<Record<string, unknown>> = [];
  attempt({
    name: "cannot change a host object through the copy it was given, nor the host through its own",
    code: `const a = await share(); a.count = 99; a.list.push("guest");
      await share(a); const b = await share(); [b.count, b.list.length]`,
    functions: {
      share: async (input: unknown) => {
        if (input !== undefined) {
          (input as { list: string[] }).list.push("host");
          kept.push(input as Record<string, unknown>);
        }
        return { count: 1, list: [] };
      },
    },
    expect: ({ result }) => expect(result?.value).toEqual([1, 0]),
    after: () => expect(kept[0]).toEqual({ count: 99, list: ["guest", "host"] }),
    aborted: "none",
  });

  attempt({
    name: "gets a readable error, not the host error object, when a tool throws one",
    code: `try { await fail(); } catch (e) { [e instanceof Error, e.name, e.message, typeof e.cause, Object.keys(e).sort()] }`,
    functions: {
      fail: async () => {
        const error = new TypeError("bad input");
        Object.assign(error, { secret: process.env, cause: new Error("inner") });
        throw error;
      },
    },
    // Only the name and message cross; the host's extra fields and cause stay behind.
    expect: ({ result }) =>
      expect(result?.value).toEqual([true, "TypeError", "bad input", "undefined", ["message", "name"]]),
    aborted: "none",
  });

  attempt({
    name: "receives a host value that fails to copy as a rejection, not as the object",
    code: "try { await get(); 'copied' } catch (e) { e.message }",
    functions: {
      get: async () => ({
        get boom() {
          throw new Error("host getter refused");
        },
      }),
    },
    expect: ({ result }) => expect(result?.value).toBe("host getter refused"),
    aborted: "none",
  });
});
