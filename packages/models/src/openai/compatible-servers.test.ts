import type { ModelRequest } from "@codeact/core";
import { type Reply, startFakeServer } from "@codeact/test-utils";
import { describe, expect, it } from "vitest";
import { collect, finished, rejection, streamedText } from "../test-utils/collect.js";
import { fixture, jsonFixtureReply } from "../test-utils/fixtures.js";
import { openai } from "./openai.js";

const ask: ModelRequest = { messages: [{ role: "user", content: "Hi" }], maxOutputTokens: 200 };

async function local(model: string, replies: Reply[]) {
  const server = await startFakeServer(replies);
  return { server, model: openai({ model, baseURL: `${server.url}/v1`, initialRetryDelayMs: 1 }) };
}

describe("vLLM", () => {
  it("streams reasoning_content apart from the answer and assembles a tool call", async () => {
    const { server, model } = await local("Qwen/Qwen3-8B", [
      { sse: fixture("vllm/stream-tool-call-reasoning.sse"), splitEvents: true },
    ]);
    await using _ = server;
    const { parts } = await collect(model.stream(ask));
    expect(streamedText(parts)).toBe("");
    expect(finished(parts)).toEqual({
      text: "",
      toolCalls: [{ id: "chatcmpl-tool-4b1f0c2e8d9a4e7b", name: "get_weather", input: { city: "Paris" } }],
      finishReason: "tool-calls",
      usage: { inputTokens: 312, outputTokens: 35, cachedInputTokens: 256 },
      reasoning: "The user wants Paris weather.",
    });
    expect(server.requests[0]?.body).toMatchObject({ max_tokens: 200 });
  });

  it("keeps reasoning_content out of the text of a whole answer", async () => {
    const { server, model } = await local("Qwen/Qwen3-8B", [jsonFixtureReply("vllm/chat-reasoning.json")]);
    await using _ = server;
    expect(await model.generate(ask)).toMatchObject({
      text: "4",
      reasoning: "Two plus two is four.",
      usage: { inputTokens: 18 },
    });
  });

  it("maps its errors: context too long (top-level error object) and unknown model", async () => {
    const { server, model } = await local("Qwen/Qwen3-32B", [
      jsonFixtureReply("vllm/error-400-context.json", 400),
      jsonFixtureReply("vllm/error-404-model.json", 404),
    ]);
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "context_length_exceeded",
      status: 400,
    });
    expect(await rejection(model.generate(ask))).toMatchObject({ code: "model_not_found", status: 404 });
  });
});

describe("llama.cpp server", () => {
  it("streams text with usage and timings in the finish chunk", async () => {
    const { server, model } = await local("qwen2.5-7b", [
      { sse: fixture("llama-cpp/stream-text.sse"), splitEvents: true },
    ]);
    await using _ = server;
    const { parts } = await collect(model.stream(ask));
    expect(streamedText(parts)).toBe("Hello! How can I help you today?");
    expect(finished(parts)).toMatchObject({
      finishReason: "stop",
      usage: { inputTokens: 27, outputTokens: 9 },
    });
  });

  it("assembles a streamed tool call", async () => {
    const { server, model } = await local("qwen2.5-7b", [{ sse: fixture("llama-cpp/stream-tool-call.sse") }]);
    await using _ = server;
    const { parts } = await collect(model.stream(ask));
    expect(finished(parts).toolCalls).toEqual([
      { id: "oFq7bV0yJmK2dWz9RcA4nXsT6uLhP3eI", name: "get_weather", input: { city: "Oslo" } },
    ]);
  });

  it("moves an inline <think> block into reasoning", async () => {
    const { server, model } = await local("Qwen3-8B", [jsonFixtureReply("llama-cpp/chat-think-inline.json")]);
    await using _ = server;
    expect(await model.generate(ask)).toMatchObject({
      text: "The answer is 4.",
      reasoning: "\nThe user asks for 2+2. That is 4.\n",
    });
  });

  it("retries while the model loads (503) and reports a full context", async () => {
    const { server, model } = await local("qwen2.5-7b", [
      jsonFixtureReply("llama-cpp/error-503-loading.json", 503),
      jsonFixtureReply("llama-cpp/error-400-context.json", 400),
    ]);
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "context_length_exceeded",
      message: expect.stringMatching(/exceeds the available context size/),
    });
    expect(server.requests).toHaveLength(2);
  });
});

describe("Ollama (/v1)", () => {
  it("streams text and takes usage from the final chunk", async () => {
    const { server, model } = await local("llama3.2", [{ sse: fixture("ollama/stream-text.sse") }]);
    await using _ = server;
    const { parts } = await collect(model.stream(ask));
    expect(finished(parts)).toEqual({
      text: "Paris is the capital of France.",
      toolCalls: [],
      finishReason: "stop",
      usage: { inputTokens: 31, outputTokens: 8 },
    });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("takes a tool call that arrives whole in one chunk", async () => {
    const { server, model } = await local("llama3.2", [{ sse: fixture("ollama/stream-tool-call.sse") }]);
    await using _ = server;
    const { parts } = await collect(model.stream(ask));
    expect(parts.filter((part) => part.type === "tool-call-delta")).toEqual([
      { type: "tool-call-delta", id: "call_7x2mq9rb", name: "get_weather", inputDelta: '{"city":"Lima"}' },
    ]);
    expect(finished(parts)).toMatchObject({
      toolCalls: [{ id: "call_7x2mq9rb", input: { city: "Lima" } }],
      finishReason: "tool-calls",
    });
  });

  it("keeps the `reasoning` field apart from the answer", async () => {
    const { server, model } = await local("qwen3:8b", [{ sse: fixture("ollama/stream-reasoning.sse") }]);
    await using _ = server;
    const { parts } = await collect(model.stream(ask));
    expect(finished(parts)).toMatchObject({ text: "4", reasoning: "Okay, 2+2 is 4." });
  });

  it("says to pull a model it does not have", async () => {
    const { server, model } = await local("llama9", [jsonFixtureReply("ollama/error-404-model.json", 404)]);
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "model_not_found",
      message: expect.stringMatching(
        /no model "llama9" \(404\): model "llama9" not found, try pulling it first/,
      ),
    });
  });
});

describe("Text Generation Inference (/v1)", () => {
  it("reads tool arguments sent as an object", async () => {
    const { server, model } = await local("tgi", [jsonFixtureReply("tgi/chat-tool-call.json")]);
    await using _ = server;
    expect((await model.generate(ask)).toolCalls).toEqual([
      { id: "0", name: "get_weather", input: { city: "Berlin", unit: "c" } },
    ]);
  });

  it("keeps the message of an `{ error: string }` body, which the openai SDK alone would mangle", async () => {
    const { server, model } = await local("tgi", [
      jsonFixtureReply("tgi/error-429-overloaded.json", 429, { "retry-after": "100" }),
    ]);
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(
        /rate limiting requests \(429\): Model is overloaded\. \(gave up after 1 attempt: the server asked to wait 100 s, more than the 60 s maxRetryDelayMs allows\)$/,
      ),
    });
  });
});
