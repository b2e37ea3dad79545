import { APICallError, LoadAPIKeyError } from "@ai-sdk/provider";
import { AbortError, type ModelRequest } from "@codeact/core";
import { MockLanguageModelV3 } from "ai/test";
import { MockLanguageModelV2 } from "ai-v5/test";
import { describe, expect, it } from "vitest";
import { streamOf, usageV3, v2Model, v3Model, v4Model } from "../test-utils/ai-sdk-models.js";
import { collect, finished, rejection, streamedText } from "../test-utils/collect.js";
import { fromAISDK } from "./from-ai-sdk.js";

const ask: ModelRequest = { messages: [{ role: "user", content: "Weather in Paris?" }] };
const fast = { initialRetryDelayMs: 1 };

describe("fromAISDK() with each specification version", () => {
  it("v2: text, reasoning, a tool call and flat usage", async () => {
    const model = v2Model({
      generate: async () => ({
        content: [
          { type: "reasoning", text: "Need the weather." },
          { type: "text", text: "Let me check." },
          { type: "tool-call", toolCallId: "t1", toolName: "get_weather", input: '{"city":"Paris"}' },
        ],
        finishReason: "tool-calls",
        usage: { inputTokens: 50, outputTokens: 12, totalTokens: 62, cachedInputTokens: 32 },
        warnings: [],
      }),
    });
    const codeact = fromAISDK(model);
    expect(codeact.modelId).toBe("v2-model");
    expect(await codeact.generate(ask)).toEqual({
      text: "Let me check.",
      toolCalls: [{ id: "t1", name: "get_weather", input: { city: "Paris" } }],
      finishReason: "tool-calls",
      usage: { inputTokens: 50, outputTokens: 12, cachedInputTokens: 32 },
      reasoning: "Need the weather.",
    });
  });

  it("v3: streams text, keeps reasoning apart, streams tool input, reads nested usage", async () => {
    const model = v3Model({
      stream: [
        { type: "stream-start", warnings: [] },
        { type: "response-metadata", id: "r1", modelId: "v3-model" },
        { type: "reasoning-start", id: "r" },
        { type: "reasoning-delta", id: "r", delta: "Think " },
        { type: "reasoning-delta", id: "r", delta: "first." },
        { type: "reasoning-end", id: "r" },
        { type: "text-start", id: "t" },
        { type: "text-delta", id: "t", delta: "Checking " },
        { type: "text-delta", id: "t", delta: "Paris." },
        { type: "text-end", id: "t" },
        { type: "tool-input-start", id: "call_9", toolName: "get_weather" },
        { type: "tool-input-delta", id: "call_9", delta: '{"city":' },
        { type: "tool-input-delta", id: "call_9", delta: '"Paris"}' },
        { type: "tool-input-end", id: "call_9" },
        { type: "tool-call", toolCallId: "call_9", toolName: "get_weather", input: '{"city":"Paris"}' },
        {
          type: "finish",
          finishReason: { unified: "tool-calls", raw: "tool_use" },
          usage: usageV3(80, 20, 64),
        },
      ],
    });
    const { parts, error } = await collect(fromAISDK(model).stream(ask));
    expect(error).toBeUndefined();
    expect(parts.filter((part) => part.type !== "finish")).toEqual([
      { type: "text-delta", delta: "Checking " },
      { type: "text-delta", delta: "Paris." },
      { type: "tool-call-delta", id: "call_9", name: "get_weather", inputDelta: '{"city":' },
      { type: "tool-call-delta", id: "call_9", inputDelta: '"Paris"}' },
    ]);
    expect(finished(parts)).toEqual({
      text: "Checking Paris.",
      toolCalls: [{ id: "call_9", name: "get_weather", input: { city: "Paris" } }],
      finishReason: "tool-calls",
      usage: { inputTokens: 80, outputTokens: 20, cachedInputTokens: 64 },
      reasoning: "Think first.",
    });
  });

  it("v4: skips parts codeact has no use for (ping, custom) and maps `interrupted`", async () => {
    const model = v4Model({
      stream: [
        { type: "stream-start", warnings: [] },
        { type: "ping" },
        { type: "text-delta", id: "t", delta: "Partial" },
        { type: "custom", kind: "test.note" },
        { type: "finish", finishReason: { unified: "interrupted", raw: undefined }, usage: usageV3(5, 1) },
      ],
      generate: async () => ({
        content: [{ type: "text", text: "Hello" }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: usageV3(5, 1),
        warnings: [],
      }),
    });
    const { parts } = await collect(fromAISDK(model).stream(ask));
    expect(finished(parts)).toMatchObject({
      text: "Partial",
      finishReason: "other",
      usage: { inputTokens: 5, outputTokens: 1 },
    });
    expect(await fromAISDK(model).generate(ask)).toMatchObject({ text: "Hello", finishReason: "stop" });
  });

  it("refuses a model of an older specification with a clear error", () => {
    const v1 = {
      specificationVersion: "v1",
      provider: "old",
      modelId: "m",
      doGenerate: async () => ({}),
      doStream: async () => ({}),
    };
    expect(() => fromAISDK(v1)).toThrow(
      expect.objectContaining({
        code: "invalid_request",
        message: expect.stringMatching(/v2, v3 or v4[\s\S]*"v1"/),
      }),
    );
  });
});

describe("fromAISDK() requests", () => {
  it("sends the conversation as an AI SDK prompt, with tool names on results and the settings", async () => {
    const model = v3Model({
      generate: async () => ({
        content: [{ type: "text", text: "done" }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: usageV3(1, 1),
        warnings: [],
      }),
    });
    const schema = { type: "object", properties: { city: { type: "string" } } };
    await fromAISDK(model, { headers: { "x-trace": "1" } }).generate({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Paris and Rome?" },
        {
          role: "assistant",
          content: "",
          toolCalls: [
            { id: "a", name: "get_weather", input: { city: "Paris" } },
            { id: "b", name: "get_forecast", input: { city: "Rome" } },
          ],
        },
        { role: "tool", callId: "a", content: "21C" },
        { role: "tool", callId: "b", content: "sunny" },
      ],
      tools: [{ name: "get_weather", description: "Weather.", inputSchema: schema }],
      stop: ["Observation:"],
      temperature: 0.3,
      maxOutputTokens: 99,
      responseFormat: { type: "json_schema", schema },
    });
    const { abortSignal, ...options } = model.calls[0]!;
    expect(abortSignal).toBeInstanceOf(AbortSignal);
    expect(options).toEqual({
      prompt: [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "Weather in Paris and Rome?" }] },
        {
          role: "assistant",
          content: [
            { type: "tool-call", toolCallId: "a", toolName: "get_weather", input: { city: "Paris" } },
            { type: "tool-call", toolCallId: "b", toolName: "get_forecast", input: { city: "Rome" } },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "a",
              toolName: "get_weather",
              output: { type: "text", value: "21C" },
            },
            {
              type: "tool-result",
              toolCallId: "b",
              toolName: "get_forecast",
              output: { type: "text", value: "sunny" },
            },
          ],
        },
      ],
      maxOutputTokens: 99,
      temperature: 0.3,
      stopSequences: ["Observation:"],
      tools: [{ type: "function", name: "get_weather", description: "Weather.", inputSchema: schema }],
      toolChoice: { type: "auto" },
      responseFormat: { type: "json", schema },
      headers: { "x-trace": "1" },
    });
  });

  it("cuts at the stop sequence when a provider ignores it", async () => {
    const model = v3Model({
      stream: [
        { type: "text-delta", id: "t", delta: "```js\nfinal_answer(1)\n```\nObserv" },
        { type: "text-delta", id: "t", delta: "ation: 1" },
        { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: usageV3(3, 9) },
      ],
    });
    const { parts } = await collect(fromAISDK(model).stream({ ...ask, stop: ["Observation:"] }));
    expect(streamedText(parts)).toBe("```js\nfinal_answer(1)\n```\n");
    expect(finished(parts).text).toBe("```js\nfinal_answer(1)\n```\n");
  });

  it("leaves tools the provider ran itself out of the tool calls", async () => {
    const model = v3Model({
      generate: async () => ({
        content: [
          {
            type: "tool-call",
            toolCallId: "s1",
            toolName: "web_search",
            input: "{}",
            providerExecuted: true,
          },
          { type: "text", text: "Found it." },
        ],
        finishReason: { unified: "stop", raw: "stop" },
        usage: usageV3(1, 1),
        warnings: [],
      }),
    });
    expect(await fromAISDK(model).generate(ask)).toMatchObject({
      text: "Found it.",
      toolCalls: [],
      finishReason: "stop",
    });
  });
});

