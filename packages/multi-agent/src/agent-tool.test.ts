import { type AgentEvent, CodeAgent, ToolCallingAgent, ToolError, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { agentTool } from "./index.js";

const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;
const executor = new QuickJSExecutor();

/** A worker whose model answers each task from the task's text, so parallel runs can be told apart. */
function echoWorker(name = "researcher") {
  const model = new ScriptedModel(
    Array.from({ length: 10 }, () => (request: { messages: { content: string }[] }) => {
      const task = /^Task:\n(.*)/.exec(request.messages[1]?.content ?? "")?.[1];
      return js(
        `globalThis.seen = (globalThis.seen ?? 0) + 1;\nfinal_answer({ task: ${JSON.stringify(task)}, seen })`,
      );
    }),
  );
  return new CodeAgent({
    model,
    executor,
    name,
    description: "Looks things up.",
    outputSchema: z.object({ task: z.string(), seen: z.number() }),
  });
}

describe("agentTool", () => {
  it("declares the worker typed, and runs parallel calls as fresh runs that share nothing", async () => {
    const researcher = agentTool(echoWorker());
    const model = new ScriptedModel([
      js(
        'const [a, b] = await Promise.all([researcher({ task: "alpha" }), researcher({ task: "beta" })]);\nfinal_answer([a, b])',
      ),
    ]);
    const manager = new CodeAgent({ model, executor, tools: [researcher], name: "manager" });
    const result = await manager.run("Look up alpha and beta at once.");
    expect(result.status, result.error?.message).toBe("success");
    // Each run has its own sandbox: `seen` is 1 in both, and each answered its own task.
    expect(result.output).toEqual([
      expect.objectContaining({ seen: 1 }),
      expect.objectContaining({ seen: 1 }),
    ]);
    expect((result.output as { task: string }[]).map((answer) => answer.task)).toEqual(["alpha", "beta"]);
    expect(model.requests[0]?.request.messages[0]?.content).toMatch(
      /declare function researcher\(input: \{[\s\S]*task: string;[\s\S]*context\?: unknown;[\s\S]*\}\): Promise<\{ task: string; seen: number \}>;/,
    );
  });

  it("streams the worker's events through the manager's run with the full path, and adds its usage", async () => {
    const worker = echoWorker();
    const model = new ScriptedModel([js('final_answer(await researcher({ task: "gamma" }))')]);
    const manager = new CodeAgent({ model, executor, tools: [agentTool(worker)], name: "manager" });
    const run = manager.stream("Look up gamma.");
    const events: AgentEvent[] = [];
    for await (const event of run) events.push(event);
    const result = await run.result;
    const paths = new Set(events.map((event) => event.agentPath.join(">")));
    expect(paths).toEqual(new Set(["manager", "manager>researcher"]));
    const workerEnd = events.find((event) => event.type === "run-end" && event.agentPath.length === 2);
    const workerUsage = workerEnd?.type === "run-end" ? workerEnd.result.usage : undefined;
    expect(workerUsage?.inputTokens).toBeGreaterThan(0);
    // The manager's usage is its own model calls' plus the worker's, exactly.
    const own = events
      .filter((event) => event.type === "model-response" && event.agentPath.length === 1)
      .reduce(
        (sum, event) => sum + (event.type === "model-response" ? event.response.usage.inputTokens : 0),
        0,
      );
    expect(own).toBeGreaterThan(0);
    expect(result.usage.inputTokens).toBe(own + (workerUsage?.inputTokens ?? 0));
  });

  it("throws a ToolError with the status when a worker fails or runs out of steps, never a success", async () => {
    const slow = () =>
      new CodeAgent({
        model: new ScriptedModel([
          js("console.log('working')"),
          js("console.log('still working')"),
          "I could not finish.",
        ]),
        executor,
        name: "slow",
        maxSteps: 2,
      });
    const model = new ScriptedModel([
      js(
        "try { await slow({ task: 'finish' }) } catch (error) { final_answer({ name: error.name, message: error.message }) }",
      ),
    ]);
    const manager = new CodeAgent({ model, executor, tools: [agentTool(slow())] });
    const result = await manager.run("Have slow finish.");
    expect(result.output).toEqual({
      name: "ToolError",
      message: expect.stringMatching(
        /^slow failed: its run ended with status "max_steps": The run used all 2 steps/,
      ),
    });

    const direct = await Promise.resolve(
      agentTool(slow()).execute({ task: "finish" }, { signal: new AbortController().signal, callId: "c1" }),
    ).catch((error: unknown) => error);
    expect(ToolError.isInstance(direct)).toBe(true);
    expect((direct as ToolError).details).toMatchObject({
      status: "max_steps",
      error: { code: "max_steps" },
    });
  });

  it("reaches nested workers with the manager's abort", async () => {
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => {
      started = resolve;
    });
    const reasons: unknown[] = [];
    const wait = tool({
      name: "wait",
      description: "Waits until stopped.",
      inputSchema: z.object({}),
      execute: (_, { signal }) =>
        new Promise((_, reject) => {
          signal.addEventListener("abort", () => {
            reasons.push(signal.reason);
            reject(signal.reason);
          });
          started();
        }),
    });
    const inner = new CodeAgent({
      model: new ScriptedModel([js("await wait({})")]),
      executor,
      tools: [wait],
      name: "inner",
    });
    const middle = new CodeAgent({
      model: new ScriptedModel([js('await inner({ task: "wait" })')]),
      executor,
      tools: [agentTool(inner)],
      name: "middle",
    });
    const top = new ToolCallingAgent({
      model: new ScriptedModel([
        { text: "", toolCalls: [{ id: "t1", name: "middle", input: { task: "delegate" } }] },
      ]),
      tools: [agentTool(middle)],
      name: "top",
    });
    const controller = new AbortController();
    const run = top.stream("Delegate all the way down.", { signal: controller.signal });
    const paths = new Set<string>();
    void waiting.then(() => controller.abort(new Error("the user stopped")));
    for await (const event of run) paths.add(event.agentPath.join(">"));
    expect((await run.result).status).toBe("aborted");
    expect(reasons).toHaveLength(1);
    expect(paths).toEqual(new Set(["top", "top>middle", "top>middle>inner"]));
  });

  it("refuses calls past maxDepth and past maxConcurrent, saying which limit and what to do", async () => {
    const leaf = echoWorker("leaf");
    const middle = new CodeAgent({
      model: new ScriptedModel([
        js("try { final_answer(await leaf({ task: 'x' })) } catch (error) { final_answer(error.message) }"),
      ]),
      executor,
      tools: [agentTool(leaf, { maxDepth: 2 })],
      name: "middle",
    });
    const model = new ScriptedModel([js("final_answer(await middle({ task: 'go' }))")]);
    const top = new CodeAgent({ model, executor, tools: [agentTool(middle)], name: "top" });
    expect((await top.run("Go deep.")).output).toBe(
      "leaf was not started: it would run 3 agents deep, past maxDepth 2. Do this part of the task yourself.",
    );

    const busy = new ScriptedModel([
      js(
        "const calls = [1, 2, 3].map((n) => leaf({ task: String(n) }).then(() => 'ok', (error) => error.message));\nfinal_answer(await Promise.all(calls))",
      ),
    ]);
    const limited = new CodeAgent({
      model: busy,
      executor,
      tools: [agentTool(echoWorker("leaf"), { maxConcurrent: 2 })],
    });
    expect((await limited.run("Three at once.")).output).toEqual([
      "ok",
      "ok",
      "leaf was not started: 2 calls to it are running, its maxConcurrent is 2. Await some before starting more.",
    ]);
    expect(() => agentTool(leaf, { maxConcurrent: 0 })).toThrow(
      /maxConcurrent must be a whole number above 0/,
    );
  });
});
