import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { Executor } from "../executor.js";
import type { AgentEvent } from "../run/events.js";
import type { RunResult } from "../run/run-result.js";
import { validateJsonSchema } from "../schema/validate-json-schema.js";
import { ScriptedModel } from "../testing/scripted-model.js";
import { tool } from "../tool/tool.js";
import { CodeAgent } from "./code-agent.js";
import { ToolCallingAgent } from "./tool-calling-agent.js";

type Functions = Record<string, (input: unknown) => Promise<unknown>>;

/** An executor that runs one fixed program, a function of the host functions, whatever the code. */
function programExecutor(program: (fns: Functions) => Promise<unknown>): Executor {
  return {
    async createSession({ functions }) {
      const signal = new AbortController().signal;
      const fns: Functions = Object.fromEntries(
        Object.entries(functions).map(([name, fn]) => [name, (input: unknown) => fn(input, { signal })]),
      );
      return {
        async execute() {
          try {
            await program(fns);
            return { logs: "", durationMs: 0 };
          } catch (error) {
            return { logs: "", durationMs: 0, error: { name: "Error", message: (error as Error).message } };
          }
        },
        defineGlobals: async () => {},
        dispose: async () => {},
        [Symbol.asyncDispose]: async () => {},
      };
    },
  };
}

const code = "```js\n// the program\n```";
const call = (id: string, name: string, input: unknown) => ({ id, name, input });
const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("one answer per run", () => {
  it("keeps the first final_answer called when two race, however long their checks take", async () => {
    const agent = new CodeAgent({
      model: new ScriptedModel([code]),
      executor: programExecutor((fns) => Promise.allSettled([fns.final_answer?.(1), fns.final_answer?.(2)])),
      // The second answer's check finishes last: kept by whichever check ends last, 2 would win.
      finalAnswerChecks: [async (value) => (value === 1 ? true : macrotask().then(() => true))],
    });
    expect(await agent.run("Race.")).toMatchObject({ status: "success", output: 1 });
  });

  it("runs no tool call made after final_answer in the same step", async () => {
    const ran: string[] = [];
    const side = tool({
      name: "side_effect",
      description: "Does something.",
      inputSchema: z.object({}),
      execute: async () => void ran.push("side_effect"),
    });
    const refusals: string[] = [];
    const codeAgent = new CodeAgent({
      model: new ScriptedModel([code]),
      tools: [side],
      executor: programExecutor(async (fns) => {
        const answered = fns.final_answer?.(1);
        await fns.side_effect?.({}).catch((error: Error) => refusals.push(error.message));
        await answered;
      }),
    });
    expect(await codeAgent.run("Answer.")).toMatchObject({ status: "success", output: 1 });
    const model = new ScriptedModel([
      { toolCalls: [call("a", "final_answer", { answer: 2 }), call("b", "side_effect", {})] },
    ]);
    const toolAgent = new ToolCallingAgent({ model, tools: [side] });
    const result = await toolAgent.run("Answer.");
    expect(result).toMatchObject({ status: "success", output: 2 });
    expect(ran).toEqual([]);
    expect(refusals).toEqual([expect.stringMatching(/final_answer was already called in this step/)]);
    const action = result.steps.find((step) => step.type === "action");
    expect(action && "toolResults" in action && action.toolResults?.[1]?.content).toMatch(/did not run/);
  });

  it("keeps an accepted answer when the run is aborted right after it", async () => {
    const controller = new AbortController();
    const agent = new CodeAgent({
      model: new ScriptedModel([code]),
      executor: programExecutor(async (fns) => {
        await fns.final_answer?.("kept");
        controller.abort();
      }),
    });
    const events: AgentEvent[] = [];
    const run = agent.stream("Answer.", { signal: controller.signal });
    for await (const event of run) events.push(event);
    expect(await run.result).toMatchObject({ status: "success", output: "kept" });
    expect(events.filter((event) => event.type === "final-answer")).toHaveLength(1);
  });

  it("does not take a ToolCallingAgent reply cut off by the length limit as its answer", async () => {
    const model = new ScriptedModel([
      { text: "The answer is", finishReason: "length" },
      { toolCalls: [call("a", "final_answer", { answer: "42" })] },
    ]);
    const result = await new ToolCallingAgent({ model }).run("Answer.");
    expect(result).toMatchObject({ status: "success", output: "42" });
    expect(model.requests[1]?.request.messages.at(-1)?.content).toMatch(/cut off at the output token limit/);
  });
});

