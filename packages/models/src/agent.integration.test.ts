import { type AgentEvent, CodeAgent, ToolCallingAgent, tool } from "@codeact/core";
import { QuickJSExecutor } from "@codeact/executors";
import { openAIStream, type RecordedRequest, type Reply, startFakeServer } from "@codeact/test-utils";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { huggingface } from "./huggingface/huggingface.js";
import { openai } from "./openai/openai.js";
import { jsonFixtureReply } from "./test-utils/fixtures.js";

const temperatures: Record<string, number> = { Paris: 19, Rome: 24, Oslo: 8 };
const getWeather = tool({
  name: "get_weather",
  description: "Current temperature of a city in degrees Celsius.",
  inputSchema: z.object({ city: z.string() }),
  outputSchema: z.object({ city: z.string(), tempC: z.number() }),
  execute: async ({ city }) => ({ city, tempC: temperatures[city] ?? 0 }),
});

type Message = { role: string; content: string | null; tool_call_id?: string };
const messagesOf = (request: RecordedRequest) => (request.body as { messages: Message[] }).messages;

/** Step n of the conversation is the n-th chat request; anything else is a scripting mistake. */
function scripted(steps: ((request: RecordedRequest) => Reply)[]) {
  let step = 0;
  return (request: RecordedRequest): Reply => {
    if (request.path !== "/v1/chat/completions")
      return { json: { error: { message: "wrong path" } }, status: 404 };
    const reply = steps[step++];
    return reply ? reply(request) : { json: { error: { message: "the script is over" } }, status: 500 };
  };
}

async function collectRun(run: ReturnType<CodeAgent["stream"]>) {
  const events: AgentEvent[] = [];
  for await (const event of run) events.push(event);
  return { events, result: await run.result };
}

describe("a CodeAgent driven by openai() against a local OpenAI-compatible server", () => {
  it("streams a multi-step task: code runs, observations go back, the answer comes out", async () => {
    await using server = await startFakeServer(
      scripted([
        () => ({
          sse: openAIStream({
            text:
              "Thought: I need both temperatures.\n```js\n" +
              "const cities = ['Paris', 'Rome', 'Oslo'];\n" +
              "const reports = await Promise.all(cities.map((city) => get_weather({ city })));\n" +
              "console.log(reports.map((r) => r.city + '=' + r.tempC).join(' '));\n```\n" +
              // A model that ignores stop sequences invents the observation; it must be cut.
              "Observation: Paris=99",
            usage: { prompt: 900, completion: 60, cached: 0 },
          }),
        }),
        (request) => {
          const observation = messagesOf(request).at(-1)?.content ?? "";
          const warmest = observation.includes("Rome=24") ? "Rome" : "unknown";
          return {
            sse: openAIStream({
              text: `Thought: ${warmest} is warmest.\n\`\`\`js\nconst warmest = reports.reduce((a, b) => (b.tempC > a.tempC ? b : a));\nfinal_answer(warmest.city)\n\`\`\``,
              usage: { prompt: 1100, completion: 40, cached: 896 },
            }),
            splitEvents: true,
          };
        },
      ]),
    );
    const model = openai({ model: "qwen2.5-coder", baseURL: `${server.url}/v1` });
    const agent = new CodeAgent({
      model,
      executor: new QuickJSExecutor({ timeoutMs: 5_000 }),
      tools: [getWeather],
    });
    const { events, result } = await collectRun(agent.stream("Which of Paris, Rome and Oslo is warmest?"));

    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ status: "success", output: "Rome" });
    expect(result.usage).toEqual({ inputTokens: 2000, outputTokens: 100, cachedInputTokens: 896 });

    // Streamed text reached the agent's text-delta events, step by step, without the invented observation.
    const streamed = (step: number) =>
      events
        .filter((event) => event.type === "text-delta" && event.step === step)
        .map((event) => (event.type === "text-delta" ? event.delta : ""))
        .join("");
    expect(streamed(1)).toMatch(/^Thought: I need both temperatures\.\n```js\n[\s\S]*```\n$/);
    expect(streamed(1)).not.toContain("Observation: Paris=99");
    expect(streamed(2)).toContain("final_answer(warmest.city)");

    // The real observation (from QuickJS running the code) went back to the server.
    expect(server.requests).toHaveLength(2);
    const second = messagesOf(server.requests[1]!);
    expect(second.at(-1)?.content).toContain("Paris=19 Rome=24 Oslo=8");
    expect(second.at(-2)).toEqual({
      role: "assistant",
      content: expect.not.stringContaining("Observation: Paris=99"),
    });
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stop: ["Observation:"] });
    expect(events.filter((event) => event.type === "tool-call")).toHaveLength(3);
  });

  it("keeps working when the model rejects `stop`", async () => {
    await using server = await startFakeServer(
      scripted([
        () => jsonFixtureReply("openai/error-400-stop.json", 400),
        () => ({ sse: openAIStream({ text: "```js\nfinal_answer(6 * 7)\n```\nObservation: 42" }) }),
      ]),
    );
    const model = openai({ model: "o4-mini", baseURL: `${server.url}/v1` });
    const agent = new CodeAgent({ model, executor: new QuickJSExecutor() });
    const result = await agent.run("What is 6 times 7?");
    expect(result).toMatchObject({ status: "success", output: 42 });
    expect(server.requests[1]?.body).not.toHaveProperty("stop");
  });

  it("ends the run with a typed error the caller can read", async () => {
    await using server = await startFakeServer(
      scripted([() => jsonFixtureReply("openai/error-401.json", 401)]),
    );
    const model = openai({ model: "gpt-4.1-mini", baseURL: `${server.url}/v1`, apiKey: "sk-wrong" });
    const result = await new CodeAgent({ model, executor: new QuickJSExecutor() }).run("Hi");
    expect(result).toMatchObject({ status: "error", error: { name: "ModelError", code: "authentication" } });
  });
});

describe("a ToolCallingAgent driven by huggingface() against a local endpoint", () => {
  it("streams native tool calls and sends the results back with their ids", async () => {
    await using server = await startFakeServer(
      scripted([
        () => ({
          sse: openAIStream({
            toolCalls: [
              { id: "call_a", name: "get_weather", arguments: '{"city":"Paris"}' },
              { id: "call_b", name: "get_weather", arguments: '{"city":"Oslo"}' },
            ],
          }),
        }),
        () => ({
          sse: openAIStream({
            toolCalls: [{ id: "call_c", name: "final_answer", arguments: '{"answer":"Paris"}' }],
          }),
        }),
      ]),
    );
    const model = huggingface({ model: "tgi", endpointUrl: `${server.url}/v1` });
    const result = await new ToolCallingAgent({ model, tools: [getWeather] }).run("Warmer: Paris or Oslo?");
    expect(result).toMatchObject({ status: "success", output: "Paris" });
    const sent = messagesOf(server.requests[1]!);
    expect(sent.slice(-3)).toMatchObject([
      { role: "assistant", content: null },
      { role: "tool", tool_call_id: "call_a", content: '{"city":"Paris","tempC":19}' },
      { role: "tool", tool_call_id: "call_b", content: '{"city":"Oslo","tempC":8}' },
    ]);
    expect(server.requests[0]?.body).toMatchObject({
      tools: [{ function: { name: "get_weather" } }, { function: { name: "final_answer" } }],
    });
  });
});
