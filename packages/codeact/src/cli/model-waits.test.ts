import { Readable, Writable } from "node:stream";
import { openAIStream, type Reply, startFakeServer } from "@codeact/test-utils";
import { describe, expect, it } from "vitest";
import type { CliIO } from "./io.js";
import { main } from "./main.js";
import { modelWaits, retryMessage } from "./model-waits.js";

const notice = { attempt: 2, maxAttempts: 3, reason: "429 Too Many Requests", delayMs: 6_000 };

describe("retryMessage", () => {
  it("says what failed, how long the wait is and which attempt comes next", () => {
    expect(retryMessage({ ...notice, error: undefined as never })).toBe(
      "Model request failed; retrying in 6 s (429 Too Many Requests, attempt 2 of 3)",
    );
  });

  it("gives tenths of a second below 10 s and whole seconds above", () => {
    const wait = (delayMs: number) => retryMessage({ ...notice, delayMs, error: undefined as never });
    expect(wait(734)).toMatch(/retrying in 0\.7 s /);
    expect(wait(1_500)).toMatch(/retrying in 1\.5 s /);
    expect(wait(0)).toMatch(/retrying in 0 s /);
    expect(wait(42_400)).toMatch(/retrying in 42 s /);
  });
});

describe("modelWaits", () => {
  it("turns --model-timeout seconds into the model's timeoutMs, and leaves the default otherwise", () => {
    expect(modelWaits({ modelTimeout: 900 }, () => {}).timeoutMs).toBe(900_000);
    expect(modelWaits({}, () => {})).not.toHaveProperty("timeoutMs");
  });
});

// The CLI in this process, against a local OpenAI-compatible server.
async function run(args: string[], replies: Reply[]) {
  await using server = await startFakeServer(replies);
  const text = { stdout: "", stderr: "" };
  const stream = (name: keyof typeof text) =>
    new Writable({
      write(chunk, _encoding, done) {
        text[name] += chunk;
        done();
      },
    });
  const io: CliIO = {
    stdin: Readable.from([]),
    stdout: stream("stdout"),
    stderr: stream("stderr"),
    env: { OPENAI_BASE_URL: `${server.url}/v1`, CODEACT_MODEL: "m" },
    onInterrupt: () => () => {},
  };
  const code = await main(["node", "codeact", "run", ...args], io);
  return { code, ...text, requests: server.requests };
}

const answer: Reply = {
  sse: openAIStream({ text: "Thought: done.\n```js\nfinal_answer(42)\n```" }),
  headers: { "content-type": "text/event-stream" },
};
const limited: Reply = {
  json: { error: { message: "Rate limit reached.", type: "requests", code: "rate_limit_exceeded" } },
  status: 429,
  headers: { "retry-after": "0" },
};

describe("codeact run while the model makes it wait", () => {
  it.each([[[]], [["--json"]], [["--quiet"]]])("says on stderr that it retries (%j)", async (flags) => {
    const result = await run([...flags, "Answer 42."], [limited, answer]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "Model request failed; retrying in 0 s (429 Too Many Requests, attempt 2 of 3)\n",
    );
    expect(result.stdout).not.toContain("retrying");
    expect(result.requests).toHaveLength(2);
  });

  it("says how many attempts were made when it gives up", async () => {
    const result = await run(["Answer 42."], [limited, limited, limited]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Rate limit reached\. \(gave up after 3 attempts\)/);
  });

  it("gives up on a request after --model-timeout seconds and tries again", async () => {
    // The first request never gets an answer: only the timeout moves the run on.
    const result = await run(["--model-timeout", "1", "Answer 42."], [{ hang: true }, answer]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /Model request failed; retrying in [\d.]+ s \(timed out, attempt 2 of 3\)\n/,
    );
    expect(result.stdout).toBe("42\n");
    expect(result.requests).toHaveLength(2);
  });

  it("refuses a --model-timeout that is not a whole number of seconds", async () => {
    const result = await run(["--model-timeout", "soon", "Answer 42."], [answer]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--model-timeout.*whole number/);
    expect(result.requests).toHaveLength(0);
  });
});
