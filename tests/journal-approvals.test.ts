/**
 * Journaled runs that wait for approval across processes, managers whose workers are journaled
 * under them, and runs on an engine that replays its own steps (as Restate does).
 */
import { CodeAgent, memoryJournal, type RunJournal, ToolCallingAgent, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { agentTool } from "@codeact/multi-agent";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { js, world } from "./journal-world.js";

describe("a journaled run waiting for approval", () => {
  /** A payment tool that needs approval and counts its real executions. */
  function payments() {
    const paid: unknown[] = [];
    const pay = tool({
      name: "pay",
      description: "Pays an amount.",
      inputSchema: z.object({ amount: z.number() }),
      needsApproval: true,
      execute: ({ amount }) => {
        paid.push(amount);
        return `paid ${amount}`;
      },
    });
    return { paid, pay };
  }

  it("suspends, and resumes with the decision in another agent without asking again", async () => {
    const journal = memoryJournal();
    const { paid, pay } = payments();
    const asked: string[] = [];
    const first = new CodeAgent({
      model: new ScriptedModel([js("const receipt = await pay({ amount: 5 });\nconsole.log(receipt)")]),
      executor: new QuickJSExecutor(),
      tools: [pay],
      onApproval: (call) => {
        asked.push(call.name);
        return "suspend";
      },
    });
    const suspended = await first.run("Pay 5, then answer with the receipt.", { journal });
    expect(suspended.status).toBe("suspended");
    expect(suspended.error).toMatchObject({ code: "approval_pending" });
    const key = `${suspended.runId}:1:0`;
    expect(suspended).toMatchObject({ pendingApproval: { key, name: "pay", input: { amount: 5 } } });
    expect(suspended.error?.message).toContain(`approvals: { "${key}": true }`);
    expect(paid).toEqual([]);

    // Hours later, elsewhere: the decision arrives with the resume; the approver is not asked.
    const later = new ScriptedModel([js("final_answer(receipt)")]);
    const second = new CodeAgent({
      model: later,
      executor: new QuickJSExecutor(),
      tools: [pay],
      onApproval: () => {
        throw new Error("asked again");
      },
    });
    const result = await second.resume(suspended.runId, { journal, approvals: { [key]: true } });
    expect(result.status, result.error?.message).toBe("success");
    expect(result.output).toBe("paid 5");
    expect(paid).toEqual([5]);
    expect(asked).toEqual(["pay"]);
    expect(later.requests).toHaveLength(1);
    const entries = await journal.read(suspended.runId);
    expect(entries.filter((entry) => entry.type === "approval")).toEqual([
      { type: "approval", step: 1, index: 0, approved: true },
    ]);
  });

  it("denies the call when the decision is false, and the model is told", async () => {
    const journal = memoryJournal();
    const { paid, pay } = payments();
    const agent = (model: ScriptedModel) =>
      new CodeAgent({ model, executor: new QuickJSExecutor(), tools: [pay], onApproval: () => "suspend" });
    const model = new ScriptedModel([js("const receipt = await pay({ amount: 7 })")]);
    const suspended = await agent(model).run("Pay 7.", { journal });
    const later = new ScriptedModel([js('final_answer("not paid")')]);
    const result = await agent(later).resume(suspended.runId, {
      journal,
      approvals: { [`${suspended.runId}:1:0`]: false },
    });
    expect(result).toMatchObject({ status: "success", output: "not paid" });
    expect(paid).toEqual([]);
    expect(later.requests[0]?.request.messages.at(-1)?.content).toMatch(/denied this call to pay/);
  });

  it("suspends and resumes a ToolCallingAgent the same way", async () => {
    const journal = memoryJournal();
    const { paid, pay } = payments();
    const call = { text: "", toolCalls: [{ id: "c1", name: "pay", input: { amount: 3 } }] };
    const suspended = await new ToolCallingAgent({
      model: new ScriptedModel([call]),
      tools: [pay],
      onApproval: () => "suspend",
    }).run("Pay 3.", { journal });
    expect(suspended).toMatchObject({ status: "suspended", pendingApproval: { name: "pay" } });
    const later = new ScriptedModel([
      { text: "", toolCalls: [{ id: "c2", name: "final_answer", input: { answer: "paid" } }] },
    ]);
    const result = await new ToolCallingAgent({ model: later, tools: [pay] }).resume(suspended.runId, {
      journal,
      approvals: { [String(suspended.status === "suspended" && suspended.pendingApproval?.key)]: true },
    });
    expect(result).toMatchObject({ status: "success", output: "paid" });
    expect(paid).toEqual([3]);
  });

  it('denies a call whose approver answers "suspend" in a run without a journal', async () => {
    const { paid, pay } = payments();
    const model = new ScriptedModel([js("await pay({ amount: 1 })"), js('final_answer("done")')]);
    const result = await new CodeAgent({
      model,
      executor: new QuickJSExecutor(),
      tools: [pay],
      onApproval: () => "suspend",
    }).run("Pay 1.");
    expect(result.status).toBe("success");
    expect(paid).toEqual([]);
    expect(model.requests[1]?.request.messages.at(-1)?.content).toMatch(/only a journaled run can wait/);
  });
});

describe("a journaled manager with a worker agent", () => {
  it("journals the worker under the manager, so a worker in flight at a crash resumes, not restarts", async () => {
    const journal = memoryJournal();
    const things = world();
    const workerModel = new ScriptedModel([
      js("const n = await count({});\nconsole.log(n)"),
      js("const w = await wait({});\nfinal_answer([n, w])"),
    ]);
    const worker = new CodeAgent({
      name: "counter",
      description: "Counts, then waits.",
      model: workerModel,
      executor: new QuickJSExecutor(),
      tools: things.tools,
    });
    const managerModel = new ScriptedModel([
      js('final_answer(await counter({ task: "Count, then wait." }))'),
    ]);
    const manager = new CodeAgent({
      model: managerModel,
      executor: new QuickJSExecutor(),
      tools: [agentTool(worker)],
    });
    const controller = new AbortController();
    const running = manager.run("Ask the counter.", { journal, signal: controller.signal });
    await things.started(1);
    controller.abort(new Error("the process crashed"));
    const crashed = await running;
    expect(crashed.status).toBe("aborted");
    const workerRunId = `${crashed.runId}.1.0`;
    expect((await journal.read(workerRunId)).map((entry) => entry.type)).toContain("call");

    // A new process: fresh agents, the same journal.
    const laterWorkerModel = new ScriptedModel([]);
    const laterWorker = new CodeAgent({
      name: "counter",
      description: "Counts, then waits.",
      model: laterWorkerModel,
      executor: new QuickJSExecutor(),
      tools: things.tools,
    });
    const laterManagerModel = new ScriptedModel([]);
    const resumed = new CodeAgent({
      model: laterManagerModel,
      executor: new QuickJSExecutor(),
      tools: [agentTool(laterWorker)],
    }).resume(crashed.runId, { journal });
    await things.started(2);
    things.release();
    const result = await resumed;
    expect(result.status, result.error?.message).toBe("success");
    expect(result.output).toEqual([1, "waited"]);
    // The worker's count ran once, and neither model was asked again: both runs replayed.
    expect(things.ran).toEqual(["count"]);
    expect(laterWorkerModel.requests).toHaveLength(0);
    expect(laterManagerModel.requests).toHaveLength(0);
    expect(things.keys).toEqual([`${workerRunId}:2:0`, `${workerRunId}:2:0`]);
  });
});

/**
 * An engine that keeps a run's steps and replays them itself, as Restate does: each attempt runs
 * the whole run again, and a step it already kept returns its kept value without running. A
 * killed attempt keeps nothing more, like a dead worker.
 */
function replayingEngine() {
  const kept: { name: string; value: unknown }[] = [];
  const attempt = () => {
    let next = 0;
    let dead = false;
    const journal: RunJournal = {
      append: async () => {},
      read: async () => [],
      async step(name, produce) {
        const at = next++;
        const recorded = kept[at];
        if (recorded) {
          if (recorded.name !== name) throw new Error(`step ${at} was ${recorded.name}, now ${name}`);
          return recorded.value as never;
        }
        const value = await produce();
        if (!dead) kept[at] = { name, value: JSON.parse(JSON.stringify(value ?? null)) };
        return value;
      },
    };
    return { journal, kill: () => (dead = true) };
  };
  return { kept, attempt };
}

describe("a run on an engine that replays its own steps (journal.step)", () => {
  it("runs again from the top after a dead attempt, with kept steps answered and the rest live", async () => {
    const engine = replayingEngine();
    const things = world();
    const model = new ScriptedModel([
      js("const a = await count({});\nconst r = Math.random();\nconsole.log(r)"),
      js("const b = await count({});\nconst w = await wait({})"),
      js("final_answer([a, b, w, r])"),
    ]);
    const agent = new CodeAgent({ model, executor: new QuickJSExecutor(), tools: things.tools });
    const first = engine.attempt();
    const controller = new AbortController();
    const abandoned = agent.run("Count twice, wait, answer.", {
      journal: first.journal,
      runId: "run-1",
      signal: controller.signal,
    });
    await things.started(1);
    // The worker dies with `wait` in flight: nothing after this is kept.
    first.kill();
    controller.abort();
    await abandoned;
    expect(engine.kept.map((step) => step.name)).toEqual([
      "model 0",
      "pin 1",
      "call 1.0 count",
      "step 1",
      "model 1",
      "pin 2",
      "call 2.0 count",
    ]);

    const second = engine.attempt();
    const running = agent.run("Count twice, wait, answer.", { journal: second.journal, runId: "run-1" });
    await things.started(2);
    things.release();
    const result = await running;
    expect(result.status, result.error?.message).toBe("success");
    const [a, b, w, r] = result.output as [number, number, string, number];
    expect([a, b, w]).toEqual([1, 2, "waited"]);
    // The roll was pinned by the kept seed: the dead attempt's sandbox logged the same number.
    expect(model.requests[1]?.request.messages.at(-1)?.content).toContain(`Logs:\n${r}`);
    expect(things.ran).toEqual(["count", "count"]);
    // Three model calls in all: two in the dead attempt, one live after the replay.
    expect(model.requests).toHaveLength(3);
    expect(things.keys).toEqual(["run-1:2:1", "run-1:2:1"]);
  });
});
