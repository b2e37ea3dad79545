import type { ModelRequest } from "@codeact/core";
import { startFakeServer } from "@codeact/test-utils";
import OpenAI from "openai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { collect, finished } from "../test-utils/collect.js";
import { fixture, jsonFixtureReply } from "../test-utils/fixtures.js";
import { openai } from "./openai.js";
import type { OpenAIClientLike } from "./openai-client.js";

const ask: ModelRequest = { messages: [{ role: "user", content: "Capital of France?" }] };

/** A fetch that sends requests for api.openai.com to the local server instead. */
const redirect =
  (url: string): typeof fetch =>
  (input, init) =>
    fetch(String(input).replace("https://api.openai.com", url), init);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("openai() over Chat Completions", () => {
  it("returns text, finish reason and usage with cached input tokens", async () => {
    await using server = await startFakeServer([jsonFixtureReply("openai/chat-text.json")]);
    const model = openai({ model: "gpt-4.1-mini", baseURL: `${server.url}/v1` });
    expect(model.modelId).toBe("gpt-4.1-mini");
    const response = await model.generate(ask);
    expect(response).toEqual({
      text: "The capital of France is Paris.",
      toolCalls: [],
      finishReason: "stop",
      usage: { inputTokens: 1203, outputTokens: 8, cachedInputTokens: 1024 },
    });
    expect(server.requests[0]).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
  });

  it("sends messages with tool calls and results, tools, stop, temperature, length limit and schema", async () => {
    await using server = await startFakeServer([jsonFixtureReply("openai/chat-text.json")]);
    const model = openai({ model: "gpt-4.1-mini", baseURL: `${server.url}/v1`, extraBody: { top_p: 0.5 } });
    const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    await model.generate({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Paris?" },
        {
          role: "assistant",
          content: "",
          toolCalls: [{ id: "call_1", name: "get_weather", input: { city: "Paris" } }],
        },
        { role: "tool", callId: "call_1", content: '{"tempC":21}' },
        {
          role: "assistant",
          content: "Checking again.",
          toolCalls: [{ id: "call_2", name: "get_weather", input: '{"ci' }],
        },
        { role: "tool", callId: "call_2", content: "Error: Invalid input" },
      ],
      tools: [{ name: "get_weather", description: "Current weather.", inputSchema: schema }],
      stop: ["Observation:"],
      temperature: 0.2,
      maxOutputTokens: 300,
      responseFormat: { type: "json_schema", schema },
    });
    expect(server.requests[0]?.body).toEqual({
      top_p: 0.5,
      model: "gpt-4.1-mini",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Paris?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"tempC":21}' },
        {
          role: "assistant",
          content: "Checking again.",
          tool_calls: [
            { id: "call_2", type: "function", function: { name: "get_weather", arguments: '{"ci' } },
          ],
        },
        { role: "tool", tool_call_id: "call_2", content: "Error: Invalid input" },
      ],
      tools: [
        {
          type: "function",
          function: { name: "get_weather", description: "Current weather.", parameters: schema },
        },
      ],
      stop: ["Observation:"],
      temperature: 0.2,
      max_tokens: 300,
      response_format: { type: "json_schema", json_schema: { name: "response", schema } },
    });
  });

  it("sends tool_choice none with the tools for a request that must answer in text", async () => {
    await using server = await startFakeServer([jsonFixtureReply("openai/chat-text.json")]);
    const model = openai({ model: "gpt-4.1-mini", baseURL: `${server.url}/v1` });
    const tools = [{ name: "get_weather", description: "Current weather.", inputSchema: { type: "object" } }];
    await model.generate({ ...ask, tools, toolChoice: "none" });
    expect(server.requests[0]?.body).toMatchObject({ tool_choice: "none", tools: [{ type: "function" }] });
  });

  it("parses parallel tool calls", async () => {
    await using server = await startFakeServer([jsonFixtureReply("openai/chat-tool-calls.json")]);
    const response = await openai({ model: "gpt-4.1-mini", baseURL: `${server.url}/v1` }).generate(ask);
    expect(response.finishReason).toBe("tool-calls");
    expect(response.text).toBe("");
    expect(response.toolCalls).toEqual([
      { id: "call_Vb0m8QeYd5Rk2sTn4Lp1XcZa", name: "get_weather", input: { city: "Paris" } },
      { id: "call_Jh3Wn6Tq9Ys1Lc4Rm7Pk2VdB", name: "get_weather", input: { city: "Rome", unit: "c" } },
    ]);
  });

  it("streams text deltas and takes usage from the usage-only final chunk", async () => {
    await using server = await startFakeServer([
      { sse: fixture("openai/stream-text.sse"), splitEvents: true },
    ]);
    const { parts, error } = await collect(
      openai({ model: "gpt-4.1-mini", baseURL: `${server.url}/v1` }).stream(ask),
    );
    expect(error).toBeUndefined();
    expect(parts.filter((part) => part.type === "text-delta").map((part) => part.delta)).toEqual([
      "The",
      " capital",
      " of",
      " France",
      " is",
      " Paris",
      ".",
    ]);
    expect(finished(parts)).toEqual({
      text: "The capital of France is Paris.",
      toolCalls: [],
      finishReason: "stop",
      usage: { inputTokens: 1203, outputTokens: 8, cachedInputTokens: 1024 },
    });
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("assembles tool calls whose arguments arrive split across chunks", async () => {
    await using server = await startFakeServer([{ sse: fixture("openai/stream-tool-calls.sse") }]);
    const { parts } = await collect(
      openai({ model: "gpt-4.1-mini", baseURL: `${server.url}/v1` }).stream(ask),
    );
    const deltas = parts.filter((part) => part.type === "tool-call-delta");
    expect(deltas[0]).toEqual({
      type: "tool-call-delta",
      id: "call_Vb0m8QeYd5Rk2sTn4Lp1XcZa",
      name: "get_weather",
      inputDelta: "",
    });
    expect(
      deltas
        .filter((part) => part.id === "call_Jh3Wn6Tq9Ys1Lc4Rm7Pk2VdB")
        .map((part) => part.inputDelta)
        .join(""),
    ).toBe('{"city": "Rome", "unit": "c"}');
    expect(deltas.filter((part) => part.name !== undefined)).toHaveLength(2);
    expect(finished(parts)).toMatchObject({
      finishReason: "tool-calls",
      toolCalls: [
        { id: "call_Vb0m8QeYd5Rk2sTn4Lp1XcZa", name: "get_weather", input: { city: "Paris" } },
        { id: "call_Jh3Wn6Tq9Ys1Lc4Rm7Pk2VdB", name: "get_weather", input: { city: "Rome", unit: "c" } },
      ],
      usage: { inputTokens: 91, outputTokens: 48, cachedInputTokens: 0 },
    });
  });

  it("counts a response without a usage block as zero tokens", async () => {
    await using server = await startFakeServer([
      {
        json: {
          choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
        },
      },
      {
        sse: 'data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
      },
    ]);
    const model = openai({ model: "m", baseURL: `${server.url}/v1` });
    expect((await model.generate(ask)).usage).toEqual({ inputTokens: 0, outputTokens: 0 });
    expect(finished((await collect(model.stream(ask))).parts).usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
    });
  });

  it("keeps tool arguments that are not valid JSON as the raw string", async () => {
    await using server = await startFakeServer([
      {
        json: {
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: null,
                tool_calls: [
                  { id: "c1", type: "function", function: { name: "add", arguments: '{"a": 1,' } },
                ],
              },
              finish_reason: "tool_calls",
            },
          ],
        },
      },
    ]);
    const response = await openai({ model: "m", baseURL: `${server.url}/v1` }).generate(ask);
    expect(response.toolCalls).toEqual([{ id: "c1", name: "add", input: '{"a": 1,' }]);
  });
});

