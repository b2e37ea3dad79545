import type { ModelRequest } from "@codeact/core";
import { type RecordedRequest, type Reply, startFakeServer } from "@codeact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { collect, finished, rejection, streamedText } from "../test-utils/collect.js";
import { fixture, jsonFixtureReply } from "../test-utils/fixtures.js";
import { type HuggingFaceOptions, huggingface } from "./huggingface.js";

const ask: ModelRequest = {
  messages: [{ role: "user", content: "Say hello in French." }],
  maxOutputTokens: 100,
};

/** Sends what @huggingface/inference asks of huggingface.co and router.huggingface.co to the local server. */
const toLocal =
  (url: string): typeof fetch =>
  (input, init) =>
    fetch(String(input).replace(/^https:\/\/(router\.)?huggingface\.co/, url), init);

async function hf(
  respond: Reply[] | ((request: RecordedRequest) => Reply),
  options: Partial<HuggingFaceOptions> = {},
) {
  const server = await startFakeServer(Array.isArray(respond) ? respond : (request) => respond(request));
  const model = huggingface({
    model: "meta-llama/Llama-3.3-70B-Instruct",
    accessToken: "hf_test_token",
    fetch: toLocal(server.url),
    initialRetryDelayMs: 1,
    ...options,
  });
  return { server, model };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("huggingface() on the router's auto route", () => {
  it("posts to /v1/chat/completions with the token and reads the answer", async () => {
    const { server, model } = await hf([jsonFixtureReply("huggingface/router-chat-text.json")]);
    await using _ = server;
    expect(await model.generate(ask)).toEqual({
      text: "Bonjour from the router.",
      toolCalls: [],
      finishReason: "stop",
      usage: { inputTokens: 42, outputTokens: 6 },
    });
    expect(server.requests[0]).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      headers: { authorization: "Bearer hf_test_token" },
      body: { model: "meta-llama/Llama-3.3-70B-Instruct", max_tokens: 100 },
    });
  });

  it("streams text (tool_calls: null in deltas, usage in the finish chunk)", async () => {
    const { server, model } = await hf([
      { sse: fixture("huggingface/router-stream-text.sse"), splitEvents: true },
    ]);
    await using _ = server;
    const { parts, error } = await collect(model.stream(ask));
    expect(error).toBeUndefined();
    expect(streamedText(parts)).toBe("Bonjour from the router.");
    expect(finished(parts)).toMatchObject({
      finishReason: "stop",
      usage: { inputTokens: 42, outputTokens: 7 },
    });
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("reads a whole answer that lacks usage and created, which the library itself rejects", async () => {
    // @huggingface/inference requires `usage`, `created`, `id` and `model` on a whole response;
    // servers behind dedicated endpoints do not all send them.
    const { usage: _, created: __, ...bare } = JSON.parse(fixture("huggingface/router-chat-text.json"));
    const { server, model } = await hf([{ json: bare }]);
    await using _server = server;
    expect(await model.generate(ask)).toEqual({
      text: "Bonjour from the router.",
      toolCalls: [],
      finishReason: "stop",
      usage: { inputTokens: 0, outputTokens: 0 },
    });
    expect(server.requests).toHaveLength(1);
  });

  it("still fails clearly on a whole answer with no choices", async () => {
    const { server, model } = await hf([{ json: { id: "x", object: "chat.completion" } }]);
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({ code: "invalid_response" });
  });

  it("reads HF_TOKEN", async () => {
    vi.stubEnv("HF_TOKEN", "hf_from_env");
    const server = await startFakeServer([jsonFixtureReply("huggingface/router-chat-text.json")]);
    await using _ = server;
    await huggingface({ model: "m/m", fetch: toLocal(server.url) }).generate(ask);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer hf_from_env");
  });
});

describe("huggingface() with a provider", () => {
  it("resolves the provider's model id on the Hub, then posts to the provider route", async () => {
    const { server, model } = await hf(
      (request) =>
        request.path.startsWith("/api/models/")
          ? jsonFixtureReply("huggingface/hub-provider-mapping.json")
          : { sse: fixture("huggingface/router-stream-text.sse") },
      { provider: "together" },
    );
    await using _ = server;
    const { parts } = await collect(model.stream(ask));
    expect(streamedText(parts)).toBe("Bonjour from the router.");
    const call = server.requests.find((request) => request.method === "POST");
    expect(call?.path).toBe("/together/v1/chat/completions");
    expect(call?.body).toMatchObject({
      model: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
      messages: ask.messages,
    });
  });
});

describe("huggingface() with an endpoint URL (TGI)", () => {
  it("streams a tool call with empty ids and fragments, without a token", async () => {
    vi.stubEnv("HF_TOKEN", "");
    const server = await startFakeServer([{ sse: fixture("tgi/stream-tool-call.sse") }]);
    await using _ = server;
    const model = huggingface({ model: "tgi", endpointUrl: `${server.url}/v1` });
    const { parts } = await collect(
      model.stream({
        ...ask,
        tools: [{ name: "get_weather", description: "Weather.", inputSchema: { type: "object" } }],
      }),
    );
    const response = finished(parts);
    expect(response).toMatchObject({
      finishReason: "tool-calls",
      usage: { inputTokens: 301, outputTokens: 12 },
    });
    expect(response.toolCalls).toEqual([
      { id: expect.stringMatching(/^call_/), name: "get_weather", input: { city: "Berlin" } },
    ]);
    const ids = new Set(parts.flatMap((part) => (part.type === "tool-call-delta" ? [part.id] : [])));
    expect([...ids]).toEqual([response.toolCalls[0]?.id]);
    expect(server.requests[0]).toMatchObject({ path: "/v1/chat/completions", body: { model: "tgi" } });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("takes tool arguments sent as an object", async () => {
    const server = await startFakeServer([jsonFixtureReply("tgi/chat-tool-call.json")]);
    await using _ = server;
    const response = await huggingface({ model: "tgi", endpointUrl: server.url }).generate(ask);
    expect(response.toolCalls).toEqual([
      { id: "0", name: "get_weather", input: { city: "Berlin", unit: "c" } },
    ]);
  });

  it("reports a too-long input (422) as context_length_exceeded", async () => {
    const server = await startFakeServer([jsonFixtureReply("tgi/error-422-context.json", 422)]);
    await using _ = server;
    const error = await rejection(huggingface({ model: "tgi", endpointUrl: server.url }).generate(ask));
    expect(error).toMatchObject({ code: "context_length_exceeded", status: 422 });
  });
});

describe("huggingface() failures", () => {
  it("refused token: authentication, naming HF_TOKEN", async () => {
    const { server, model } = await hf([jsonFixtureReply("huggingface/router-error-401.json", 401)]);
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "authentication",
      status: 401,
      message: expect.stringMatching(/Invalid credentials in Authorization header[\s\S]*HF_TOKEN/),
    });
  });

  it("reads Retry-After although the library's errors drop headers", async () => {
    const overloaded = jsonFixtureReply("tgi/error-429-overloaded.json", 429, { "retry-after": "120" });
    const { server, model } = await hf([overloaded, jsonFixtureReply("huggingface/router-chat-text.json")], {
      maxRetryDelayMs: 5_000,
    });
    await using _ = server;
    // 120 s is past maxRetryDelayMs, so no retry: proof the header was seen.
    expect(await rejection(model.generate(ask))).toMatchObject({ code: "rate_limited", retryable: true });
    expect(server.requests).toHaveLength(1);
  });

  it("retries 503 under this package's policy, not the library's endless one", async () => {
    const unavailable = { json: { error: "Service Unavailable" }, status: 503 };
    const { server, model } = await hf([unavailable, unavailable, unavailable, unavailable], {
      maxRetries: 2,
    });
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({ code: "server_error", status: 503 });
    expect(server.requests).toHaveLength(3);
  });

  it("reports a stream cut mid-answer as a retryable network error", async () => {
    const { server, model } = await hf([
      { sse: fixture("huggingface/router-stream-text.sse"), dropAfter: 3 },
    ]);
    await using _ = server;
    const { parts, error } = await collect(model.stream(ask));
    expect(streamedText(parts)).toBe("Bonjour from");
    expect(error).toMatchObject({ code: "network", retryable: true });
  });

  it("shares the stop fallback with openai()", async () => {
    const rejected = jsonFixtureReply("openai/error-400-stop.json", 400);
    const { server, model } = await hf([rejected, jsonFixtureReply("huggingface/router-chat-text.json")]);
    await using _ = server;
    const response = await model.generate({ ...ask, stop: [" from"] });
    expect(response).toMatchObject({ text: "Bonjour", finishReason: "stop" });
    expect(server.requests[1]?.body).not.toHaveProperty("stop");
  });

  it("rejects a provider the library does not know, listing the ones it does", async () => {
    const { server, model } = await hf([], { provider: "no-such-provider" });
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "invalid_request",
      retryable: false,
      message: expect.stringMatching(/no-such-provider[\s\S]*cerebras/),
    });
    expect(server.requests).toHaveLength(0);
  });

  it("explains a missing token and rejects provider with endpointUrl", () => {
    vi.stubEnv("HF_TOKEN", "");
    expect(() => huggingface({ model: "m/m" })).toThrow(
      expect.objectContaining({
        code: "missing_api_key",
        message: expect.stringMatching(/HF_TOKEN[\s\S]*endpointUrl/),
      }),
    );
    expect(() => huggingface({ model: "m", provider: "groq", endpointUrl: "http://127.0.0.1:1" })).toThrow(
      expect.objectContaining({ code: "invalid_request" }),
    );
  });
});
