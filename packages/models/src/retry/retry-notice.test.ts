import { ModelError } from "@codeact/core";
import { describe, expect, it } from "vitest";
import { resilienceSettings } from "../resilience-options.js";
import { afterFailure, retryReason } from "./retry-notice.js";

const cause = new Error("the library's error");
const limited = new ModelError({
  code: "rate_limited",
  message: "OpenAI is rate limiting requests (429): Slow down.",
  retryable: true,
  status: 429,
  cause,
});
const settings = resilienceSettings({ maxRetries: 2, initialRetryDelayMs: 100, maxRetryDelayMs: 60_000 });

describe("afterFailure", () => {
  it("announces the next attempt, its wait and the reason", () => {
    expect(afterFailure({ error: limited, retryAfterMs: 6_000 }, 1, settings)).toEqual({
      notice: {
        attempt: 2,
        maxAttempts: 3,
        delayMs: 6_000,
        error: limited,
        status: 429,
        reason: "429 Too Many Requests",
      },
    });
    expect(afterFailure({ error: limited }, 2, settings, () => 1)).toMatchObject({
      notice: { attempt: 3, maxAttempts: 3, delayMs: 200 },
    });
  });

  it("says how many attempts were made once the retries are used up", () => {
    const step = afterFailure({ error: limited }, 3, settings);
    if (!("error" in step)) throw new Error("expected the retries to end");
    expect(step.error).not.toBe(limited);
    expect(step.error).toMatchObject({ code: "rate_limited", status: 429, retryable: true, cause });
    expect(step.error.message).toBe(
      "OpenAI is rate limiting requests (429): Slow down. (gave up after 3 attempts)",
    );
    expect(ModelError.isInstance(step.error)).toBe(true);
  });

  it("says why it stopped early when the server asked for a wait past maxRetryDelayMs", () => {
    const step = afterFailure({ error: limited, retryAfterMs: 120_000 }, 1, settings);
    expect(step).toMatchObject({
      error: {
        message: expect.stringMatching(
          /Slow down\. \(gave up after 1 attempt: the server asked to wait 120 s, more than the 60 s maxRetryDelayMs allows\)$/,
        ),
      },
    });
  });

  it("leaves alone an error that is not retried at all", () => {
    const refused = new ModelError({ code: "authentication", message: "No.", status: 401 });
    expect(afterFailure({ error: refused }, 1, settings)).toEqual({ error: refused });
    const noRetries = resilienceSettings({ maxRetries: 0 });
    expect(afterFailure({ error: limited }, 1, noRetries)).toEqual({ error: limited });
  });
});

describe("retryReason", () => {
  it("names the status, or the kind of failure when there is none", () => {
    const error = (code: ModelError["code"], status?: number) =>
      new ModelError({ code, message: "x", retryable: true, status });
    expect(retryReason(error("server_error", 503))).toBe("503 Service Unavailable");
    expect(retryReason(error("server_error", 520))).toBe("520 server error");
    expect(retryReason(error("server_error"))).toBe("server error");
    expect(retryReason(error("timeout"))).toBe("timed out");
    expect(retryReason(error("network"))).toBe("network error");
    expect(retryReason(error("invalid_response"))).toBe("invalid response");
  });
});