describe("openai() configuration", () => {
  it("sends no Authorization header to a local server when there is no key", async () => {
    await using server = await startFakeServer([jsonFixtureReply("openai/chat-text.json")]);
    vi.stubEnv("OPENAI_API_KEY", "");
    await openai({ model: "llama3.2", baseURL: `${server.url}/v1` }).generate(ask);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("reads OPENAI_API_KEY and OPENAI_BASE_URL, and sends extra headers", async () => {
    await using server = await startFakeServer([jsonFixtureReply("openai/chat-text.json")]);
    vi.stubEnv("OPENAI_API_KEY", "sk-from-env");
    vi.stubEnv("OPENAI_BASE_URL", `${server.url}/v1`);
    await openai({ model: "m", headers: { "x-gateway": "team-a" } }).generate(ask);
    expect(server.requests[0]?.headers).toMatchObject({
      authorization: "Bearer sk-from-env",
      "x-gateway": "team-a",
    });
  });

  it("uses max_completion_tokens on OpenAI's own API and max_tokens elsewhere", async () => {
    await using server = await startFakeServer(() => jsonFixtureReply("openai/chat-text.json"));
    const request = { ...ask, maxOutputTokens: 50 };
    await openai({ model: "gpt-5-mini", apiKey: "sk-test", fetch: redirect(server.url) }).generate(request);
    await openai({ model: "llama3.2", baseURL: `${server.url}/v1` }).generate(request);
    await openai({
      model: "m",
      baseURL: `${server.url}/v1`,
      maxTokensParameter: "max_completion_tokens",
    }).generate(request);
    expect(
      server.requests.map((item) => Object.keys(item.body as object).filter((key) => key.startsWith("max"))),
    ).toEqual([["max_completion_tokens"], ["max_tokens"], ["max_completion_tokens"]]);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-test");
  });

  it("explains a missing key: which variable to set and how to use a local server instead", () => {
    vi.stubEnv("OPENAI_API_KEY", "");
    vi.stubEnv("OPENAI_BASE_URL", "");
    expect(() => openai({ model: "gpt-4.1-mini" })).toThrow(
      expect.objectContaining({
        name: "ModelError",
        code: "missing_api_key",
        message: expect.stringMatching(/OPENAI_API_KEY[\s\S]*baseURL[\s\S]*localhost:11434/),
      }),
    );
  });

  it("uses a client the user built (openai 6 here), with its retries turned off per request", async () => {
    await using server = await startFakeServer([
      jsonFixtureReply("openai/error-500.json", 500),
      jsonFixtureReply("openai/chat-text.json"),
    ]);
    const client = new OpenAI({ apiKey: "sk-user", fetch: redirect(server.url), maxRetries: 5 });
    const clientLike: OpenAIClientLike = client;
    const model = openai({ model: "gpt-4.1-mini", client: clientLike, maxRetries: 0 });
    await expect(model.generate({ ...ask, maxOutputTokens: 5 })).rejects.toMatchObject({
      code: "server_error",
    });
    expect(server.requests).toHaveLength(1);
    await model.generate(ask);
    expect(server.requests[1]?.headers.authorization).toBe("Bearer sk-user");
    expect(server.requests[0]?.body).toMatchObject({ max_completion_tokens: 5 });
  });
});
