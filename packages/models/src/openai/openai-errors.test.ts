import { AbortError, ModelError, type ModelRequest } from "@codeact/core";
import { openAIStream, type Reply, type Responder, startFakeServer } from "@codeact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RetryNotice } from "../retry/retry-notice.js";
import { collect, finished, rejection, streamedText } from "../test-utils/collect.js";
import { fixture, jsonFixtureReply } from "../test-utils/fixtures.js";
import { scriptedStream } from "../test-utils/scripted-stream.js";
import { type OpenAIOptions, openai } from "./openai.js";

// Backoff sleeps are recorded and skipped, so the waits chosen are checked without being waited
// out; a test that needs a sleep to really last sets `sleeps.real`.
const sleeps = vi.hoisted(() => ({ real: false, waits: [] as number[] }));
vi.mock("../async/abort.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../async/abort.js")>();
  return {
    ...actual,
    sleep(ms: number, signal: AbortSignal) {
      sleeps.waits.push(ms);
      return actual.sleep(sleeps.real ? ms : 0, signal);
    },
  };
});
beforeEach(() => {
  sleeps.real = false;
  sleeps.waits = [];
});
afterEach(() => {
  vi.useRealTimers();
});

const ask: ModelRequest = { messages: [{ role: "user", content: "Hi" }] };
const fast = { initialRetryDelayMs: 1, maxRetryDelayMs: 5_000 };
const textReply: Reply = jsonFixtureReply("openai/chat-text.json");

