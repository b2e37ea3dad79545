import { describe, expect, it } from "vitest";
import { describeError } from "./describe-error.js";
import type { Failure } from "./failure.js";
import { toModelError } from "./to-model-error.js";

const context = {
  provider: "the server at http://localhost:8000/v1",
  modelId: "m",
  credentialsHint: "Check KEY.",
};
const http = (status: number | undefined, message: string, extra: Partial<Failure> = {}): Failure =>
  ({ kind: "http", ...(status !== undefined && { status }), message, ...extra }) as Failure;

describe("toModelError", () => {
  it.each([
    [http(401, "bad key"), "authentication", false],
    [http(403, "no access"), "permission_denied", false],
    [http(404, "no such model"), "model_not_found", false],
    [http(400, "This model's maximum context length is 4096 tokens."), "context_length_exceeded", false],
    [http(400, "x", { type: "exceed_context_size_error" }), "context_length_exceeded", false],
    [http(413, "prompt is too long: 210000 tokens > 200000 maximum"), "context_length_exceeded", false],
    [
      http(400, "The input token count exceeds the maximum number of tokens allowed (1048576)."),
      "context_length_exceeded",
      false,
    ],
    [http(400, "filtered", { code: "content_filter" }), "content_filter", false],
    [http(429, "slow down"), "rate_limited", true],
    [http(429, "no money", { code: "insufficient_quota" }), "rate_limited", false],
    [http(408, "request timeout"), "timeout", true],
    [http(409, "lock timeout"), "server_error", true],
    [http(500, "oops"), "server_error", true],
    [http(529, "Overloaded"), "server_error", true],
    [http(501, "not implemented"), "server_error", false],
    [http(undefined, "error inside the stream"), "server_error", true],
    [http(undefined, "Rate limit reached", { type: "tokens" }), "rate_limited", true],
    [http(400, "Invalid value for 'tools'"), "invalid_request", false],
    [{ kind: "network", message: "ECONNRESET" }, "network", true],
    [{ kind: "timeout", message: "slow" }, "timeout", true],
    [{ kind: "missing-key", message: "no key" }, "missing_api_key", false],
    [{ kind: "invalid-response", message: "garbage" }, "invalid_response", false],
    [{ kind: "unknown", message: "?" }, "model_error", false],
  ] as [Failure, string, boolean][])("%o is %s", (failure, code, retryable) => {
    const { error } = toModelError(failure, context);
    expect(error).toMatchObject({ name: "ModelError", code, retryable });
    if (failure.kind === "http") expect(error.status).toBe(failure.status);
  });

  it("writes messages that say what happened and what to do", () => {
    expect(toModelError(http(401, "Invalid token."), context).error.message).toBe(
      "The server at http://localhost:8000/v1 refused the credentials (401): Invalid token. Check KEY.",
    );
    expect(toModelError(http(404, "not found"), context).error.message).toMatch(
      /has no model "m" \(404\): not found\. Check the model name/,
    );
  });

  it("passes Retry-After on to the retry policy", () => {
    expect(toModelError(http(429, "slow", { retryAfterMs: 1500 }), context).retryAfterMs).toBe(1500);
  });
});

describe("describeError", () => {
  it("finds network failures by code anywhere in the cause chain", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(describeError(new TypeError("fetch failed", { cause }))).toEqual({
      kind: "network",
      message: "fetch failed: connect ECONNREFUSED 127.0.0.1:1",
    });
    expect(describeError(new TypeError("terminated"))).toMatchObject({ kind: "network" });
  });

  it("calls malformed JSON an invalid response and anything else unknown", () => {
    expect(describeError(new SyntaxError("Unexpected token < in JSON"))).toMatchObject({
      kind: "invalid-response",
    });
    expect(describeError(new Error("weird"))).toEqual({ kind: "unknown", message: "weird" });
  });
});
