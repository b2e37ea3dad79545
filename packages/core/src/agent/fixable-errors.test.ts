import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ScriptedModel } from "../testing/scripted-model.js";
import { type AnyTool, tool } from "../tool/tool.js";
import { codeObservation } from "./observation.js";
import { ToolCallingAgent } from "./tool-calling-agent.js";

const convert = tool({
  name: "convert",
  description: "Converts an amount between currencies.",
  inputSchema: z.object({ from: z.string(), to: z.string() }),
  execute: async () => 1,
});
const failing = tool({
  name: "failing",
  description: "Always fails.",
  inputSchema: z.object({}),
  execute: async () => {
    throw new Error("Error: disk full");
  },
});

/** The tool message the model read for its first call. */
async function firstToolResult(input: unknown, tools: AnyTool[] = [convert]): Promise<string | undefined> {
  const model = new ScriptedModel([
    { toolCalls: [{ id: "c1", name: tools[0]?.name ?? "", input }] },
    { toolCalls: [{ id: "c2", name: "final_answer", input: { answer: 1 } }] },
  ]);
  await new ToolCallingAgent({ model, tools }).run("Convert.");
  const message = model.requests[1]?.request.messages.find((m) => m.role === "tool");
  return message?.role === "tool" ? message.content : undefined;
}

describe("errors the model can fix in one step", () => {
  it("says the arguments are not valid JSON", async () => {
    expect(await firstToolResult('{"from": "EUR", "to": ')).toBe(
      'Error: The arguments are not valid JSON ({"from": "EUR", "to": ). Send them as one JSON object.',
    );
  });

  it("names unknown keys and the keys expected", async () => {
    const content = await firstToolResult({ base: "EUR", to: "USD" });
    expect(content).toMatch(
      /^Error: Invalid input for convert: unknown key `base`; expected `from`, `to`; from: /,
    );
  });

  it("never doubles Error: when a tool's message already starts with it", async () => {
    expect(await firstToolResult({}, [failing])).toBe("Error: failing failed: disk full");
  });

  it("asks for a tool call, or final_answer, after an empty reply", async () => {
    const model = new ScriptedModel([
      "",
      { toolCalls: [{ id: "c1", name: "final_answer", input: { answer: 1 } }] },
    ]);
    await new ToolCallingAgent({ model, tools: [convert] }).run("Convert.");
    const last = model.requests[1]?.request.messages.at(-1);
    expect(last?.content).toMatch(
      /^Error: Your reply was empty\. Call a tool, or the final_answer tool when you are done\./,
    );
  });

  it("shows the source line of a syntax error", () => {
    const code = "const a = 1;\nconst b = (a +;\nconsole.log(b);";
    const observation = codeObservation(
      { logs: "", error: { name: "SyntaxError", message: "unexpected token", line: 2 }, durationMs: 1 },
      1000,
      [],
      code,
    );
    expect(observation).toBe(
      "Observation:\nError: SyntaxError: unexpected token (line 2)\nThe line: const b = (a +;",
    );
    expect(codeObservation({ logs: "", error: { name: "Error", message: "boom" }, durationMs: 1 }, 100)).toBe(
      "Observation:\nError: boom",
    );
  });
});
