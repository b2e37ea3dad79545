/**
 * Per-step overhead of the agent loop: a CodeAgent with a ScriptedModel (which answers at once)
 * and QuickJS, against the baseline of executing the same code directly in a session.
 */
import { CodeAgent, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { z } from "zod";
import { measure, type Sample, summarize } from "./harness.js";

const STEPS = 30;
const RUNS = 40;

const add = tool({
  name: "add",
  description: "Adds two numbers.",
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => a + b,
});

const stepCode = (i: number) => `const v${i} = await add({ a: ${i}, b: 1 });\nconsole.log(v${i});`;
const answer = (i: number) => `Thought: step ${i}.\n\`\`\`js\n${stepCode(i)}\n\`\`\``;

/** Step durations of CodeAgent runs, model excluded, and the bare execution of the same code. */
export async function loopOverhead(): Promise<{ step: Sample; execute: Sample; model: Sample }> {
  const executor = new QuickJSExecutor();
  const stepTimes: number[] = [];
  const modelTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const script = [...Array.from({ length: STEPS }, (_, i) => answer(i)), "```js\nfinal_answer(v0)\n```"];
    const model = new ScriptedModel(script, { stream: false });
    const generate = model.generate.bind(model);
    // The model is excluded by timing its calls and subtracting them from each step.
    model.generate = async (request, options) => {
      const started = performance.now();
      try {
        return await generate(request, options);
      } finally {
        modelTimes.push(performance.now() - started);
      }
    };
    const agent = new CodeAgent({ model, executor, tools: [add], maxSteps: STEPS + 1 });
    const result = await agent.run("Add numbers.");
    if (result.status !== "success")
      throw new Error(`bench run failed: ${result.status} ${result.error?.message}`);
    const actions = result.steps.flatMap((step) => (step.type === "action" ? [step] : []));
    const modelOfRun = modelTimes.slice(-actions.length);
    // The first runs warm up the JIT.
    if (run < 5) continue;
    for (const [i, step] of actions.entries()) stepTimes.push(step.durationMs - (modelOfRun[i] ?? 0));
  }
  const session = await executor.createSession({
    functions: { add: async (input) => add.execute(input as never, undefined as never) },
  });
  let i = 0;
  const execute = await measure(
    "execute the same step code directly (baseline)",
    () => session.execute(stepCode(i++)),
    {
      runs: 1000,
      warmup: 100,
    },
  );
  await session.dispose();
  return {
    step: summarize("CodeAgent step, model excluded", stepTimes),
    execute,
    model: summarize("ScriptedModel call (excluded above)", modelTimes),
  };
}
