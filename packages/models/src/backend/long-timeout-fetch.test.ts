import type { ModelRequest } from "@codeact/core";
import { startFakeServer } from "@codeact/test-utils";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { huggingface } from "../huggingface/huggingface.js";
import { openai } from "../openai/openai.js";
import { jsonFixtureReply } from "../test-utils/fixtures.js";
import { dispatcherTimeouts, longTimeoutFetch, NODE_FETCH_LIMIT_MS } from "./long-timeout-fetch.js";

// The real undici, recording the Agents made and what its fetch is handed.
const seen = vi.hoisted(() => ({ agents: [] as unknown[], inits: [] as Record<string, unknown>[] }));
vi.mock("undici", async (importOriginal) => {
  const actual = await importOriginal<typeof import("undici")>();
  class RecordingAgent extends actual.Agent {
    constructor(options: ConstructorParameters<typeof actual.Agent>[0]) {
      super(options);
      seen.agents.push(options);
    }
  }
  const fetch: typeof actual.fetch = (input, init) => {
    seen.inits.push({ ...init });
    return actual.fetch(input, init);
  };
  return { ...actual, Agent: RecordingAgent, fetch };
});
beforeEach(() => {
  seen.agents = [];
  seen.inits = [];
});

const ask: ModelRequest = { messages: [{ role: "user", content: "Hi" }] };
const minutes = (n: number) => n * 60_000;

async function answered(options: { timeoutMs: number; fetch?: typeof globalThis.fetch }) {
  await using server = await startFakeServer([jsonFixtureReply("openai/chat-text.json")]);
  const model = openai({ model: "gpt-4.1-mini", baseURL: `${server.url}/v1`, apiKey: "sk-test", ...options });
  return (await model.generate(ask)).text;
}

describe("long timeouts on Node", () => {
  it("waits for headers and between body chunks a little longer than timeoutMs", () => {
    expect(dispatcherTimeouts(minutes(15))).toEqual({ headersTimeout: 905_000, bodyTimeout: 905_000 });
    expect(NODE_FETCH_LIMIT_MS).toBe(300_000);
  });

  it("sends a request past Node's 300 s limits through undici with an Agent set from the timeout", async () => {
    expect(await answered({ timeoutMs: minutes(15) })).toBe("The capital of France is Paris.");
    expect(seen.agents).toEqual([{ headersTimeout: 905_000, bodyTimeout: 905_000 }]);
    expect(seen.inits).toHaveLength(1);
    expect(seen.inits[0]?.dispatcher).toBeDefined();
    expect(seen.inits[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it("does the same for huggingface(), whose requests go through the same fetch on every route", async () => {
    await using server = await startFakeServer([
      jsonFixtureReply("tgi/chat-tool-call.json"),
      jsonFixtureReply("huggingface/router-chat-text.json"),
    ]);
    const endpoint = huggingface({ model: "tgi", endpointUrl: server.url, timeoutMs: minutes(15) });
    expect((await endpoint.generate(ask)).toolCalls).toHaveLength(1);
    expect(seen.agents).toEqual([{ headersTimeout: 905_000, bodyTimeout: 905_000 }]);
    expect(seen.inits[0]?.dispatcher).toBeDefined();
    const short = huggingface({ model: "tgi", endpointUrl: server.url, timeoutMs: minutes(4) });
    expect((await short.generate(ask)).text).toBe("Bonjour from the router.");
    expect(seen.inits).toHaveLength(1);
  });

  it("makes one Agent per model, on its first request", async () => {
    await using server = await startFakeServer([
      jsonFixtureReply("openai/chat-text.json"),
      jsonFixtureReply("openai/chat-text.json"),
    ]);
    const model = openai({ model: "m", baseURL: `${server.url}/v1`, timeoutMs: minutes(20) });
    expect(seen.agents).toHaveLength(0);
    await model.generate(ask);
    await model.generate(ask);
    expect(seen.agents).toEqual([{ headersTimeout: 1_205_000, bodyTimeout: 1_205_000 }]);
    expect(new Set(seen.inits.map((init) => init.dispatcher)).size).toBe(1);
  });

  it("keeps the global fetch when the timeout fits in Node's limits", async () => {
    expect(longTimeoutFetch(minutes(4))).toBeUndefined();
    expect(await answered({ timeoutMs: minutes(4) })).toBe("The capital of France is Paris.");
    expect(seen.inits).toHaveLength(0);
  });

  it("leaves a fetch the caller passed alone", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>((input, init) => globalThis.fetch(input, init));
    expect(await answered({ timeoutMs: minutes(15), fetch })).toBe("The capital of France is Paris.");
    expect(fetch).toHaveBeenCalledOnce();
    expect(fetch.mock.calls[0]?.[1]).not.toHaveProperty("dispatcher");
    expect(seen.inits).toHaveLength(0);
  });
});
