import { describe, expect, it } from "vitest";
import { MAX_TIMEOUT_MS, resolveLimits } from "./limits.js";
import { QuickJSExecutor } from "./quickjs-executor.js";

describe("timeoutMs", () => {
  it("accepts the longest delay a timer can wait", () => {
    expect(resolveLimits({ timeoutMs: MAX_TIMEOUT_MS }).timeoutMs).toBe(2_147_483_647);
  });

  it("refuses a longer one, which a timer would fire after 1 ms, naming the option and the maximum", () => {
    for (const timeoutMs of [MAX_TIMEOUT_MS + 1, 30 * 24 * 60 * 60 * 1000, Number.MAX_SAFE_INTEGER]) {
      expect(() => new QuickJSExecutor({ timeoutMs })).toThrow(RangeError);
      expect(() => new QuickJSExecutor({ timeoutMs })).toThrow(/timeoutMs must be at most 2,147,483,647/);
    }
  });
});