async function modelFor(replies: Reply[] | Responder, options: Partial<OpenAIOptions> = {}) {
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
  it("retries 5xx with backoff until it succeeds, telling onRetry before each wait", async () => {
    const error500 = jsonFixtureReply("openai/error-500.json", 500);
    const notices: RetryNotice[] = [];
    const { server, model } = await modelFor([error500, error500, textReply], {
      maxRetries: 2,
      initialRetryDelayMs: 100,
      onRetry: (notice) => notices.push(notice),
    });
    await using _ = server;
    expect((await model.generate(ask)).text).toBe("The capital of France is Paris.");
    expect(server.requests).toHaveLength(3);
    expect(notices).toMatchObject([
      { attempt: 2, maxAttempts: 3, status: 500, reason: "500 Internal Server Error" },
      { attempt: 3, maxAttempts: 3, status: 500, reason: "500 Internal Server Error" },
    ]);
    expect(notices[0]?.error).toMatchObject({ code: "server_error", status: 500 });
    // Jitter keeps each wait between half and all of the doubling backoff.
    expect(notices.map((notice) => notice.delayMs)).toEqual(sleeps.waits);
    expect(sleeps.waits[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps.waits[0]).toBeLessThanOrEqual(100);
    expect(sleeps.waits[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps.waits[1]).toBeLessThanOrEqual(200);
  });

  it("gives up after maxRetries with a retryable error that says how many attempts were made", async () => {
    const error500 = jsonFixtureReply("openai/error-500.json", 500);
    const { server, model } = await modelFor([error500, error500, error500, textReply], { maxRetries: 2 });
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "server_error",
      status: 500,
      retryable: true,
      message: expect.stringMatching(
        /^The server at .+ failed on its side \(500\): .+ \(gave up after 3 attempts\)$/,
      ),
    });
    expect(server.requests).toHaveLength(3);
  });

  it("says how many attempts a stream made before giving up", async () => {
    const error500 = jsonFixtureReply("openai/error-500.json", 500);
    const { server, model } = await modelFor([error500, error500], { maxRetries: 1 });
    await using _ = server;
    const { error } = await collect(model.stream(ask));
    expect(error).toMatchObject({
      code: "server_error",
      message: expect.stringMatching(/\(gave up after 2 attempts\)$/),
    });
  });

  it("honours Retry-After in seconds", async () => {
    const limited = jsonFixtureReply("openai/error-429-rate-limit.json", 429, { "retry-after": "1" });
    const onRetry = vi.fn();
    const { server, model } = await modelFor([limited, textReply], { onRetry });
    await using _ = server;
    await model.generate(ask);
    expect(sleeps.waits).toEqual([1_000]);
    expect(onRetry).toHaveBeenCalledWith(
      expect.objectContaining({ delayMs: 1_000, status: 429, reason: "429 Too Many Requests", attempt: 2 }),
    );
    expect(server.requests).toHaveLength(2);
  });

  it("honours Retry-After as an HTTP date", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2030-01-01T12:00:00Z") });
    const limited = jsonFixtureReply("openai/error-429-rate-limit.json", 429, {
      "retry-after": new Date("2030-01-01T12:00:03Z").toUTCString(),
    });
    const { server, model } = await modelFor([limited, textReply]);
    await using _ = server;
    await model.generate(ask);
    expect(sleeps.waits).toEqual([3_000]);
    expect(server.requests).toHaveLength(2);
  });

  it("does not wait for a Retry-After longer than maxRetryDelayMs", async () => {
    const limited = jsonFixtureReply("openai/error-429-rate-limit.json", 429, { "retry-after": "120" });
    const onRetry = vi.fn();
    const { server, model } = await modelFor([limited, textReply], { onRetry });
    await using _ = server;
    expect(await rejection(model.generate(ask))).toMatchObject({
      code: "rate_limited",
      status: 429,
      retryable: true,
      message: expect.stringMatching(
        /\(gave up after 1 attempt: the server asked to wait 120 s, more than the 5 s maxRetryDelayMs allows\)$/,
      ),
    });
    expect(sleeps.waits).toEqual([]);
    expect(onRetry).not.toHaveBeenCalled();
    expect(server.requests).toHaveLength(1);
  });

  it("ends the call with the error onRetry throws, without retrying", async () => {
    const error500 = jsonFixtureReply("openai/error-500.json", 500);
    const stop = new Error("no more waiting");
    const { server, model } = await modelFor([error500, textReply], {
      onRetry: () => {
        throw stop;
      },
    });
    await using _ = server;
    expect(await rejection(model.generate(ask))).toBe(stop);
    expect(server.requests).toHaveLength(1);
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
    expect(await rejection(model.generate(ask))).toMatchObject({ code: "timeout", retryable: true });
  });

  describe("a stream's idle timeout", () => {
    // Each event is one text delta, so each one that arrives re-arms the timer.
    const events = openAIStream({ text: "The capital of France." }).split(/(?<=\n\n)/);
    const [role = "", first = "", ...rest] = events;
    const middle = rest.slice(0, 3);
    const tail = rest.slice(3).join("");

    function streamingModel() {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const body = scriptedStream();
      const model = openai({
        model: "gpt-4.1-mini",
        baseURL: "http://127.0.0.1:9/v1",
        apiKey: "sk-test",
        fetch: body.fetch,
        timeoutMs: 300,
        maxRetries: 0,
      });
      const run = collect(model.stream(ask));
      // The reader asks for more bytes, unless the stream already ended (then the test fails now).
      const read = () =>
        Promise.race([
          body.read(),
          run.then(({ error }) => {
            throw new Error(`the stream ended while the test was writing: ${String(error)}`);
          }),
        ]);
      return { body, run, read };
    }

    it("does not cut off a stream that keeps coming, however long it takes in all", async () => {
      const { body, run, read } = streamingModel();
      await read();
      body.push(role + first);
      for (const event of middle) {
        await read();
        await vi.advanceTimersByTimeAsync(299);
        body.push(event);
      }
      await read();
      body.push(tail);
      body.end();
      const { parts, error } = await run;
      expect(error).toBeUndefined();
      expect(streamedText(parts)).toBe("The capital of France.");
      expect(middle).toHaveLength(3); // 3 × 299 ms: longer than the timeout in all
    });

    it("times out a stream that stalls after it started", async () => {
      const { body, run, read } = streamingModel();
      await read();
      body.push(role + first);
      await read();
      await vi.advanceTimersByTimeAsync(299);
      expect(vi.getTimerCount()).toBeGreaterThan(0); // still waiting
      await vi.advanceTimersByTimeAsync(1);
      const { parts, error } = await run;
      expect(streamedText(parts)).toBe("The cap");
      expect(error).toMatchObject({ code: "timeout", retryable: true });
    });
  });

  it("cancels at once when the signal aborts during a request", async () => {
    const controller = new AbortController();
    // The server aborts the call as soon as the request reaches it, and never answers.
    const { server, model } = await modelFor(() => {
      controller.abort();
      return { hang: true };
    });
    await using _ = server;
    const error = await rejection(model.generate(ask, { signal: controller.signal }));
    expect(AbortError.isInstance(error)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("cancels at once when the signal aborts during a backoff sleep", async () => {
    sleeps.real = true; // a 15 to 30 s wait, which only the abort can end within the test's time
    const error500 = jsonFixtureReply("openai/error-500.json", 500);
    const controller = new AbortController();
    const { server, model } = await modelFor([error500, textReply], {
      initialRetryDelayMs: 30_000,
      maxRetryDelayMs: 60_000,
      // Called just before the sleep starts: abort once it has.
      onRetry: () => queueMicrotask(() => controller.abort()),
    });
    await using _ = server;
    const error = await rejection(model.generate(ask, { signal: controller.signal }));
    expect(AbortError.isInstance(error)).toBe(true);
    expect(sleeps.waits).toHaveLength(1);
    expect(sleeps.waits[0]).toBeGreaterThanOrEqual(15_000);
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
