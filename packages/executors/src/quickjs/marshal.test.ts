import { describe, expect, it } from "vitest";
import { errorFields, fromJSONText, toJSONText, toJSONValue } from "./marshal.js";

describe("toJSONValue", () => {
  it("keeps JSON data as it is, in a new object", () => {
    const data = { a: [1, "two", null, true], b: { c: 1.5 } };
    const copy = toJSONValue(data);
    expect(copy).toEqual(data);
    expect(copy).not.toBe(data);
  });

  it("makes what JSON cannot hold readable", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(
      toJSONValue({
        big: 1n,
        fn: function named() {},
        sym: Symbol("s"),
        inf: Number.POSITIVE_INFINITY,
        cyclic,
        date: new Date(0),
        map: new Map<unknown, unknown>([
          ["k", 1],
          [2, "two"],
        ]),
        set: new Set([1]),
        bytes: new Uint8Array([1, 2]),
        error: new RangeError("bad"),
        regexp: /x/g,
        skipped: undefined,
        list: [undefined, () => 1],
      }),
    ).toEqual({
      big: "1n",
      fn: "[Function: named]",
      sym: "Symbol(s)",
      inf: "Infinity",
      cyclic: { self: "[Circular]" },
      date: "1970-01-01T00:00:00.000Z",
      map: { k: 1, "2": "two" },
      set: [1],
      bytes: [1, 2],
      error: "RangeError: bad",
      regexp: "/x/g",
      list: [null, "[Function: (anonymous)]"],
    });
  });

  it("copies shared, non-cyclic references twice rather than calling them circular", () => {
    const shared = { n: 1 };
    expect(toJSONValue([shared, shared])).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it("keeps a __proto__ key as a key", () => {
    const copy = toJSONValue(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("JSON text", () => {
  it("round-trips, with undefined standing for undefined", () => {
    expect(toJSONText(undefined)).toBeUndefined();
    expect(fromJSONText(undefined)).toBeUndefined();
    expect(fromJSONText(toJSONText({ a: [1] }))).toEqual({ a: [1] });
  });
});

describe("errorFields", () => {
  it("takes name and message from errors and error-like objects", () => {
    expect(errorFields(new TypeError("bad"))).toEqual({ name: "TypeError", message: "bad" });
    expect(errorFields({ name: "Custom", message: "m" })).toEqual({ name: "Custom", message: "m" });
    expect(errorFields("text")).toEqual({ name: "Error", message: "text" });
    expect(errorFields({ code: 1 })).toEqual({ name: "Error", message: '{"code":1}' });
  });
});
