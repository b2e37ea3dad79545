import { PassThrough } from "node:stream";
import {
  type ActionStep,
  type AgentEvent,
  type AgentEventType,
  agentEventSchema,
  type RunResult,
  type ToolCall,
} from "@codeact/core";
import { createColors } from "picocolors";
import { describe, expect, it } from "vitest";
import { loadHighlighter } from "./highlight.js";
import { jsonRenderer } from "./json-renderer.js";
import { prettyRenderer } from "./pretty-renderer.js";
import { quietRenderer } from "./quiet-renderer.js";
import type { Renderer } from "./renderer.js";

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk) => {
    text += chunk;
  });
  return { stream, text: () => text };
}

type EventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;

// Values that break a naive JSON.stringify or print: a cycle, a BigInt, a huge string, a
// throwing getter, a throwing toJSON, a function and a symbol.
const cyclic: Record<string, unknown> = { name: "loop" };
cyclic.self = cyclic;
const huge = "x".repeat(2_000_000);
const awkward = {
  cyclic,
  big: 12345678901234567890n,
  huge,
  fn: () => 1,
  sym: Symbol("s"),
  get broken(): never {
    throw new Error("getter failed");
  },
};
const badJson = {
  toJSON() {
    throw new Error("toJSON failed");
  },
};
const oddValues: unknown[] = [undefined, null, cyclic, 7n, huge, awkward, badJson, () => 1, Symbol("s")];

const usage = { inputTokens: 1, outputTokens: 2 };
const base = { step: 1, agentPath: ["agent"] };
const sub = { step: 2, agentPath: ["agent", "helper"] };
const response = { text: "Thought.", toolCalls: [], finishReason: "stop" as const, usage };
const minimalAction: ActionStep = {
  type: "action",
  step: 1,
  modelOutput: "",
  observation: "",
  usage,
  durationMs: 0,
};
const results: RunResult[] = [
  { runId: "r", status: "success", output: 3, steps: [], usage, durationMs: 1 },
  { runId: "r", status: "success", output: undefined, steps: [], usage, durationMs: 1 },
  { runId: "r", status: "success", output: awkward, steps: [minimalAction], usage, durationMs: 1 },
  { runId: "r", status: "max_steps", steps: [], usage, durationMs: 1, error: { name: "E", message: "out" } },
  {
    runId: "r",
    status: "max_steps",
    output: cyclic,
    fallbackText: huge,
    steps: [],
    usage: { ...usage, cachedInputTokens: 1 },
    durationMs: 1,
    error: { name: "MaxStepsError", message: "out", code: "max_steps" },
  },
  { runId: "r", status: "error", steps: [], usage, durationMs: 1, error: { name: "E", message: "boom" } },
  {
    runId: "r",
    status: "aborted",
    steps: [],
    usage,
    durationMs: 1,
    error: { name: "AbortError", message: "" },
  },
];

/**
 * Every event type, each without and with its optional fields and with awkward values. The
 * mapped type makes TypeScript refuse this record when the union gains a type it does not list.
 */
