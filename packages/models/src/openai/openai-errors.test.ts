import { AbortError, ModelError, type ModelRequest } from "@codeact/core";
import { openAIStream, type Reply, startFakeServer } from "@codeact/test-utils";
import { describe, expect, it } from "vitest";
import { collect, finished, rejection, streamedText } from "../test-utils/collect.js";
import { fixture, jsonFixtureReply } from "../test-utils/fixtures.js";
import { type OpenAIOptions, openai } from "./openai.js";

const ask: ModelRequest = { messages: [{ role: "user", content: "Hi" }] };
const fast = { initialRetryDelayMs: 1, maxRetryDelayMs: 5_000 };
const textReply: Reply = jsonFixtureReply("openai/chat-text.json");

async function modelFor(replies: Reply[], options: Partial<OpenAIOptions> = {}) {
  const server = await startFakeServer(replies);
  const model = openai({
    model: "gpt-4.1-mini",
    baseURL: `${server.url}/v1`,
    apiKey: "sk-test",
    ...fast,
    ...options,
  });
  return { server, model };
}

describe("typed errors", () => {
  it.each([
    [
      "openai/error-401.json",
      401,
      "authentication",
      /refused the credentials \(401\): Incorrect API key[\s\S]*OPENAI_API_KEY/,
    ],
    ["openai/error-403.json", 403, "permission_denied", /denied access to model "gpt-4.1-mini"/],
    ["openai/error-404-model.json", 404, "model_not_found", /has no model "gpt-4.1-mini" \(404\)/],
    ["openai/error-400-context.json", 400, "context_length_exceeded", /maximum context length is 128000/],
    ["openai/error-400-content-filter.json", 400, "content_filter", /content filter blocked/],
    ["openai/error-429-quota.json", 429, "rate_limited", /out of quota[\s\S]*retrying will not help/],
  ])("%s is a ModelError %s/%s, not retried", async (name, status, code, message) => {
    const { server, model } = await modelFor([jsonFixtureReply(name, status), textReply]);
    await using _ = server;
    const error = await rejection(model.generate(ask));
    expect(ModelError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code, status, retryable: false, message: expect.stringMatching(message) });
    expect(server.requests).toHaveLength(1);
  });

  it("turns a proxy's HTML 502 into a retryable server_error", async () => {
    const { server, model } = await modelFor(
      [
        {
          body: "<html><body>502 Bad Gateway</body></html>",
          status: 502,
          headers: { "content-type": "text/html" },
        },
      ],
      { maxRetries: 0 },
    );
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "server_error",
      status: 502,
      retryable: true,
    });
  });
});

describe("retries", () => {
  it("retries 5xx with backoff until it succeeds", async () => {
    const error500 = jsonFixtureReply("openai/error-500.json", 500);
    const { server, model } = await modelFor([error500, error500, textReply], { maxRetries: 2 });
    await using _ = server;
    expect((await model.generate(ask)).text).toBe("The capital of France is Paris.");
    expect(server.requests).toHaveLength(3);
  });

  it("gives up after maxRetries with a retryable error", async () => {
    const error500 = jsonFixtureReply("openai/error-500.json", 500);
    const { server, model } = await modelFor([error500, error500, error500, textReply], { maxRetries: 2 });
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "server_error",
      status: 500,
      retryable: true,
    });
    expect(server.requests).toHaveLength(3);
  });

  it("honours Retry-After in seconds", async () => {
    const limited = jsonFixtureReply("openai/error-429-rate-limit.json", 429, { "retry-after": "1" });
    const { server, model } = await modelFor([limited, textReply]);
    await using _ = server;
    const started = performance.now();
    await model.generate(ask);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const at = new Date(Math.ceil((Date.now() + 1_000) / 1000) * 1000);
    const limited = jsonFixtureReply("openai/error-429-rate-limit.json", 429, {
      "retry-after": at.toUTCString(),
    });
    const { server, model } = await modelFor([limited, textReply]);
    await using _ = server;
    await model.generate(ask);
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime() - 20);
    expect(server.requests).toHaveLength(2);
  });

  it("does not wait for a Retry-After longer than maxRetryDelayMs", async () => {
    const limited = jsonFixtureReply("openai/error-429-rate-limit.json", 429, { "retry-after": "120" });
    const { server, model } = await modelFor([limited, textReply]);
    await using _ = server;
    const started = performance.now();
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "rate_limited",
      status: 429,
      retryable: true,
    });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("retries a connection dropped before any answer", async () => {
    const { server, model } = await modelFor([{ drop: true }, textReply]);
    await using _ = server;
    expect((await model.generate(ask)).text).toBe("The capital of France is Paris.");
    expect(server.requests).toHaveLength(2);
  });

  it("reports a refused connection as a retryable network error", async () => {
    const { server, model } = await modelFor([], { maxRetries: 1 });
    await server.close();
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "network",
      retryable: true,
      message: expect.stringMatching(/ECONNREFUSED|Connection error|fetch failed/),
    });
  });
});

