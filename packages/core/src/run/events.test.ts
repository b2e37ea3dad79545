import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CodeAgent } from "../agent/code-agent.js";
import { ToolCallingAgent } from "../agent/tool-calling-agent.js";
import type { Executor } from "../executor.js";
import { ScriptedModel } from "../testing/scripted-model.js";
import { tool } from "../tool/tool.js";
import document from "./agent-event.schema.json" with { type: "json" };
import { type AgentEvent, type AgentEventType, agentEventSchema } from "./events.js";

const echo = tool({
  name: "echo",
  description: "Echoes.",
  inputSchema: z.object({ text: z.string() }),
  execute: async ({ text }) => text,
});

const executor: Executor = {
  async createSession({ functions }) {
    const signal = new AbortController().signal;
    return {
      execute: async (code) => {
        if (code.includes("answer")) await functions.final_answer?.({ ok: true }, { signal });
        return { logs: "echoed", value: 1, durationMs: 1 };
      },
      defineGlobals: async () => {},
      dispose: async () => {},
      [Symbol.asyncDispose]: async () => {},
    };
  },
};

async function collect(run: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of run) events.push(JSON.parse(JSON.stringify(event)));
  return events;
}

const validate = async (value: unknown) => agentEventSchema["~standard"].validate(value);

describe("agentEventSchema", () => {
  it("accepts every event both agents emit, after a JSON round trip", async () => {
    const toolCalling = new ToolCallingAgent({
      model: new ScriptedModel([
        "Plan.",
        { toolCalls: [{ id: "1", name: "echo", input: { text: "hi" } }], reasoning: "thinking" },
        { toolCalls: [{ id: "2", name: "missing", input: {} }] },
        "Best answer.",
      ]),
      tools: [echo],
      planningInterval: 1,
      maxSteps: 2,
    });
    const code = new CodeAgent({
      model: new ScriptedModel(["```js\necho()\n```", "```js\nanswer\n```"]),
      executor,
      tools: [echo],
    });
    const events = [
      ...(await collect(toolCalling.stream("Echo."))),
      ...(await collect(code.stream("Echo."))),
    ];
    const types = new Set(events.map((event) => event.type));
    const all: AgentEventType[] = [
      "run-start",
      "step-start",
      "text-delta",
      "model-response",
      "code",
      "tool-call",
    ];
    all.push("tool-result", "observation", "plan", "step-end", "final-answer", "run-end");
    expect([...types].sort()).toEqual(all.sort());
    for (const event of events) expect(await validate(event)).toEqual({ value: event });
  });

  it("names what is wrong with a malformed event", async () => {
    expect(await validate({ type: "step-start", step: "1", agentPath: [] })).toEqual({
      issues: [{ message: "expected number, received string", path: ["step"] }],
    });
    expect(await validate({ type: "tool-call", step: 1, agentPath: ["a"], call: { id: "1" } })).toEqual({
      issues: [
        { message: 'Instance does not have required property "name"', path: ["call"] },
        { message: 'Instance does not have required property "input"', path: ["call"] },
      ],
    });
    expect(
      await validate({ type: "tool-call", step: 1, agentPath: ["a"], call: { id: "1", name: "list_files" } }),
    ).toEqual({ issues: [{ message: 'Instance does not have required property "input"', path: ["call"] }] });
    expect(await validate({ type: "unheard-of", step: 1, agentPath: [] })).toEqual({
      issues: [{ message: 'unknown event type "unheard-of"', path: ["type"] }],
    });
  });

  it("is published as a JSON Schema document listing every event type", () => {
    expect(agentEventSchema["~standard"].jsonSchema.output({ target: "draft-2020-12" })).toBe(document);
    expect(document.oneOf.map(({ $ref }) => $ref.split("/").at(-1))).toHaveLength(12);
  });
});
