import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ExecutionResult, Executor, ExecutorSession } from "../executor.js";
import type { AgentEvent } from "../run/events.js";
import { ScriptedModel } from "../testing/scripted-model.js";
import { tool } from "../tool/tool.js";
import { CodeAgent } from "./code-agent.js";
import { ToolCallingAgent } from "./tool-calling-agent.js";

const call = (id: string, name: string, input: unknown) => ({ toolCalls: [{ id, name, input }] });
const answer = (value: unknown) => call("answer", "final_answer", { answer: value });

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A tool that tells the test when it runs and then waits for its signal, as a slow tool would. */
function waitingTool() {
  const started = deferred<AbortSignal>();
  const waits = tool({
    name: "wait",
    description: "Waits.",
    inputSchema: z.object({}),
    execute: (_, { signal }) => {
      started.resolve(signal);
      return new Promise((resolve) => signal.addEventListener("abort", () => resolve("stopped")));
    },
  });
  return { waits, started: started.promise };
}

/**
 * An executor whose sessions run "code" by name: each program is a function of the host
 * functions. It counts sessions opened and closed, and records the globals defined later.
 */
type Program = (fns: Record<string, (input: unknown) => Promise<unknown>>) => Promise<unknown> | undefined;

function countingExecutor(programs: Record<string, Program>) {
  const counts = { opened: 0, closed: 0, defined: [] as Record<string, unknown>[] };
  const executor: Executor = {
    async createSession({ functions }) {
      counts.opened++;
      let open = true;
      const session: ExecutorSession = {
        async execute(code, { signal } = {}): Promise<ExecutionResult> {
          const controller = new AbortController();
          signal?.addEventListener("abort", () => controller.abort(signal.reason));
          const bound = Object.fromEntries(
            Object.entries(functions).map(([name, fn]) => [
              name,
              (input: unknown) => fn(input, { signal: controller.signal }),
            ]),
          );
          try {
            const value = await programs[code.trim()]?.(bound);
            return { logs: "", durationMs: 0, ...(value !== undefined && { value }) };
          } catch (error) {
            if (signal?.aborted) throw error;
            return { logs: "", durationMs: 0, error: { name: "Error", message: (error as Error).message } };
          } finally {
            controller.abort();
          }
        },
        async defineGlobals(globals) {
          counts.defined.push(globals);
        },
        async dispose() {
          if (open) counts.closed++;
          open = false;
        },
        [Symbol.asyncDispose]: () => session.dispose(),
      };
      return session;
    },
  };
  return { executor, counts };
}

const js = (code: string) => `\`\`\`js\n${code}\n\`\`\``;

describe("a run's lifecycle", () => {
  it("ends running runs and closes every session on dispose, kept ones included", async () => {
    const { waits, started } = waitingTool();
    const { executor, counts } = countingExecutor({
      "await wait()": (fns) => fns.wait?.({}),
      "final_answer(1)": (fns) => fns.final_answer?.(1),
    });
    const agent = new CodeAgent({
      model: new ScriptedModel([js("final_answer(1)"), js("await wait()")]),
      executor,
      tools: [waits],
    });
    expect((await agent.run("Keep a session.")).status).toBe("success");
    const running = agent.run("Wait.");
    const signal = await started;
    await agent.dispose();
    const result = await running;
    expect(result).toMatchObject({ status: "aborted", error: { code: "agent_disposed" } });
    expect(signal.aborted).toBe(true);
    expect(counts).toMatchObject({ opened: 2, closed: 2 });
    const later = await agent.run("After.");
    expect(later).toMatchObject({ status: "aborted", error: { code: "agent_disposed" } });
    expect(counts.opened).toBe(2);
  });

  it("closes the session a reset: false run took over when that run cannot start", async () => {
    const { executor, counts } = countingExecutor({
      "final_answer(1)": (fns) => fns.final_answer?.(1),
    });
    const agent = new CodeAgent({ model: new ScriptedModel([js("final_answer(1)")]), executor });
    await agent.run("Keep a session.");
    expect(counts).toMatchObject({ opened: 1, closed: 0 });
    const controller = new AbortController();
    controller.abort();
    const result = await agent.run("Continue.", { reset: false, signal: controller.signal });
    expect(result.status).toBe("aborted");
    expect(counts).toMatchObject({ opened: 1, closed: 1 });
  });

  it("gives continued variables to the kept session as data", async () => {
    const { executor, counts } = countingExecutor({
      "final_answer(1)": (fns) => fns.final_answer?.(1),
    });
    const agent = new CodeAgent({
      model: new ScriptedModel([js("final_answer(1)"), js("final_answer(1)")]),
      executor,
    });
    await agent.run("First.");
    const big = { n: 10n, tricky: JSON.parse('{"__proto__": 1}') };
    await agent.run("Second.", { reset: false, variables: { big } });
    expect(counts.defined).toEqual([{ big }]);
    expect(counts.defined[0]?.big).toBe(big);
    await agent.dispose();
  });

  it("returns steps as a snapshot that later continued runs never change", async () => {
    const agent = new ToolCallingAgent({ model: new ScriptedModel([answer(1), answer(2)]) });
    const first = await agent.run("One.");
    const count = first.steps.length;
    const second = await agent.run("Two.", { reset: false });
    expect(first.steps).toHaveLength(count);
    expect(second.steps.length).toBeGreaterThan(count);
    expect(second.steps.slice(0, count)).toEqual(first.steps);
  });

  it("counts the usage of every model call: planning, aborted steps and the best answer", async () => {
    const usage = (n: number) => ({ inputTokens: n, outputTokens: 1 });
    const planned = new ToolCallingAgent({
      model: new ScriptedModel([
        { text: "Plan.", usage: usage(100) },
        { ...call("c", "nothing", {}), usage: usage(20) },
        { text: "Best guess.", usage: usage(3) },
      ]),
      planningInterval: 5,
      maxSteps: 1,
    });
    expect((await planned.run("Plan then run out."))?.usage).toEqual({ inputTokens: 123, outputTokens: 3 });

    const controller = new AbortController();
    const aborting = tool({
      name: "abort_run",
      description: "Aborts the run.",
      inputSchema: z.object({}),
      execute: async () => controller.abort(),
    });
    const agent = new ToolCallingAgent({
      model: new ScriptedModel([{ ...call("c", "abort_run", {}), usage: usage(7) }]),
      tools: [aborting],
    });
    const aborted = await agent.run("Abort.", { signal: controller.signal });
    expect(aborted.status).toBe("aborted");
    expect(aborted.usage).toEqual({ inputTokens: 7, outputTokens: 1 });
    expect(aborted.steps.some((step) => step.type === "action")).toBe(false);
  });

  it("gives every reader of one stream every event", async () => {
    const agent = new ToolCallingAgent({ model: new ScriptedModel([answer(1)]) });
    const run = agent.stream("One.");
    const read = async () => {
      const types: string[] = [];
      for await (const event of run) types.push(event.type);
      return types;
    };
    const [a, b] = await Promise.all([read(), read()]);
    expect(a).toEqual(b);
    expect(a.at(0)).toBe("run-start");
    expect(a.at(-1)).toBe("run-end");
    expect(await read()).toEqual(a);
  });
});