describe("streams that fail", () => {
  it("surfaces a connection dropped mid-stream as a retryable network error, without hanging or repeating text", async () => {
    const { server, model } = await modelFor([
      { sse: fixture("openai/stream-text.sse"), dropAfter: 4 },
      textReply,
    ]);
    await using _ = server;
    const { parts, error } = await collect(model.stream(ask));
    expect(streamedText(parts)).toBe("The capital of");
    expect(error).toMatchObject({ name: "ModelError", code: "network", retryable: true });
    expect(server.requests).toHaveLength(1);
  });

  it("retries a stream that dropped before emitting anything", async () => {
    const { server, model } = await modelFor([
      { sse: fixture("openai/stream-text.sse"), dropAfter: 1 },
      { sse: fixture("openai/stream-text.sse") },
    ]);
    await using _ = server;
    const { parts, error } = await collect(model.stream(ask));
    expect(error).toBeUndefined();
    expect(streamedText(parts)).toBe("The capital of France is Paris.");
    expect(server.requests).toHaveLength(2);
  });

  it("reports an error event inside a 200 stream", async () => {
    const { server, model } = await modelFor([{ sse: fixture("openai/stream-error-event.sse") }], {
      maxRetries: 0,
    });
    await using _ = server;
    const { error } = await collect(model.stream(ask));
    expect(error).toMatchObject({
      code: "server_error",
      retryable: true,
      message: expect.stringMatching(/Sorry about that/),
    });
  });
});

