import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ModelRequest } from "../model.js";
import type { AgentEvent } from "../run/events.js";
import { ScriptedModel } from "../testing/scripted-model.js";
import { tool } from "../tool/tool.js";
import { ToolCallingAgent } from "./tool-calling-agent.js";

const add = tool({
  name: "add",
  description: "Adds two numbers.",
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => a + b,
});

const call = (id: string, name: string, input: unknown) => ({ toolCalls: [{ id, name, input }] });

describe("ToolCallingAgent", () => {
  it("calls tools over several steps and ends with final_answer", async () => {
    const model = new ScriptedModel([
      {
        toolCalls: [
          { id: "c1", name: "add", input: { a: 2, b: 3 } },
          { id: "c2", name: "add", input: { a: 10, b: 1 } },
        ],
      },
      call("c3", "add", { a: 5, b: 11 }),
      call("c4", "final_answer", { answer: 16 }),
    ]);
    const agent = new ToolCallingAgent({ model, tools: [add] });
    const result = await agent.run("Add 2+3 and 10+1, then add the results.");
    expect(result.status).toBe("success");
    expect(result.output).toBe(16);
    const second = model.requests[1]?.request.messages.slice(-2);
    expect(second).toEqual([
      { role: "tool", callId: "c1", content: "5" },
      { role: "tool", callId: "c2", content: "11" },
    ]);
    expect(model.requests[0]?.request.tools?.map((spec) => spec.name)).toEqual(["add", "final_answer"]);
  });

  it("sends a readable validation error back to the model and recovers", async () => {
    const model = new ScriptedModel([
      call("c1", "add", { a: "2", b: 3 }),
      call("c2", "final_answer", { answer: "done" }),
    ]);
    const result = await new ToolCallingAgent({ model, tools: [add] }).run("Add.");
    const toolMessage = model.requests[1]?.request.messages.at(-1);
    expect(toolMessage).toMatchObject({ role: "tool", callId: "c1" });
    expect(toolMessage?.content).toMatch(/^Error: Invalid input for add: a: .*expected number/i);
    expect(result.steps.find((step) => step.type === "action")).toMatchObject({
      error: { name: "ToolError" },
    });
    expect(result.status).toBe("success");
  });

  it("treats a plain text answer as the final answer", async () => {
    const model = new ScriptedModel(["Paris is the capital of France."]);
    const result = await new ToolCallingAgent({ model, tools: [add] }).run("Capital of France?");
    expect(result).toMatchObject({ status: "success", output: "Paris is the capital of France." });
  });

  it("validates a structured answer against outputSchema and lets the model fix it", async () => {
    const model = new ScriptedModel([
      call("c1", "final_answer", { answer: { city: "Paris" } }),
      call("c2", "final_answer", { answer: { city: "Paris", tempC: 21 } }),
    ]);
    const outputSchema = z.object({ city: z.string(), tempC: z.number() });
    const agent = new ToolCallingAgent({ model, outputSchema });
    const result = await agent.run("Weather?");
    expect(result.output).toEqual({ city: "Paris", tempC: 21 });
    expect(model.requests[1]?.request.messages.at(-1)?.content).toMatch(
      /does not match the expected shape: tempC:/,
    );
    const answerSpec = model.requests[0]?.request.tools?.find((spec) => spec.name === "final_answer");
    expect(answerSpec?.inputSchema).toMatchObject({
      properties: { answer: { type: "object", required: ["city", "tempC"] } },
    });
  });

  it("runs custom final answer checks", async () => {
    const model = new ScriptedModel([
      call("c1", "final_answer", { answer: 3 }),
      call("c2", "final_answer", { answer: 4 }),
    ]);
    const agent = new ToolCallingAgent<number>({
      model,
      finalAnswerChecks: [(answer) => answer % 2 === 0 || "the answer must be even"],
    });
    const result = await agent.run("An even number?");
    expect(result.output).toBe(4);
    expect(model.requests[1]?.request.messages.at(-1)?.content).toMatch(/rejected: the answer must be even/);
  });

  it("asks for approval and shows a denial to the model", async () => {
    const asked: unknown[] = [];
    let ran = 0;
    const remove = tool({
      name: "delete_file",
      description: "Deletes a file.",
      inputSchema: z.object({ path: z.string() }),
      needsApproval: ({ path }) => path.startsWith("/etc"),
      execute: async () => {
        ran++;
        return "deleted";
      },
    });
    const model = new ScriptedModel([
      call("c1", "delete_file", { path: "/tmp/x" }),
      call("c2", "delete_file", { path: "/etc/passwd" }),
      call("c3", "final_answer", { answer: "ok" }),
    ]);
    const agent = new ToolCallingAgent({
      model,
      tools: [remove],
      onApproval: async (request, { signal }) => {
        asked.push({ ...request, live: !signal.aborted });
        return false;
      },
    });
    await agent.run("Clean up.");
    expect(ran).toBe(1);
    expect(asked).toEqual([
      { name: "delete_file", input: { path: "/etc/passwd" }, callId: "c2", live: true },
    ]);
    expect(model.requests[2]?.request.messages.at(-1)?.content).toMatch(
      /user denied this call to delete_file/,
    );
  });

  it("refuses a tool needing approval when no approver is configured", async () => {
    const risky = tool({
      name: "risky",
      description: "Risky.",
      inputSchema: z.object({}),
      needsApproval: true,
      execute: async () => "ran",
    });
    const model = new ScriptedModel([call("c1", "risky", {}), "done"]);
    await new ToolCallingAgent({ model, tools: [risky] }).run("Go.");
    expect(model.requests[1]?.request.messages.at(-1)?.content).toMatch(
      /needs approval, but no approver is configured/,
    );
  });

  it("reports an unknown tool and a tool that throws, then goes on", async () => {
    const broken = tool({
      name: "broken",
      description: "Always fails.",
      inputSchema: z.object({}),
      execute: async () => {
        throw new Error("disk on fire");
      },
    });
    const model = new ScriptedModel([
      {
        toolCalls: [
          { id: "c1", name: "nope", input: {} },
          { id: "c2", name: "broken", input: {} },
        ],
      },
      "fine",
    ]);
    const result = await new ToolCallingAgent({ model, tools: [broken] }).run("Go.");
    const [nope, fire] = model.requests[1]?.request.messages.slice(-2) ?? [];
    expect(nope?.content).toMatch(/no tool named "nope". Available: broken/);
    expect(fire?.content).toBe("Error: broken failed: disk on fire");
    expect(result.output).toBe("fine");
  });

  it("streams events in order, text deltas included", async () => {
    const model = new ScriptedModel([
      { text: "Let me add these numbers.", ...call("c1", "add", { a: 1, b: 2 }) },
      "3",
    ]);
    const run = new ToolCallingAgent({ model, tools: [add], name: "adder" }).stream("1+2?");
    const events: AgentEvent[] = [];
    for await (const event of run) events.push(event);
    const types = events
      .map((event) => event.type)
      .filter((type, i, all) => type !== "text-delta" || all[i - 1] !== "text-delta");
    expect(types).toEqual([
      "run-start",
      "step-start",
      "text-delta",
      "model-response",
      "tool-call",
      "tool-result",
      "step-end",
      "step-start",
      "text-delta",
      "model-response",
      "step-end",
      "final-answer",
      "run-end",
    ]);
    const text = events.flatMap((event) =>
      event.type === "text-delta" && event.step === 1 ? [event.delta] : [],
    );
    expect(text.join("")).toBe("Let me add these numbers.");
    expect(events.every((event) => event.agentPath.join("/") === "adder")).toBe(true);
    expect(events.find((event) => event.type === "tool-result")).toMatchObject({
      name: "add",
      output: 3,
      step: 1,
    });
    expect((await run.result).output).toBe("3");
  });

  it("sums usage over every model call and keeps reasoning out of the answer", async () => {
    const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens });
    const model = new ScriptedModel(
      [
        {
          ...call("c1", "add", { a: 1, b: 1 }),
          usage: { ...usage(100, 10), cachedInputTokens: 0 },
          reasoning: "1+1 is easy",
        },
        { ...call("c2", "final_answer", { answer: 2 }), usage: { ...usage(150, 5), cachedInputTokens: 100 } },
      ],
      { stream: false },
    );
    const result = await new ToolCallingAgent({ model, tools: [add] }).run("1+1");
    expect(result.usage).toEqual({ inputTokens: 250, outputTokens: 15, cachedInputTokens: 100 });
    expect(result.steps[1]).toMatchObject({ type: "action", reasoning: "1+1 is easy" });
    expect(JSON.stringify(model.requests[1]?.request.messages)).not.toContain("1+1 is easy");
  });
});

