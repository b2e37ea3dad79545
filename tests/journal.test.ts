/**
 * Journaled runs resumed after a "crash" (the run stopped mid-step): recorded model responses
 * are reused, the code runs again in a fresh QuickJS sandbox with its tool calls answered from
 * the journal, and the run goes on live. No model call and no completed tool call repeats.
 */
import {
  CodeAgent,
  type Executor,
  type JournalEntry,
  memoryJournal,
  type RunJournal,
  ToolCallingAgent,
  tool,
} from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { E2BExecutor } from "@codeact/executors/e2b";
import { ProcessExecutor } from "@codeact/executors/process";
import { agentTool } from "@codeact/multi-agent";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestEnvd, type TestEnvd } from "../packages/executors/src/e2b/__fixtures__/envd.js";

const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;

/** A counter tool that records how often it really ran, and a tool that waits until told. */
function world() {
  const ran: string[] = [];
  const keys: string[] = [];
  let release: (() => void) | undefined;
  const listeners: Array<() => void> = [];
  /** Resolves once `wait` has been called `count` times in all. */
  const started = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (keys.length >= count ? resolve() : listeners.push(check));
      check();
    });
  const count = tool({
    name: "count",
    description: "Counts up.",
    inputSchema: z.object({}),
    execute: () => {
      ran.push("count");
      return ran.filter((name) => name === "count").length;
    },
  });
  const wait = tool({
    name: "wait",
    description: "Waits.",
    inputSchema: z.object({}),
    execute: (_, { signal, idempotencyKey }) => {
      keys.push(idempotencyKey ?? "none");
      for (const listener of listeners.splice(0)) listener();
      return new Promise((resolve, reject) => {
        release = () => resolve("waited");
        signal.addEventListener("abort", () => reject(signal.reason));
      });
    },
  });
  return { ran, keys, started, tools: [count, wait], release: () => release?.() };
}

/** Executors a journaled run must replay the same way in: the pinned clock is plain guest code. */
const executors: [string, () => Executor][] = [
  ["QuickJS in worker threads", () => new QuickJSExecutor()],
  ["QuickJS inline", () => new QuickJSExecutor({ thread: "inline" })],
  ["ProcessExecutor (a node child)", () => new ProcessExecutor()],
  [
    "E2BExecutor (real SDK, test envd)",
    () => new E2BExecutor({ sandboxOptions: { debug: true, sandboxUrl: envd.url } }),
  ],
];

let envd: TestEnvd;
beforeAll(async () => {
  envd = await startTestEnvd();
});
afterAll(() => envd.close());

describe.each(executors)("a journaled run on %s, crashed and resumed", (_, executor) => {
  it("rebuilds the same sandbox: tools answered from the journal, Date and Math.random pinned", async () => {
    const journal = memoryJournal();
    const things = world();
    const first = new ScriptedModel([
      js(
        "const a = await count({});\nconst r = Math.random();\nconst t = new Date().toISOString();\nconsole.log(JSON.stringify({ a, r, t }))",
      ),
      js("const w = await wait({})"),
    ]);
    const controller = new AbortController();
    const running = new CodeAgent({ model: first, executor: executor(), tools: things.tools }).run("Go.", {
      journal,
      signal: controller.signal,
    });
    await things.started(1);
    controller.abort(new Error("the process crashed"));
    const crashed = await running;
    const logged = /Logs:\n(.*)/.exec(String(first.requests[1]?.request.messages.at(-1)?.content))?.[1];
    const before = JSON.parse(logged ?? "null") as { a: number; r: number; t: string };

    const later = new ScriptedModel([js("final_answer({ a, r, t, w })")]);
    const resumed = new CodeAgent({ model: later, executor: executor(), tools: things.tools }).resume(
      crashed.runId,
      { journal },
    );
    await things.started(2);
    things.release();
    const result = await resumed;
    expect(result.status, result.error?.message).toBe("success");
    expect(result.output).toEqual({ ...before, w: "waited" });
    expect(before.a).toBe(1);
    expect(things.ran).toEqual(["count"]);
  }, 30_000);
});

