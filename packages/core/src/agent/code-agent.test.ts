import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Executor } from "../executor.js";
import { jsonSchema } from "../schema/json-schema.js";
import { ScriptedModel } from "../testing/scripted-model.js";
import { tool } from "../tool/tool.js";
import { CodeAgent } from "./code-agent.js";

// The prompt is built when the agent is; no session is ever created here.
const unusedExecutor: Executor = {
  createSession: () => Promise.reject(new Error("not used")),
};

describe("CodeAgent's system prompt", () => {
  it("declares every tool as TypeScript, sanitizing names, and types final_answer from outputSchema", () => {
    const weather = tool({
      name: "get_weather",
      description: "Current weather for a city.",
      inputSchema: z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() }),
      outputSchema: z.object({ tempC: z.number(), sky: z.string() }),
      execute: async () => ({ tempC: 1, sky: "clear" }),
    });
    const mcpStyle = tool({
      name: "fs.read-file",
      description: "Reads a file.",
      inputSchema: jsonSchema({
        type: "object",
        properties: { path: { type: "string" } },
        required: ["path"],
      }),
      execute: async () => "",
    });
    const agent = new CodeAgent({
      model: new ScriptedModel([]),
      executor: unusedExecutor,
      tools: [weather, mcpStyle],
      outputSchema: z.object({ answer: z.string() }),
      instructions: "Answer in French.",
    });
    expect(agent.systemPrompt).toContain(
      [
        "/** Current weather for a city. */",
        'declare function get_weather(input: { city: string; unit?: "c" | "f" }): Promise<{ tempC: number; sky: string }>;',
        "",
        "/** Reads a file. */",
        "declare function fs_read_file(input: { path: string }): Promise<unknown>;",
        "",
        "/** Ends the task with your answer. */",
        "declare function final_answer(answer: { answer: string }): Promise<void>;",
      ].join("\n"),
    );
    expect(agent.systemPrompt).toMatch(/Further instructions:\nAnswer in French\.$/);
  });

  it("uses prompts given in options instead of the defaults", () => {
    const agent = new CodeAgent({
      model: new ScriptedModel([]),
      executor: unusedExecutor,
      prompts: { codeSystem: ({ declarations }) => `Custom.\n${declarations}` },
    });
    expect(agent.systemPrompt).toBe(
      "Custom.\n/** Ends the task with your answer. */\ndeclare function final_answer(answer: unknown): Promise<void>;",
    );
  });
});

describe("CodeAgent's account of the sandbox", () => {
  it("takes the environment from the executor, and claims nothing when it has none", () => {
    const described: Executor = {
      ...unusedExecutor,
      environment: "Your code runs in full Node.js, with files.",
    };
    const own = new CodeAgent({ model: new ScriptedModel([]), executor: described }).systemPrompt;
    expect(own).toContain("\nYour code runs in full Node.js, with files.\n");
    expect(own).not.toMatch(/no file system|no network/);
    const plain = new CodeAgent({ model: new ScriptedModel([]), executor: unusedExecutor }).systemPrompt;
    expect(plain).toContain("Your code runs in a sandbox; only the functions below reach outside it.");
    expect(plain).toContain("await some_tool(");
    expect(plain).toContain(`"Observation:" with the step's logs, last value and any error`);
    expect(plain).toContain("A failed step keeps what ran before the error.");
  });
});