describe("timeouts and aborts", () => {
  it("times out a request that gets no answer", async () => {
    const { server, model } = await modelFor([{ hang: true }], { timeoutMs: 150, maxRetries: 0 });
    await using _ = server;
    const started = performance.now();
    expect(await rejection(model.generate(ask))).toMatchObject({ code: "timeout", retryable: true });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("times out a stream that stalls, but not one that keeps streaming", async () => {
    const slow = { sse: fixture("openai/stream-text.sse"), delayMs: 40 };
    const { server, model } = await modelFor([slow, { ...slow, delayMs: 2_000 }], {
      timeoutMs: 300,
      maxRetries: 0,
    });
    await using _ = server;
    const steady = await collect(model.stream(ask));
    expect(steady.error).toBeUndefined();
    const stalled = await collect(model.stream(ask));
    expect(stalled.error).toMatchObject({ code: "timeout", retryable: true });
  });

  it("cancels at once when the signal aborts during a request", async () => {
    const { server, model } = await modelFor([{ hang: true }]);
    await using _ = server;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await rejection(model.generate(ask, { signal: controller.signal }));
    expect(AbortError.isInstance(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("cancels at once when the signal aborts during a backoff sleep", async () => {
    const error500 = jsonFixtureReply("openai/error-500.json", 500);
    const { server, model } = await modelFor([error500, textReply], {
      initialRetryDelayMs: 30_000,
      maxRetryDelayMs: 60_000,
    });
    await using _ = server;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await rejection(model.generate(ask, { signal: controller.signal }));
    expect(AbortError.isInstance(error)).toBe(true);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(1);
  });

  it("cancels a stream mid-answer", async () => {
    const { server, model } = await modelFor([{ sse: fixture("openai/stream-text.sse"), delayMs: 200 }]);
    await using _ = server;
    const controller = new AbortController();
    const { parts, error } = await collect(
      (async function* () {
        for await (const part of model.stream(ask, { signal: controller.signal })) {
          controller.abort();
          yield part;
        }
      })(),
    );
    expect(parts).toHaveLength(1);
    expect(AbortError.isInstance(error)).toBe(true);
  });

  it("does not send a request when the signal has already aborted", async () => {
    const { server, model } = await modelFor([textReply]);
    await using _ = server;
    const error = await rejection(model.generate(ask, { signal: AbortSignal.abort() }));
    expect(AbortError.isInstance(error)).toBe(true);
    expect(server.requests).toHaveLength(0);
  });
});

describe("fields a model rejects", () => {
  const withStop: ModelRequest = { ...ask, stop: ["Observation:"] };
  const answer = {
    json: {
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "```js\nx\n```\nObservation: 42" },
          finish_reason: "stop",
        },
      ],
    },
  };

  it("sends the request again without `stop`, cuts the text itself, and remembers", async () => {
    const { server, model } = await modelFor([
      jsonFixtureReply("openai/error-400-stop.json", 400),
      answer,
      answer,
    ]);
    await using _ = server;
    expect(await model.generate(withStop)).toMatchObject({ text: "```js\nx\n```\n", finishReason: "stop" });
    expect(server.requests.map((request) => "stop" in (request.body as object))).toEqual([true, false]);
    await model.generate(withStop);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2]?.body).not.toHaveProperty("stop");
  });

  it("cuts a streamed answer at the stop sequence when the model rejected `stop`", async () => {
    const stream = openAIStream({
      text: "Let me compute.\n```js\nfinal_answer(2)\n```\nObservation: 2\nThe answer is 2.",
    });
    const { server, model } = await modelFor([
      jsonFixtureReply("openai/error-400-stop.json", 400),
      { sse: stream },
    ]);
    await using _ = server;
    const { parts, error } = await collect(model.stream(withStop));
    expect(error).toBeUndefined();
    expect(streamedText(parts)).toBe("Let me compute.\n```js\nfinal_answer(2)\n```\n");
    expect(finished(parts)).toMatchObject({
      text: "Let me compute.\n```js\nfinal_answer(2)\n```\n",
      finishReason: "stop",
      usage: { outputTokens: 20 },
    });
  });

  it("switches max_tokens to max_completion_tokens when the model asks for it", async () => {
    const { server, model } = await modelFor([
      jsonFixtureReply("openai/error-400-max-tokens.json", 400),
      textReply,
      textReply,
    ]);
    await using _ = server;
    await model.generate({ ...ask, maxOutputTokens: 64 });
    await model.generate({ ...ask, maxOutputTokens: 64 });
    expect(
      server.requests.map((request) => (request.body as Record<string, unknown>).max_completion_tokens),
    ).toEqual([undefined, 64, 64]);
  });

  it("drops an unsupported temperature", async () => {
    const { server, model } = await modelFor([
      jsonFixtureReply("openai/error-400-temperature.json", 400),
      textReply,
    ]);
    await using _ = server;
    await model.generate({ ...ask, temperature: 0.2 });
    expect(server.requests[1]?.body).not.toHaveProperty("temperature");
  });

  it("streams without stream_options when a server does not know it", async () => {
    const rejected = {
      json: {
        error: {
          message: "Unrecognized request argument supplied: stream_options",
          type: "invalid_request_error",
          param: null,
          code: null,
        },
      },
      status: 400,
    };
    const { server, model } = await modelFor([rejected, { sse: fixture("openai/stream-text.sse") }]);
    await using _ = server;
    const { error } = await collect(model.stream(ask));
    expect(error).toBeUndefined();
    expect(server.requests[1]?.body).not.toHaveProperty("stream_options");
  });

  it("still reports a bad temperature value that is not an unsupported field", async () => {
    const invalid = {
      json: {
        error: {
          message:
            "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 7 instead.",
          type: "invalid_request_error",
          param: "temperature",
          code: "decimal_above_max_value",
        },
      },
      status: 400,
    };
    const { server, model } = await modelFor([invalid, textReply]);
    await using _ = server;
    expect(await rejection(model.generate({ ...ask, temperature: 7 }))).toMatchObject({
      code: "invalid_request",
      status: 400,
    });
    expect(server.requests).toHaveLength(1);
  });
});