describe("fromAISDK() with the AI SDK's own mock models", () => {
  it("MockLanguageModelV2 (ai 5)", async () => {
    const model = new MockLanguageModelV2({
      doGenerate: {
        content: [{ type: "text", text: "Hi from v2" }],
        finishReason: "stop",
        usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
        warnings: [],
      },
    });
    expect(await fromAISDK(model).generate(ask)).toEqual({
      text: "Hi from v2",
      toolCalls: [],
      finishReason: "stop",
      usage: { inputTokens: 3, outputTokens: 4 },
    });
    expect(model.doGenerateCalls[0]?.prompt).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
    ]);
  });

  it("MockLanguageModelV3 (ai 6), streaming", async () => {
    const model = new MockLanguageModelV3({
      doStream: {
        stream: streamOf([
          { type: "text-start", id: "1" },
          { type: "text-delta", id: "1", delta: "Hi " },
          { type: "text-delta", id: "1", delta: "from v3" },
          { type: "text-end", id: "1" },
          { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: usageV3(2, 3) },
        ]),
      },
    });
    const { parts } = await collect(fromAISDK(model).stream(ask));
    expect(streamedText(parts)).toBe("Hi from v3");
    expect(finished(parts).usage).toEqual({ inputTokens: 2, outputTokens: 3 });
    expect(model.doStreamCalls).toHaveLength(1);
  });
});