describe("an abort ends the run wherever it waits", () => {
  const needsApproval = tool({
    name: "risky",
    description: "Needs approval.",
    inputSchema: z.object({}),
    needsApproval: true,
    execute: async () => "done",
  });

  it.each(["code", "tool calling"])("in onApproval and in final-answer checks (%s agent)", async (kind) => {
    for (const stage of ["approval", "check"] as const) {
      const waiting = deferred<AbortSignal>();
      const hang = (_: unknown, { signal }: { signal: AbortSignal }) => {
        waiting.resolve(signal);
        return new Promise<boolean>(() => {});
      };
      const controller = new AbortController();
      const options = {
        tools: [needsApproval],
        onApproval: stage === "approval" ? hang : undefined,
        finalAnswerChecks:
          stage === "check"
            ? [(answer: unknown, context: { signal: AbortSignal }) => hang(answer, context)]
            : [],
      };
      const agent =
        kind === "code"
          ? new CodeAgent({
              ...options,
              model: new ScriptedModel([
                js(stage === "approval" ? "await risky()" : "await final_answer(1)"),
              ]),
              executor: countingExecutor({
                "await risky()": (fns) => fns.risky?.({}),
                "await final_answer(1)": (fns) => fns.final_answer?.(1),
              }).executor,
            })
          : new ToolCallingAgent({
              ...options,
              model: new ScriptedModel([stage === "approval" ? call("c", "risky", {}) : answer(1)]),
            });
      const running = agent.run("Wait.", { signal: controller.signal });
      const signal = await waiting.promise;
      expect(signal.aborted).toBe(false);
      controller.abort();
      expect(await running).toMatchObject({ status: "aborted" });
      expect(signal.aborted).toBe(true);
    }
  });

  it("in planning and in the best-answer call", async () => {
    const hangAfter = (controller: AbortController) => () => {
      controller.abort();
      return new Promise<string>(() => {});
    };
    const planning = new AbortController();
    const planner = new ToolCallingAgent({
      model: new ScriptedModel([hangAfter(planning)]),
      planningInterval: 1,
    });
    expect(await planner.run("Plan.", { signal: planning.signal })).toMatchObject({ status: "aborted" });
    const last = new AbortController();
    const model = new ScriptedModel([call("c", "nothing", {}), hangAfter(last)]);
    const agent = new ToolCallingAgent({ model, maxSteps: 1 });
    expect(await agent.run("Run out.", { signal: last.signal })).toMatchObject({ status: "aborted" });
    expect(model.requests).toHaveLength(2);
  });
});

describe("a sub-agent run", () => {
  it("extends its parent's agentPath, emits through its stream and adds its usage to it", async () => {
    const worker = new ToolCallingAgent({
      name: "worker",
      model: new ScriptedModel([{ ...answer("done"), usage: { inputTokens: 40, outputTokens: 2 } }]),
    });
    const delegate = tool({
      name: "delegate",
      description: "Hands the task to the worker.",
      inputSchema: z.object({ task: z.string() }),
      execute: async ({ task }, { parent }) => (await worker.run(task, { parent })).output,
    });
    const manager = new ToolCallingAgent({
      name: "manager",
      model: new ScriptedModel([
        { ...call("c", "delegate", { task: "Do it." }), usage: { inputTokens: 1, outputTokens: 1 } },
        { ...answer("ok"), usage: { inputTokens: 1, outputTokens: 1 } },
      ]),
      tools: [delegate],
    });
    const run = manager.stream("Manage.");
    const events: AgentEvent[] = [];
    for await (const event of run) events.push(event);
    const result = await run.result;
    expect(result.usage).toEqual({ inputTokens: 42, outputTokens: 4 });
    const fromWorker = events.filter((event) => event.agentPath.length === 2);
    expect(fromWorker.map((event) => event.type)).toContain("run-end");
    expect(new Set(fromWorker.map((event) => event.agentPath.join("/")))).toEqual(
      new Set(["manager/worker"]),
    );
  });
});
