/**
 * Journaled runs resumed after a "crash" (the run stopped mid-step): recorded model responses
 * are reused, the code runs again in a fresh QuickJS sandbox with its tool calls answered from
 * the journal, and the run goes on live. No model call and no completed tool call repeats.
 */
import { CodeAgent, memoryJournal, ToolCallingAgent, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { js, tampered, world } from "./journal-world.js";

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
      "step",
      "model",
      "pin",
      "call",
      "end",
      "call",
      "step",
      "model",
      "pin",
      "step",
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
    const changed = tampered(journal, (entry) =>
      entry.type === "call" ? { ...entry, name: "launch_rocket" } : entry,
    );
    const replay = await new CodeAgent({
      model: new ScriptedModel([]),
      executor: new QuickJSExecutor(),
      tools: things.tools,
    }).resume(done.runId, { journal: changed });
    expect(replay.status).toBe("error");
    expect(replay.error).toMatchObject({ code: "journal_diverged" });
    expect(replay.error?.message).toMatch(
      /diverged at step 1: call 1 of the step was count\(\{\}\), but the journal recorded launch_rocket/,
    );
    expect(things.ran).toEqual(["count"]);
  });

  it("stops with journal_diverged when a replayed step's code produces something else than recorded", async () => {
    const journal = memoryJournal();
    const things = world();
    const model = new ScriptedModel([
      js("const a = await count({});\nconsole.log('count', a)"),
      js("final_answer(a)"),
    ]);
    const done = await new CodeAgent({ model, executor: new QuickJSExecutor(), tools: things.tools }).run(
      "Count.",
      {
        journal,
      },
    );
    expect(done.status).toBe("success");
    // As if the code had read something the journal does not keep (a file, the real clock).
    const changed = tampered(journal, (entry) =>
      entry.type === "step" ? { ...entry, produced: entry.produced?.replace("count 1", "count 7") } : entry,
    );
    const replay = await new CodeAgent({
      model: new ScriptedModel([]),
      executor: new QuickJSExecutor(),
      tools: things.tools,
    }).resume(done.runId, { journal: changed });
    expect(replay.status).toBe("error");
    expect(replay.error).toMatchObject({ code: "journal_diverged" });
    expect(replay.error?.message).toMatch(
      /diverged at step 1: its code produced ".*count 1.*", but the journal recorded ".*count 7/,
    );
    expect(things.ran).toEqual(["count"]);
  });

  it("replays a step whose notes depend on timing (a call left pending) with the original's observation", async () => {
    const journal = memoryJournal();
    const slow = tool({
      name: "slow",
      description: "Takes 30 ms.",
      inputSchema: z.object({}),
      execute: () => new Promise((resolve) => setTimeout(() => resolve(1), 30)),
    });
    const fast = tool({
      name: "fast",
      description: "Answers at once.",
      inputSchema: z.object({}),
      execute: async () => 2,
    });
    const model = new ScriptedModel([
      js("slow({});\nconst x = await fast({});\nconsole.log(x)"),
      js("final_answer(x)"),
    ]);
    const tools = [slow, fast];
    const done = await new CodeAgent({ model, executor: new QuickJSExecutor(), tools }).run("Go.", {
      journal,
    });
    const original = model.requests[1]?.request.messages.at(-1)?.content;
    expect(original).toMatch(/still pending when the code ended \(slow\)/);
    const replayed = await new CodeAgent({
      model: new ScriptedModel([]),
      executor: new QuickJSExecutor(),
      tools,
    }).resume(done.runId, { journal });
    expect(replayed).toMatchObject({ status: "success", output: 2 });
    const step = replayed.steps.find((entry) => entry.type === "action");
    expect(step?.type === "action" && step.observation).toBe(`${original}`);
  });

  it("refuses to resume a run the journal does not have", async () => {
    const agent = new CodeAgent({ model: new ScriptedModel([]), executor: new QuickJSExecutor() });
    await expect(agent.resume("no-such-run", { journal: memoryJournal() })).rejects.toMatchObject({
      code: "journal_unknown_run",
    });
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