describe.each([
  ["QuickJS with timers", () => new QuickJSExecutor({ timers: true })],
  ["ProcessExecutor", () => new ProcessExecutor()],
] as [string, () => Executor][])("timers in a journaled run on %s", (_, executor) => {
  it("run in virtual time, so a replay fires them in the same order as the original", async () => {
    const journal = memoryJournal();
    const things = world();
    // A tool that takes 20 ms of real time: a real 5 ms timer would fire while it runs.
    const slow = tool({
      name: "slow",
      description: "Takes a while.",
      inputSchema: z.object({}),
      execute: () => new Promise((resolve) => setTimeout(() => resolve("slow"), 20)),
    });
    const tools = [...things.tools, slow];
    const first = new ScriptedModel([
      js(
        'const order = [];\nsetTimeout(() => order.push("timer"), 5);\norder.push(await slow({}));\nawait new Promise((resolve) => setTimeout(resolve, 10));\nconsole.log(JSON.stringify(order))',
      ),
      js("const w = await wait({})"),
    ]);
    const controller = new AbortController();
    const running = new CodeAgent({ model: first, executor: executor(), tools }).run("Go.", {
      journal,
      signal: controller.signal,
    });
    await things.started(1);
    controller.abort(new Error("the process crashed"));
    const crashed = await running;
    const logged = /Logs:\n(.*)/.exec(String(first.requests[1]?.request.messages.at(-1)?.content))?.[1];
    // While a host call is pending no timer fires: the tool's result comes first.
    expect(JSON.parse(logged ?? "null")).toEqual(["slow", "timer"]);

    const later = new ScriptedModel([js("final_answer(order)")]);
    const resumed = new CodeAgent({ model: later, executor: executor(), tools }).resume(crashed.runId, {
      journal,
    });
    await things.started(2);
    things.release();
    const result = await resumed;
    expect(result.status, result.error?.message).toBe("success");
    // Replayed, the tool answers at once from the journal, and the order is the same.
    expect(result.output).toEqual(["slow", "timer"]);
  }, 30_000);
});

