/**
 * Adversarial suite: a guest error's text (name, message, stack) is cut to a bounded size before
 * it leaves the sandbox, however the error was thrown, so a huge one never reaches the result.
 */
import { describe, expect } from "vitest";
import { attempt } from "./test-utils.js";

const SIXTEEN_MILLION = 16_000_000;
const LIMITS = { timeoutMs: 10_000 };

describe("a huge guest error", () => {
  for (const [shape, name, code] of [
    ["an Error", "Error", `throw new Error("m".repeat(${SIXTEEN_MILLION}))`],
    ["a string", "Error", `throw "m".repeat(${SIXTEEN_MILLION})`],
    ["an error-like object", "Custom", `throw { name: "Custom", message: "m".repeat(${SIXTEEN_MILLION}) }`],
    [
      "an awaited rejection",
      "TypeError",
      `await Promise.reject(new TypeError("m".repeat(${SIXTEEN_MILLION})))`,
    ],
    [
      "a Proxy whose trap throws one",
      "Error",
      `throw new Proxy({}, { has() { throw new Error("m".repeat(${SIXTEEN_MILLION})); } })`,
    ],
  ] as const) {
    attempt({
      name: `thrown as ${shape} reaches the result cut to 10,000 characters and a marker`,
      code,
      limits: LIMITS,
      expect: ({ result }) => {
        const message = result?.error?.message ?? "";
        expect(result?.error?.name).toBe(name);
        expect(message.length).toBeLessThan(10_100);
        // Behind a Proxy the message is "[unprintable: Error: mmm…", cut 22 characters later.
        expect(message).toMatch(/mmmmm… \[15,990,0(00|22) characters cut\]\]?$/);
      },
      aborted: name,
    });
  }

  attempt({
    name: "with a 16-million-character name has its name cut too",
    code: `const e = new Error("short"); e.name = "N".repeat(${SIXTEEN_MILLION}); throw e`,
    limits: LIMITS,
    expect: ({ result }) =>
      expect(result?.error).toMatchObject({
        name: `${"N".repeat(200)}… [15,999,800 characters cut]`,
        message: "short",
      }),
    aborted: `${"N".repeat(200)}… [15,999,800 characters cut]`,
  });

  attempt({
    name: "with a 16-million-character stack still points at its line",
    code: `function fail() {\n  const e = new Error("deep");\n  e.stack = "    at fail (code-1.js:2:13)\\n" + "    at x (other.js:1:1)\\n".repeat(700_000);\n  throw e;\n}\nfail()`,
    limits: LIMITS,
    expect: ({ result }) => expect(result?.error).toEqual({ name: "Error", message: "deep", line: 2 }),
    aborted: "Error",
  });

  attempt({
    name: "on one line of a megabyte is cut and keeps its line",
    code: `\n\nthrow new RangeError("${"x".repeat(1_000_000)}")`,
    limits: LIMITS,
    expect: ({ result }) =>
      expect(result?.error).toEqual({
        name: "RangeError",
        message: `${"x".repeat(10_000)}… [990,000 characters cut]`,
        line: 3,
      }),
    aborted: "RangeError",
  });
});
