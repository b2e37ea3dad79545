/**
 * Adversarial suite: guest input the host has to read (code, error text) must cost the host time
 * linear in its size. The host's share of such work runs outside any deadline; these cases assert
 * on outcomes, and the test timeout is the failure mode. (The 50,000-declaration rewrite is in
 * `shared/repl-declarations-scale.test.ts`.)
 */
import { describe, expect, it } from "vitest";
import { lineIn } from "../guest-errors.js";

describe("host work on guest input", () => {
  it("finds the line of the execute's code in a stack without building a pattern from it", () => {
    const filler = "code-3.js:".repeat(100_000);
    expect(lineIn(`${filler} at f (code-3.js:7:3)`, "code-3.js")).toBe(7);
    expect(lineIn(`at f (code-2.js:9:1)\nat g (code-3.js:12:5)`, "code-3.js")).toBe(12);
    expect(lineIn(`${"9".repeat(1_000_000)} code-3.js:`, "code-3.js")).toBeUndefined();
    expect(lineIn("code-3.js:0 code-3.js:99999999999999999999 code-3.js:4", "code-3.js")).toBe(4);
  });
});