describe("the shared loop", () => {
  it("keeps every request a byte-for-byte extension of the previous one", async () => {
    const model = new ScriptedModel([
      "Plan: add twice.",
      call("c1", "add", { a: 1, b: 2 }),
      "not done yet",
      "Updated plan: add once more, then answer.",
      call("c2", "add", { a: 3, b: 4 }),
      call("c3", "final_answer", { answer: "x" }),
    ]);
    const agent = new ToolCallingAgent({
      model,
      tools: [add],
      planningInterval: 2,
      // Rejecting the text answer makes the run go on with an error observation in memory.
      finalAnswerChecks: [(answer) => answer === "x" || "not yet"],
    });
    const result = await agent.run("Add things.");
    expect(result.status).toBe("success");
    expect(model.requests).toHaveLength(6);
    assertPrefixChain(model.requests.map((entry) => entry.request));
  });

  it("plans first and then every interval, counting the steps left", async () => {
    const model = new ScriptedModel([
      "Plan: add, then answer.",
      call("c1", "add", { a: 1, b: 2 }),
      call("c2", "add", { a: 3, b: 4 }),
      "Updated plan: answer now.",
      call("c3", "final_answer", { answer: 10 }),
    ]);
    const result = await new ToolCallingAgent({ model, tools: [add], planningInterval: 2, maxSteps: 5 }).run(
      "Add.",
    );
    expect(result.status).toBe("success");
    const prompts = result.steps.flatMap((step) => (step.type === "plan" ? [step] : []));
    expect(prompts.map((step) => step.step)).toEqual([1, 3]);
    expect(prompts[0]?.prompt).toMatch(/at most 5 steps/);
    expect(prompts[1]?.prompt).toMatch(/You have 3 steps left/);
    expect(model.requests[0]?.request).toMatchObject({ toolChoice: "none" });
    expect(model.requests[0]?.request.tools).toEqual(model.requests[1]?.request.tools);
    expect(model.requests[1]?.request.toolChoice).toBeUndefined();
    expect(model.requests[1]?.request.messages.slice(-3).map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
    ]);
    assertPrefixChain(model.requests.map((entry) => entry.request));
  });

  it("asks once more for the best answer when steps run out", async () => {
    const model = new ScriptedModel([
      call("c1", "add", { a: 1, b: 1 }),
      call("c2", "add", { a: 2, b: 2 }),
      "My best answer: 4",
    ]);
    const result = await new ToolCallingAgent({ model, tools: [add], maxSteps: 2 }).run("Add forever.");
    expect(result.status).toBe("max_steps");
    expect(result.output).toBe("My best answer: 4");
    expect(result.error).toMatchObject({
      name: "MaxStepsError",
      code: "max_steps",
      message: expect.stringMatching(/all 2 steps/),
    });
    expect(model.requests).toHaveLength(3);
    expect(model.requests[2]?.request).toMatchObject({
      toolChoice: "none",
      tools: model.requests[1]?.request.tools,
    });
    expect(model.requests[2]?.request.messages.at(-1)?.content).toMatch(/run out of steps/);
    expect(result.steps.at(-1)).toMatchObject({ type: "final-answer", answer: "My best answer: 4" });
    assertPrefixChain(model.requests.map((entry) => entry.request));
  });

  it("ends with status error when the model fails, keeping the steps so far", async () => {
    const model = new ScriptedModel([call("c1", "add", { a: 1, b: 1 }), new Error("upstream exploded")]);
    const result = await new ToolCallingAgent({ model, tools: [add] }).run("Add.");
    expect(result.status).toBe("error");
    expect(result.error).toEqual({ name: "Error", message: "upstream exploded" });
    expect(result.steps.map((step) => step.type)).toEqual(["task", "action"]);
  });

  it("aborts a model call that is under way", async () => {
    const controller = new AbortController();
    // The model never answers; the run is aborted once the call has started.
    const model = new ScriptedModel([
      () => {
        queueMicrotask(() => controller.abort());
        return new Promise<string>(() => {});
      },
    ]);
    const result = await new ToolCallingAgent({ model }).run("Wait.", { signal: controller.signal });
    expect(result.status).toBe("aborted");
    expect(result.error?.name).toBe("AbortError");
    expect(model.requests).toHaveLength(1);
  });

  it("aborts a tool that ignores its signal and passes the signal to tools", async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const slow = tool({
      name: "slow",
      description: "Takes forever.",
      inputSchema: z.object({}),
      execute: (_input, { signal }) => {
        seen = signal;
        setTimeout(() => controller.abort(), 10);
        return new Promise(() => {});
      },
    });
    const model = new ScriptedModel([call("c1", "slow", {}), "unreached"]);
    const result = await new ToolCallingAgent({ model, tools: [slow] }).run("Go.", {
      signal: controller.signal,
    });
    expect(result.status).toBe("aborted");
    expect(seen?.aborted).toBe(true);
    expect(model.requests).toHaveLength(1);
  });

  it("keeps steps JSON-serializable", async () => {
    const model = new ScriptedModel([
      call("c1", "add", { a: 1, b: 2 }),
      call("c2", "final_answer", { answer: { n: 3 } }),
    ]);
    const result = await new ToolCallingAgent({ model, tools: [add], planningInterval: 1 })
      .run("Add.")
      .catch(() => undefined);
    expect(result).toBeDefined();
    expect(JSON.parse(JSON.stringify(result?.steps))).toEqual(result?.steps);
  });

  it("continues the previous run with reset: false and starts clean by default", async () => {
    const model = new ScriptedModel(["first answer", "second answer", "third answer"]);
    const agent = new ToolCallingAgent({ model });
    await agent.run("Task one.");
    const continued = await agent.run("Task two.", { reset: false });
    expect(continued.steps.map((step) => step.type)).toEqual(["task", "action", "task", "action"]);
    expect(model.requests[1]?.request.messages.map((message) => message.content)).toContain(
      "New task:\nTask two.",
    );
    assertPrefixChain([model.requests[0]!.request, model.requests[1]!.request]);
    const fresh = await agent.run("Task three.");
    expect(fresh.steps).toHaveLength(2);
    expect(model.requests[2]?.request.messages).toHaveLength(2);
  });

  it("runs concurrently without sharing state", async () => {
    const model = new ScriptedModel([
      (request) => `answer to ${taskOf(request)}`,
      (request) => `answer to ${taskOf(request)}`,
    ]);
    const agent = new ToolCallingAgent({ model });
    const [a, b] = await Promise.all([agent.run("alpha"), agent.run("beta")]);
    expect(a.output).toBe("answer to alpha");
    expect(b.output).toBe("answer to beta");
    expect(a.steps).toHaveLength(2);
    expect(b.steps).toHaveLength(2);
  });
});

function taskOf(request: ModelRequest): string {
  return request.messages[1]?.content.replace("Task:\n", "") ?? "";
}

/** Each request's messages begin with all of the previous request's messages, byte for byte. */
function assertPrefixChain(requests: ModelRequest[]): void {
  expect(requests.length).toBeGreaterThan(1);
  const frame = ({ tools, stop }: ModelRequest) => JSON.stringify({ tools, stop });
  for (const [i, request] of requests.entries()) {
    expect(frame(request)).toBe(frame(requests[0]!));
    const roles = request.messages.map((message) => message.role).join(" ");
    expect(roles).not.toMatch(/user user/);
    if (i === 0) continue;
    const before = requests[i - 1]!.messages;
    const after = request.messages;
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    expect(JSON.stringify(after.slice(0, before.length - 1))).toBe(JSON.stringify(before.slice(0, -1)));
    // The last message may have grown, when a user message was merged into it: still a prefix.
    const last = before.length - 1;
    expect(after[last]?.role).toBe(before[last]?.role);
    expect(after[last]?.content.startsWith(before[last]?.content ?? "")).toBe(true);
  }
}
