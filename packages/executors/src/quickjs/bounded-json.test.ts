import { describe, expect, it } from "vitest";
import { toJSONTextWithin } from "./bounded-json.js";

describe("toJSONTextWithin", () => {
  it("writes the same text as JSON.stringify for JSON data, within budget", () => {
    const data = { a: [1, "two", null, true, -0, 1e21], b: { c: 1.5, 'q"uote': "\u0001\ud800\n" }, d: [] };
    const text = JSON.stringify(data);
    expect(toJSONTextWithin(data, text.length)).toEqual({ text });
    expect(toJSONTextWithin(undefined, 0)).toEqual({ text: undefined });
  });

  it("leaves out what JSON leaves out, without counting it against the budget", () => {
    const value = { skipped: undefined, fn: undefined, kept: 1, list: [undefined] };
    // The budget is that of the text written: the keys of values left out are never written.
    expect(toJSONTextWithin({ ["k".repeat(100)]: undefined, ...value }, 24)).toEqual({
      text: '{"kept":1,"list":[null]}',
    });
    expect(
      toJSONTextWithin(
        new Map<unknown, unknown>([
          ["a", undefined],
          [1, 2],
          [{ k: 1 }, 3],
        ]),
        100,
      ),
    ).toEqual({
      text: '{"1":2,"{\\"k\\":1}":3}',
    });
  });

  it("refuses one character over the budget, with a lower bound on the size", () => {
    const value = { list: Array.from({ length: 50 }, (_, i) => ({ i })) };
    const length = JSON.stringify(value).length;
    expect(toJSONTextWithin(value, length)).toEqual({ text: JSON.stringify(value) });
    const refused = toJSONTextWithin(value, length - 1);
    expect(refused).toMatchObject({ exact: false });
    expect((refused as { tooLarge: number }).tooLarge).toBeGreaterThan(length - 1);
    expect((refused as { tooLarge: number }).tooLarge).toBeLessThanOrEqual(length);
  });

  it("measures a string that does not fit exactly, escapes included, without escaping it", () => {
    for (const text of [
      'say "hi"\n',
      "\u0000\u001f\u007f",
      "\ud83d\ude00 lone \ud800 and \udc00",
      "\\\b\f\t\r",
    ]) {
      const long = text.repeat(1000);
      expect(toJSONTextWithin(long, 10)).toEqual({ tooLarge: JSON.stringify(long).length, exact: true });
      // Inside a container the same count is only a lower bound on the whole.
      expect(toJSONTextWithin([long], 10)).toEqual({
        tooLarge: JSON.stringify(long).length + 1,
        exact: false,
      });
    }
  });

  it("refuses arrays, typed arrays and sets whose shortest text cannot fit, before reading an item", () => {
    let reads = 0;
    const watched = new Array(1000);
    for (let i = 0; i < watched.length; i++) {
      Object.defineProperty(watched, i, {
        get: () => {
          reads++;
          return 0;
        },
      });
    }
    expect(toJSONTextWithin(watched, 2000)).toEqual({ tooLarge: 2001, exact: false });
    expect(reads).toBe(0);
    expect(toJSONTextWithin(new Float64Array(1 << 24), 1_000_000)).toEqual({
      tooLarge: 2 ** 25 + 1,
      exact: false,
    });
    expect(toJSONTextWithin(new Set(Array.from({ length: 600 }, (_, i) => i)), 1000)).toEqual({
      tooLarge: 1201,
      exact: false,
    });
    expect(toJSONTextWithin(new DataView(new ArrayBuffer(8)), 2)).toEqual({ text: "[]" });
  });

  it("cuts a toJSON that hands back a fresh object forever at the depth limit", () => {
    const endless = (): object => ({ toJSON: endless });
    expect(toJSONTextWithin(endless(), 100)).toEqual({ text: '"[Object]"' });
  });

  it("passes on what the value's own code throws, a hostile Proxy included, untouched", () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error("asked");
        },
      },
    );
    let caught: unknown;
    try {
      toJSONTextWithin(
        {
          toJSON() {
            throw hostile;
          },
        },
        100,
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(hostile);
  });
});