describe("fromAISDK() failures", () => {
  const callError = (
    statusCode: number | undefined,
    extra: Partial<ConstructorParameters<typeof APICallError>[0]> = {},
  ) =>
    new APICallError({
      message: `HTTP ${statusCode}`,
      url: "https://api.example.com",
      requestBodyValues: {},
      statusCode,
      ...extra,
    });

  it("retries a 429 APICallError, honouring its Retry-After header", async () => {
    let calls = 0;
    const model = v3Model({
      generate: async () => {
        calls++;
        if (calls === 1) throw callError(429, { responseHeaders: { "retry-after": "120" } });
        return {
          content: [{ type: "text", text: "ok" }],
          finishReason: { unified: "stop", raw: "stop" },
          usage: usageV3(1, 1),
          warnings: [],
        };
      },
    });
    // Past maxRetryDelayMs: not retried, which shows the header was read.
    expect(
      await rejection(fromAISDK(model, { ...fast, maxRetryDelayMs: 1_000 }).generate(ask)),
    ).toMatchObject({ code: "rate_limited", status: 429 });
    expect(await fromAISDK(model, fast).generate(ask)).toMatchObject({ text: "ok" });
    expect(calls).toBe(2);
  });

  it("maps status codes and the provider's error body", async () => {
    const fails = (error: Error) => v3Model({ generate: async () => Promise.reject(error) });
    const anthropicContext = callError(400, {
      data: {
        type: "error",
        error: {
          type: "invalid_request_error",
          message: "prompt is too long: 210000 tokens > 200000 maximum",
        },
      },
    });
    expect(await rejection(fromAISDK(fails(callError(401))).generate(ask))).toMatchObject({
      code: "authentication",
      message: expect.stringMatching(/^The AI SDK provider "test-v3" refused the credentials \(401\)/),
    });
    expect(await rejection(fromAISDK(fails(anthropicContext)).generate(ask))).toMatchObject({
      code: "context_length_exceeded",
      message: expect.stringMatching(/prompt is too long/),
    });
    const overloaded = callError(529, {
      data: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    });
    expect(await rejection(fromAISDK(fails(overloaded), { maxRetries: 0 }).generate(ask))).toMatchObject({
      code: "server_error",
      retryable: true,
    });
  });

  it("reports a missing provider key and a failed connection", async () => {
    const missing = new LoadAPIKeyError({
      message:
        "Anthropic API key is missing. Pass it using the 'apiKey' parameter or the ANTHROPIC_API_KEY environment variable.",
    });
    const noKey = v3Model({ generate: async () => Promise.reject(missing) });
    expect(await rejection(fromAISDK(noKey).generate(ask))).toMatchObject({
      code: "missing_api_key",
      message: expect.stringMatching(/ANTHROPIC_API_KEY/),
    });
    const offline = v3Model({
      generate: async () =>
        Promise.reject(callError(undefined, { isRetryable: true, cause: new TypeError("fetch failed") })),
    });
    expect(await rejection(fromAISDK(offline, { maxRetries: 0 }).generate(ask))).toMatchObject({
      code: "network",
      retryable: true,
    });
  });

  it("throws an error part from the stream", async () => {
    const model = v3Model({
      stream: [
        { type: "text-delta", id: "t", delta: "Hal" },
        {
          type: "error",
          error: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
        },
      ],
    });
    const { parts, error } = await collect(fromAISDK(model).stream(ask));
    expect(streamedText(parts)).toBe("Hal");
    expect(error).toMatchObject({ code: "server_error", message: expect.stringMatching(/Overloaded/) });
  });

  it("cancels at once a call that ignores its abort signal", async () => {
    const controller = new AbortController();
    // The call has started when the provider is asked: abort then, and never answer.
    const model = v3Model({
      generate: () => {
        queueMicrotask(() => controller.abort());
        return new Promise(() => {});
      },
    });
    expect(
      AbortError.isInstance(await rejection(fromAISDK(model).generate(ask, { signal: controller.signal }))),
    ).toBe(true);
  });
});
