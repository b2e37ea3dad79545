/**
 * A worker process serving a codeact agent as the Restate service `adder`, over HTTP/1.1. Its
 * model is scripted and deterministic (each answer follows from the task and the step), and its
 * one tool appends its idempotency key to a file for every real execution.
 *
 *   node worker.mjs <counter-file> [crash-at]
 *
 * Prints `listening <port>`. With `crash-at` n, its n-th model call prints `crash-point` and
 * never answers: the test kills the process there. A task that says "gated" waits, before its
 * second step, for a GET of `$GATE_URL` to answer.
 */
import { appendFileSync } from "node:fs";
import { createServer } from "node:http";
import { CodeAgent, tool } from "@codeact/core";
import { restateAgent } from "@codeact/durable/restate";
import { QuickJSExecutor } from "@codeact/executors";
import { createEndpointHandler } from "@restatedev/restate-sdk";
import { z } from "zod";

const [counterFile = "", crashAt] = process.argv.slice(2);
let modelCalls = 0;

const steps = (n, task) =>
  /Run \d+: Pay/.test(task)
    ? [`const receipt = await pay({ amount: ${n} })`, "final_answer(receipt)"]
    : [`const a = await add({ x: ${n}, y: 1 })`, "const b = await add({ x: a, y: 10 })", "final_answer(b)"];

/** @type {import("@codeact/core").Model} */
const model = {
  modelId: "scripted-adder",
  async generate(request) {
    if (++modelCalls === Number(crashAt)) {
      process.stdout.write("crash-point\n");
      await new Promise(() => {});
    }
    const task = request.messages.map((message) => message.content).join("\n");
    const n = Number(/Run (\d+)/.exec(task)?.[1]);
    const step = request.messages.filter((message) => message.role === "assistant").length;
    if (step === 1 && task.includes("gated")) await fetch(String(process.env.GATE_URL));
    const code = steps(n, task)[step] ?? "final_answer(null)";
    return {
      text: `Thought: step ${step + 1}.\n\`\`\`js\n${code}\n\`\`\``,
      toolCalls: [],
      finishReason: "stop",
      usage: { inputTokens: 10, outputTokens: 5 },
    };
  },
};

const add = tool({
  name: "add",
  description: "Adds two numbers.",
  inputSchema: z.object({ x: z.number(), y: z.number() }),
  execute: ({ x, y }, { idempotencyKey }) => {
    appendFileSync(counterFile, `${idempotencyKey}\n`);
    return x + y;
  },
});

/** Needs a person's approval: the agent's approver suspends, and the run waits on an awakeable. */
const pay = tool({
  name: "pay",
  description: "Pays an amount.",
  inputSchema: z.object({ amount: z.number() }),
  needsApproval: true,
  execute: ({ amount }, { idempotencyKey }) => {
    appendFileSync(counterFile, `${idempotencyKey}\n`);
    return `paid ${amount}`;
  },
});

const agent = new CodeAgent({
  name: "adder",
  model,
  executor: new QuickJSExecutor(),
  tools: [add, pay],
  onApproval: () => "suspend",
});
const service = restateAgent(agent, {
  name: "adder",
  onApprovalRequest: ({ awakeableId, name, input }) => {
    process.stdout.write(`approval ${awakeableId} ${name} ${JSON.stringify(input)}\n`);
  },
});
const server = createServer(createEndpointHandler({ services: [service] }));
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
