/** Adversarial suite: prototype pollution in either direction, and a guest that patches its own built-ins. */
import { describe, expect } from "vitest";
import { attempt } from "./test-utils.js";

const POISON = '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}';

describe("prototype pollution", () => {
  const inputs: unknown[] = [];
  attempt({
    name: "cannot pollute the host through a tool argument",
    code: `await put(JSON.parse('${POISON}')); await put({ ["__proto__"]: { polluted: 1 } });`,
    functions: {
      put: async (input: unknown) => {
        inputs.push(input);
      },
    },
    expect: ({ result }) => expect(result?.error).toBeUndefined(),
    after: () => {
      const first = inputs[0] as Record<string, unknown>;
      expect(Object.keys(first)).toEqual(["__proto__", "constructor"]);
      expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    aborted: "none",
  });

  attempt({
    name: "cannot pollute the guest through a tool result",
    code: `const data = await get();
      [typeof ({}).polluted, Object.keys(data), Object.getPrototypeOf(data) === Object.prototype]`,
    functions: { get: async () => JSON.parse(POISON) },
    expect: ({ result }) => expect(result?.value).toEqual(["undefined", ["__proto__", "constructor"], true]),
    aborted: "none",
  });

  attempt({
    name: "cannot pollute the guest through globals",
    code: "[typeof ({}).polluted, Object.keys(config)]",
    globals: { config: JSON.parse(POISON) },
    expect: ({ result }) => expect(result?.value).toEqual(["undefined", ["__proto__", "constructor"]]),
    aborted: "none",
  });

  const answers: unknown[] = [];
  attempt({
    name: "cannot pollute the host through the final answer or the last value",
    code: `await final_answer(JSON.parse('${POISON}')); JSON.parse('${POISON}')`,
    functions: {
      final_answer: async (input: unknown) => {
        answers.push(input);
      },
    },
    expect: ({ result }) => {
      expect(Object.keys(result?.finalAnswer?.value as object)).toEqual(["__proto__", "constructor"]);
      expect(Object.keys(result?.value as object)).toEqual(["__proto__", "constructor"]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    after: () => expect(Object.getPrototypeOf(answers[0])).toBe(Object.prototype),
    aborted: "none",
  });

  attempt({
    name: "pollutes only its own realm when it patches Object.prototype",
    code: `Object.prototype.polluted = true; Array.prototype.polluted = true;
      Object.defineProperty(Object.prototype, "toJSON", { value() { return "hijacked"; }, configurable: true });
      await put({ a: 1 }); ({}).polluted`,
    functions: { put: async () => undefined },
    // Its own values now serialise through the patched toJSON; the host is untouched (checked by the harness).
    expect: ({ result }) => expect(result?.value).toBe(true),
    aborted: "none",
  });
});

describe("a guest that patches the built-ins the boundary uses", () => {
  attempt({
    name: "still logs, calls tools and returns values after replacing common methods",
    code: `Array.prototype.push = () => { throw new Error("no push"); };
      Array.prototype.join = () => "joined?"; Array.prototype.map = null; Object.keys = () => [];
      String.prototype.slice = () => "sliced?"; Map.prototype.forEach = () => {}; Set.prototype.forEach = null;
      Promise.prototype.then = function () { throw new Error("no then"); };
      JSON.stringify = () => "stringified?"; JSON.parse = () => "parsed?";
      console.log({ a: [1, 2] }, new Map([["k", 1]]), new Set([1]));
      const echoed = await echo({ list: [1, 2], map: new Map([["k", 1]]) });
      [echoed, { b: "x" }]`,
    functions: { echo: async (input: unknown) => input },
    expect: ({ result }) => {
      expect(result?.error).toBeUndefined();
      expect(result?.logs).toBe("{ a: [ 1, 2 ] } Map(1) { 'k' => 1 } Set(1) { 1 }");
      expect(result?.value).toEqual([{ list: [1, 2], map: { k: 1 } }, { b: "x" }]);
    },
    aborted: "none",
  });

  const plant = (keys: string[]) =>
    `for (const key of ${JSON.stringify(keys)}) Object.defineProperty(Object.prototype, key, {
      set() { throw new Error("setter " + key); }, get() { return "planted"; }, configurable: true });`;

  attempt({
    name: "keeps logging and stays readable after planting accessors for array indexes",
    code: `${plant(["0", "1", "length", "toJSON"])}
      console.log([1], { x: 1 });
      [await echo([1, 2]), { y: [3] }]`,
    functions: { echo: async (input: unknown) => input },
    expect: ({ result }) => {
      expect(result?.logs).toBe("[ 1 ] { x: 1 }");
      // QuickJS's own Object.keys and JSON.stringify now run the planted setter: the guest broke
      // its own realm's built-ins, and the value says so instead of failing the session.
      expect(result?.value).toBe("[unserializable: Error: setter 0]");
    },
    aborted: "none",
  });

  attempt({
    name: "still reads its errors after planting accessors for the fields of errors",
    code: `${plant(["name", "message", "stack", "lineNumber", "cause"])}
      await echo(1);
      throw new RangeError("real")`,
    functions: { echo: async (input: unknown) => input },
    expect: ({ result }) =>
      expect(result?.error).toMatchObject({ name: "RangeError", message: "real", line: 4 }),
    aborted: "RangeError",
  });
});
