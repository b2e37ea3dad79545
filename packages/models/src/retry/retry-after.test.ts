import { describe, expect, it } from "vitest";
import { retryAfterMs } from "./retry-after.js";

describe("retryAfterMs", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");

  it("reads Retry-After in seconds, fractions included", () => {
    expect(retryAfterMs(new Headers({ "Retry-After": "3" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": "0.25" }), now)).toBe(250);
  });

  it("reads Retry-After as an HTTP date, relative to now", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 01 Mar 2026 12:00:05 GMT" }), now)).toBe(5000);
  });

  it("treats a date in the past as no wait", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 01 Mar 2026 11:59:00 GMT" }), now)).toBe(0);
  });

  it("prefers OpenAI's retry-after-ms", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "194", "retry-after": "1" }), now)).toBe(194);
  });

  it("reads plain header records case-insensitively (the AI SDK's responseHeaders)", () => {
    expect(retryAfterMs({ "Retry-After": "2" }, now)).toBe(2000);
    expect(retryAfterMs({ "retry-after": ["4"] }, now)).toBe(4000);
  });

  it("ignores missing and unreadable values", () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "-3" }), now)).toBeUndefined();
  });
});