describe("a journaled CodeAgent run, resumed", () => {
  it("reuses recorded responses and results, reruns only the call that was in flight, and goes on", async () => {
    const journal = memoryJournal();
    const things = world();
    const first = new ScriptedModel([
      js("const a = await count({});\nconsole.log(a)"),
      js("const b = await count({});\nconst w = await wait({})"),
    ]);
    const controller = new AbortController();
    const original = new CodeAgent({ model: first, executor: new QuickJSExecutor(), tools: things.tools });
    const running = original.run("Count twice, wait, then answer.", { journal, signal: controller.signal });
    await things.started(1);
    controller.abort(new Error("the process crashed"));
    const crashed = await running;
    expect(crashed.status).toBe("aborted");
    expect(things.ran).toEqual(["count", "count"]);

    const later = new ScriptedModel([js("final_answer([a, b, w])")]);
    const resumedAgent = new CodeAgent({
      model: later,
      executor: new QuickJSExecutor(),
      tools: things.tools,
    });
    const resumed = resumedAgent.resume(crashed.runId, { journal });
    await things.started(2);
    things.release();
    const result = await resumed;
    expect(result.status, result.error?.message).toBe("success");
    expect(result.runId).toBe(crashed.runId);
    // The sandbox was rebuilt by replay: a and b came from the journal, w from the live call.
    expect(result.output).toEqual([1, 2, "waited"]);
    // No completed tool call ran again, and only the model call after the journal was made.
    expect(things.ran).toEqual(["count", "count"]);
    expect(later.requests).toHaveLength(1);
    // The call that was in flight ran again, with the same idempotency key.
    expect(things.keys).toEqual([`${crashed.runId}:2:1`, `${crashed.runId}:2:1`]);
    const entries = await journal.read(crashed.runId);
    expect(entries.map((entry) => entry.type)).toEqual([
      "start",
      "model",
      "pin",
      "call",
      "model",
      "pin",
      "call",
      "end",
      "call",
      "model",
      "pin",
      "end",
    ]);
  });

  it("replays Date and Math.random as they were, so the rebuilt sandbox holds the same values", async () => {
    const journal = memoryJournal();
    const things = world();
    const first = new ScriptedModel([
      js(
        "const r = [Math.random(), Math.random()];\nconst t = [Date.now(), Date.now()];\nconst d = new Date().toISOString();\nconsole.log(JSON.stringify({ r, t, d }))",
      ),
      js("const w = await wait({})"),
    ]);
    const controller = new AbortController();
    const original = new CodeAgent({ model: first, executor: new QuickJSExecutor(), tools: things.tools });
    const running = original.run("Roll, wait, answer.", { journal, signal: controller.signal });
    await things.started(1);
    controller.abort(new Error("the process crashed"));
    const crashed = await running;
    const observation = first.requests[1]?.request.messages.at(-1)?.content;
    const seen = JSON.parse(/Logs:\n(.*)/.exec(String(observation))?.[1] ?? "null") as {
      r: number[];
      t: number[];
      d: string;
    };
    expect(seen.r[0]).not.toBe(seen.r[1]);
    // The clock moves one millisecond per reading, so code that waits on it still finishes.
    expect(seen.t[1]).toBe((seen.t[0] ?? 0) + 1);

    const later = new ScriptedModel([js("final_answer({ r, t, d })")]);
    const resumed = new CodeAgent({ model: later, executor: new QuickJSExecutor(), tools: things.tools });
    const run = resumed.resumeStream(crashed.runId, { journal });
    const types: string[] = [];
    const reading = (async () => {
      for await (const event of run) types.push(event.type);
    })();
    await things.started(2);
    things.release();
    const result = await run.result;
    await reading;
    expect(result.status, result.error?.message).toBe("success");
    expect(result.output).toEqual(seen);
    // The replayed steps stream too: three code steps, the first two from the journal.
    expect(types.filter((type) => type === "code")).toHaveLength(3);
  });

  it("stops with journal_diverged, naming the step, when the code asks for another call than recorded", async () => {
    const journal = memoryJournal();
    const things = world();
    const model = new ScriptedModel([js("const a = await count({});\nfinal_answer(a)")]);
    const done = await new CodeAgent({ model, executor: new QuickJSExecutor(), tools: things.tools }).run(
      "Count.",
      {
        journal,
      },
    );
    expect(done.status).toBe("success");
    // A journal whose recorded call no longer matches the code: as if the code had changed its mind.
    const tampered: RunJournal = {
      append: (runId, entry) => journal.append(runId, entry),
      read: async (runId) =>
        (await journal.read(runId)).map(
          (entry): JournalEntry => (entry.type === "call" ? { ...entry, name: "launch_rocket" } : entry),
        ),
    };
    const replay = await new CodeAgent({
      model: new ScriptedModel([]),
      executor: new QuickJSExecutor(),
      tools: things.tools,
    }).resume(done.runId, { journal: tampered });
    expect(replay.status).toBe("error");
    expect(replay.error).toMatchObject({ code: "journal_diverged" });
    expect(replay.error?.message).toMatch(
      /diverged at step 1: call 1 of the step was count\(\{\}\), but the journal recorded launch_rocket/,
    );
    expect(things.ran).toEqual(["count"]);
  });

  it("refuses to resume a run the journal does not have", async () => {
    const agent = new CodeAgent({ model: new ScriptedModel([]), executor: new QuickJSExecutor() });
    await expect(agent.resume("no-such-run", { journal: memoryJournal() })).rejects.toMatchObject({
      code: "journal_unknown_run",
    });
  });
});

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

describe("a journaled ToolCallingAgent run, resumed", () => {
  it("answers recorded tool calls from the journal", async () => {
    const journal = memoryJournal();
    const things = world();
    const calls = (name: string, id: string) => ({ text: "", toolCalls: [{ id, name, input: {} }] });
    const model = new ScriptedModel([
      calls("count", "t1"),
      calls("count", "t2"),
      new Error("the process crashed"),
    ]);
    const crashed = await new ToolCallingAgent({ model, tools: things.tools, maxSteps: 5 }).run(
      "Count twice.",
      {
        journal,
      },
    );
    expect(crashed.status).toBe("error");
    const later = new ScriptedModel([
      { text: "", toolCalls: [{ id: "t3", name: "final_answer", input: { answer: "two" } }] },
    ]);
    const result = await new ToolCallingAgent({ model: later, tools: things.tools, maxSteps: 5 }).resume(
      crashed.runId,
      {
        journal,
      },
    );
    expect(result).toMatchObject({ status: "success", output: "two" });
    expect(things.ran).toEqual(["count", "count"]);
    expect(later.requests).toHaveLength(1);
  });
});
