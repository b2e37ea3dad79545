import { PassThrough } from "node:stream";
import type { AgentEvent, RunResult } from "@codeact/core";
import { createColors } from "picocolors";
import { describe, expect, it } from "vitest";
import { prettyRenderer } from "./pretty-renderer.js";

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk) => {
    text += chunk;
  });
  return { stream, text: () => text };
}

const at = { step: 1, agentPath: ["agent"] };

describe("prettyRenderer without colour", () => {
  it("shows steps, the streamed thought without its code, numbered code, tools, logs and a closing line", () => {
    const progress = capture();
    const answer = capture();
    const spins: string[] = [];
    const renderer = prettyRenderer({
      progress: progress.stream,
      answer: answer.stream,
      colors: createColors(false),
      modelId: "test-model",
      spinner: { start: (text) => spins.push(text), stop: () => {} },
    });
    const events: AgentEvent[] = [
      { ...at, step: 0, type: "run-start", runId: "r", task: "Add numbers." },
      { ...at, type: "step-start" },
      { ...at, type: "text-delta", delta: "Thought: add.\n```js\nconsole.log(1 + 2)\n```" },
      {
        ...at,
        type: "model-response",
        response: {
          text: "",
          toolCalls: [],
          finishReason: "stop",
          usage: { inputTokens: 1, outputTokens: 1 },
        },
      },
      { ...at, type: "code", code: "const a = await add({ a: 1 });\nconsole.log(a)" },
      { ...at, type: "tool-call", call: { id: "c", name: "add", input: { a: 1 } } },
      { ...at, type: "tool-result", callId: "c", name: "add", output: 3 },
      { ...at, type: "observation", observation: "Observation:\nLogs:\n3" },
    ];
    for (const event of events) renderer.event(event);
    const result: RunResult = {
      runId: "r",
      status: "success",
      output: { total: 3 },
      steps: [{ type: "task", task: "Add numbers." }],
      usage: { inputTokens: 1200, outputTokens: 34 },
      durationMs: 2345,
    };
    renderer.end(result);
    expect(progress.text()).toBe(
      [
        "codeact · test-model · Add numbers.",
        "",
        "── Step 1 ────────────────────────────────────────",
        "Thought: add.",
        "1 │ const a = await add({ a: 1 });",
        "2 │ console.log(a)",
        '→ add({"a":1})',
        "← add: 3",
        "Logs:",
        "3",
        "",
        "✔ Done 0 steps · 1,234 tokens (1,200 in, 34 out) · 2.3 s",
        "",
      ].join("\n"),
    );
    expect(answer.text()).toBe('{\n  "total": 3\n}\n');
    expect(spins).toEqual(["Thinking", "Running", "Waiting for add"]);
  });

  it("says why a run failed and prints no answer", () => {
    const progress = capture();
    const answer = capture();
    const renderer = prettyRenderer({
      progress: progress.stream,
      answer: answer.stream,
      colors: createColors(false),
      modelId: "m",
    });
    renderer.end({
      runId: "r",
      status: "error",
      steps: [],
      usage: { inputTokens: 0, outputTokens: 0 },
      durationMs: 10,
      error: { name: "ModelError", message: "The API key was refused." },
    });
    expect(progress.text()).toMatch(/✖ error 0 steps .*\nThe API key was refused\.\n$/);
    expect(answer.text()).toBe("");
  });
});

describe("prettyRenderer notices", () => {
  it("shows a notice on a line of its own and spins while the model is awaited again", () => {
    const progress = capture();
    const spins: string[] = [];
    const renderer = prettyRenderer({
      progress: progress.stream,
      answer: capture().stream,
      colors: createColors(false),
      modelId: "test-model",
      spinner: { start: (text) => spins.push(text), stop: () => {} },
    });
    renderer.event({ ...at, type: "step-start" });
    renderer.event({ ...at, type: "text-delta", delta: "Thought: half a line" });
    renderer.notice?.("Model request failed; retrying in 6 s (429 Too Many Requests, attempt 2 of 3)");
    expect(progress.text()).toMatch(
      /Thought: half a line\nModel request failed; retrying in 6 s \(429 Too Many Requests, attempt 2 of 3\)\n$/,
    );
    expect(spins.at(-1)).toBe("Waiting for the model");
  });
});