const samples: { [T in AgentEventType]: EventOf<T>[] } = {
  "run-start": [
    { ...base, step: 0, type: "run-start", runId: "r", task: "" },
    { ...sub, type: "run-start", runId: "r", task: `${huge}\nsecond line` },
  ],
  "step-start": [
    { ...base, type: "step-start" },
    { ...sub, type: "step-start" },
  ],
  "text-delta": [
    { ...base, type: "text-delta", delta: "" },
    { ...base, type: "text-delta", delta: "Thought: go.\n```js\nconsole.log(1)\n```" },
    { ...base, type: "text-delta", delta: huge },
  ],
  "model-response": [
    { ...base, type: "model-response", response },
    {
      ...base,
      type: "model-response",
      response: {
        ...response,
        finishReason: "tool-calls",
        toolCalls: [{ id: "c", name: "f", input: cyclic }],
        usage: { ...usage, cachedInputTokens: 1 },
        reasoning: huge,
      },
    },
  ],
  code: [
    { ...base, type: "code", code: "" },
    { ...base, type: "code", code: `const s = "${huge}";\n/* </span> <span class="x"> &amp; */` },
  ],
  "tool-call": [
    // `await list_files()`: no argument at all, and the same call with the key left out.
    { ...base, type: "tool-call", call: { id: "c", name: "list_files", input: undefined } },
    { ...base, type: "tool-call", call: { id: "c", name: "list_files" } as ToolCall },
    ...oddValues.map((input) => ({
      ...base,
      type: "tool-call" as const,
      call: { id: "c", name: "f", input },
    })),
  ],
  "tool-result": [
    { ...base, type: "tool-result", callId: "c", name: "f" },
    { ...base, type: "tool-result", callId: "c", name: "f", error: { name: "ToolError", message: huge } },
    ...oddValues.map((output) => ({
      ...base,
      type: "tool-result" as const,
      callId: "c",
      name: "f",
      output,
    })),
  ],
  observation: [
    { ...base, type: "observation", observation: "" },
    { ...base, type: "observation", observation: `Observation:\nError: bad\n${"line\n".repeat(100)}${huge}` },
  ],
  plan: [
    { ...base, type: "plan", plan: { type: "plan", step: 1, prompt: "", plan: "", usage } },
    { ...sub, type: "plan", plan: { type: "plan", step: 2, prompt: huge, plan: huge, usage } },
  ],
  "step-end": [
    { ...base, type: "step-end", action: minimalAction },
    {
      ...base,
      type: "step-end",
      action: {
        ...minimalAction,
        toolCalls: [{ id: "c", name: "f", input: awkward }],
        toolResults: [{ callId: "c", content: huge }],
        code: huge,
        error: { name: "TypeError", message: "x" },
        finalAnswer: { value: cyclic },
        reasoning: "r",
      },
    },
  ],
  "final-answer": oddValues.map((output) => ({ ...base, type: "final-answer" as const, output })),
  "run-end": results.map((result) => ({ ...base, type: "run-end" as const, result })),
};
const allEvents = Object.values(samples).flat() as AgentEvent[];

async function renderers() {
  const plain = { progress: capture(), answer: capture() };
  const colour = { progress: capture(), answer: capture() };
  const json = capture();
  const quiet = { out: capture(), err: capture() };
  const colors = createColors(true);
  const list: [string, Renderer][] = [
    [
      "pretty",
      prettyRenderer({
        progress: plain.progress.stream,
        answer: plain.answer.stream,
        colors: createColors(false),
        modelId: "m",
      }),
    ],
    [
      "pretty with colour, highlighting and a spinner",
      prettyRenderer({
        progress: colour.progress.stream,
        answer: colour.answer.stream,
        colors,
        highlight: await loadHighlighter(colors),
        spinner: { start: () => {}, stop: () => {} },
        modelId: "m",
      }),
    ],
    ["json", jsonRenderer(json.stream)],
    ["quiet", quietRenderer(quiet.out.stream, quiet.err.stream)],
  ];
  const written = () =>
    [plain.progress, plain.answer, colour.progress, colour.answer, quiet.out, quiet.err]
      .map((stream) => stream.text())
      .join("");
  return { list, json, written };
}

