import { ModelError } from "@codeact/core";
import { describe, expect, it } from "vitest";
import { resilienceSettings } from "../resilience-options.js";
import { retryDelay } from "./retry-delay.js";

const retryable = { error: new ModelError({ code: "server_error", message: "boom", retryable: true }) };
const settings = resilienceSettings({ maxRetries: 5, initialRetryDelayMs: 100, maxRetryDelayMs: 1000 });

describe("retryDelay", () => {
  it("doubles the backoff each retry, with jitter between half and all of it", () => {
    expect(retryDelay(retryable, 0, settings, () => 0)).toBe(50);
    expect(retryDelay(retryable, 0, settings, () => 1)).toBe(100);
    expect(retryDelay(retryable, 2, settings, () => 0)).toBe(200);
    expect(retryDelay(retryable, 2, settings, () => 1)).toBe(400);
  });

  it("never waits longer than maxRetryDelayMs", () => {
    expect(retryDelay(retryable, 4, settings, () => 1)).toBe(1000);
  });

  it("stops after maxRetries", () => {
    expect(retryDelay(retryable, 5, settings)).toBeUndefined();
  });

  it("does not retry what is not retryable", () => {
    const error = new ModelError({ code: "authentication", message: "no", retryable: false });
    expect(retryDelay({ error }, 0, settings)).toBeUndefined();
  });

  it("waits exactly as long as Retry-After says, unless that is past the limit", () => {
    expect(retryDelay({ ...retryable, retryAfterMs: 700 }, 0, settings)).toBe(700);
    expect(retryDelay({ ...retryable, retryAfterMs: 0 }, 0, settings)).toBe(0);
    expect(retryDelay({ ...retryable, retryAfterMs: 5000 }, 0, settings)).toBeUndefined();
  });

  it("rejects meaningless settings", () => {
    expect(() => resilienceSettings({ maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => resilienceSettings({ timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});