describe("the best answer when steps run out", () => {
  const shape = z.object({ city: z.string(), tempC: z.number() });
  const runOut = (reply: string) => {
    const model = new ScriptedModel([{ toolCalls: [call("a", "nothing", {})] }, reply]);
    const agent = new ToolCallingAgent({ model, outputSchema: shape, maxSteps: 1 });
    return { model, run: agent.stream("Warmest city?") };
  };
  const finish = async ({ run }: ReturnType<typeof runOut>) => {
    const events: AgentEvent[] = [];
    for await (const event of run) events.push(event);
    return { result: await run.result, answers: events.filter((event) => event.type === "final-answer") };
  };

  it("asks for the required shape and validates the reply like any answer", async () => {
    const valid = runOut('```json\n{ "city": "Rome", "tempC": 24 }\n```');
    const { result, answers } = await finish(valid);
    expect(valid.model.requests[1]?.request.messages.at(-1)?.content).toContain(
      "{ city: string; tempC: number }",
    );
    expect(result).toMatchObject({
      status: "max_steps",
      output: { city: "Rome", tempC: 24 },
      error: { code: "max_steps" },
    });
    expect(answers).toHaveLength(1);
  });

  it("types output as the schema's type only where it was validated", () => {
    const check = (result: RunResult<{ city: string }>) => {
      if (result.status === "success") expectTypeOf(result.output).toEqualTypeOf<{ city: string }>();
      else expectTypeOf(result.output).toEqualTypeOf<{ city: string } | undefined>();
      if (result.status === "max_steps")
        expectTypeOf(result.fallbackText).toEqualTypeOf<string | undefined>();
    };
    expect(check).toBeTypeOf("function");
  });

  it("keeps an unvalidated reply only as fallbackText, and claims no answer", async () => {
    const { result, answers } = await finish(runOut("Probably Rome."));
    expect(result.status).toBe("max_steps");
    expect(result.output).toBeUndefined();
    expect(result).toMatchObject({ fallbackText: "Probably Rome." });
    expect(answers).toEqual([]);
  });
});

describe("answer and tool schemas", () => {
  type Node = { value: number; children: Node[] };
  const node: z.ZodType<Node> = z.object({
    value: z.number(),
    get children() {
      return z.array(node);
    },
  });

  it("declares a recursive outputSchema in the code agent's prompt", () => {
    for (const outputSchema of [node, z.object({ root: node, label: z.string() })] as z.ZodType[]) {
      const executor = programExecutor(async () => {});
      const agent = new CodeAgent({ model: new ScriptedModel([]), executor, outputSchema });
      const declaration = agent.systemPrompt.slice(
        agent.systemPrompt.indexOf("declare function final_answer"),
      );
      expect(declaration).toMatch(/value: number; children: unknown\[\]/);
    }
  });

  it("sends native specs whose final_answer schema validates recursive answers", async () => {
    for (const outputSchema of [node, z.object({ root: node, label: z.string() })] as z.ZodType[]) {
      const model = new ScriptedModel(["{}"]);
      await new ToolCallingAgent({ model, outputSchema, maxSteps: 1 }).run("Tree?");
      const answer = model.requests[0]?.request.tools?.find((spec) => spec.name === "final_answer");
      const good = { value: 1, children: [{ value: 2, children: [] }] };
      const bad = { value: 1, children: [{ value: "2", children: [] }] };
      const wrap = (value: unknown) => ({
        answer: outputSchema === node ? value : { root: value, label: "x" },
      });
      expect(await validateJsonSchema(answer?.inputSchema ?? false, wrap(good))).toEqual({
        value: wrap(good),
      });
      expect(await validateJsonSchema(answer?.inputSchema ?? false, wrap(bad))).toHaveProperty("issues");
    }
  });
});