describe("every renderer, fed every event the loop can emit", () => {
  it("lists every event type the published schema knows", () => {
    const document = agentEventSchema["~standard"].jsonSchema.output({ target: "draft-2020-12" });
    const types = (document.oneOf as { $ref: string }[]).map(({ $ref }) => $ref.split("/").at(-1));
    expect(Object.keys(samples).sort()).toEqual(types.sort());
  });

  it("never throws, whatever the event holds, and never falls back to 'could not be shown'", async () => {
    const { list, written } = await renderers();
    for (const [name, renderer] of list) {
      for (const event of allEvents) {
        expect(() => renderer.event(event), `${name} on ${event.type}`).not.toThrow();
      }
      for (const result of results) expect(() => renderer.end(result), `${name} end`).not.toThrow();
    }
    expect(written()).not.toContain("could not be shown");
    expect(written()).toContain("[Circular]");
  });

  it("writes one valid JSON event per line for --json, cycles and BigInts included", async () => {
    const { list, json } = await renderers();
    const renderer = list.find(([name]) => name === "json")![1];
    for (const event of allEvents) renderer.event(event);
    const lines = json.text().trimEnd().split("\n");
    expect(lines).toHaveLength(allEvents.length);
    for (const [i, line] of lines.entries()) {
      const parsed = JSON.parse(line) as AgentEvent;
      expect(parsed.type).toBe(allEvents[i]?.type);
      expect((await agentEventSchema["~standard"].validate(parsed)).issues).toBeUndefined();
    }
    const text = json.text();
    for (const part of ['"input":"7"', "[unreadable: getter failed]", "[unreadable: toJSON failed]"])
      expect(text).toContain(part);
  });

  it("shows a call with no argument as name() and one with an empty object as name({})", () => {
    const progress = capture();
    const renderer = prettyRenderer({
      progress: progress.stream,
      answer: capture().stream,
      colors: createColors(false),
      modelId: "m",
    });
    renderer.event({ ...base, type: "tool-call", call: { id: "1", name: "list_files", input: undefined } });
    renderer.event({ ...base, type: "tool-call", call: { id: "2", name: "list_files" } as ToolCall });
    renderer.event({ ...base, type: "tool-call", call: { id: "3", name: "list_files", input: {} } });
    renderer.event({ ...base, type: "tool-call", call: { id: "4", name: "f", input: cyclic } });
    renderer.event({ ...base, type: "tool-result", callId: "4", name: "f", output: 10n });
    expect(progress.text()).toBe(
      [
        "→ list_files()",
        "→ list_files()",
        "→ list_files({})",
        '→ f({"name":"loop","self":"[Circular]"})',
        '← f: "10"',
        "",
      ].join("\n"),
    );
  });
});

describe("the plan in the terminal view", () => {
  const plan = "1. Read the file.\n2. Add the numbers.";
  const planEvent: AgentEvent = {
    ...base,
    type: "plan",
    plan: { type: "plan", step: 1, prompt: "Make a plan.", plan, usage },
  };
  const run = (events: AgentEvent[]) => {
    const progress = capture();
    const renderer = prettyRenderer({
      progress: progress.stream,
      answer: capture().stream,
      colors: createColors(false),
      modelId: "m",
    });
    for (const event of events) renderer.event(event);
    return progress.text();
  };
  const count = (text: string, part: string) => text.split(part).length - 1;

  it("is printed once when it streamed before the plan event", () => {
    const text = run([
      { ...base, step: 0, type: "run-start", runId: "r", task: "Add." },
      { ...base, type: "text-delta", delta: "1. Read the file.\n" },
      { ...base, type: "text-delta", delta: "2. Add the numbers." },
      { ...base, type: "model-response", response: { ...response, text: plan } },
      planEvent,
      { ...base, type: "step-start" },
      { ...base, type: "text-delta", delta: "Thought: read it." },
      { ...base, type: "model-response", response },
    ]);
    expect(count(text, "Read the file")).toBe(1);
    expect(count(text, "Add the numbers")).toBe(1);
    expect(count(text, "Plan")).toBe(1);
    expect(text).toBe(
      ["codeact · m · Add.", "Plan", plan, "", `── Step 1 ${"─".repeat(40)}`, "Thought: read it.", ""].join(
        "\n",
      ),
    );
  });

  it("is printed once, under its heading, when the model did not stream", () => {
    const text = run([{ ...base, type: "model-response", response: { ...response, text: plan } }, planEvent]);
    expect(text).toBe(`Plan\n${plan}\n`);
  });

  it("streams an updated plan before a later step once as well", () => {
    const later: AgentEvent = {
      ...base,
      step: 6,
      type: "plan",
      plan: { type: "plan", step: 6, prompt: "", plan: "Updated plan.", usage },
    };
    const text = run([
      { ...base, step: 5, type: "step-start" },
      { ...base, step: 5, type: "model-response", response },
      { ...base, step: 6, type: "text-delta", delta: "Updated plan." },
      { ...base, step: 6, type: "model-response", response: { ...response, text: "Updated plan." } },
      later,
    ]);
    expect(count(text, "Updated plan.")).toBe(1);
    expect(count(text, "Plan\n")).toBe(1);
  });
});
