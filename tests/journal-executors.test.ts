/**
 * A journaled run crashed and resumed on every executor, and timers in virtual time: the pin is
 * plain guest code, so each rebuilds the same sandbox.
 */
import { CodeAgent, type Executor, memoryJournal, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { E2BExecutor } from "@codeact/executors/e2b";
import { ProcessExecutor } from "@codeact/executors/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestEnvd, type TestEnvd } from "../packages/executors/src/e2b/__fixtures__/envd.js";
import { crashAtWait, js, loggedBefore, resumePastWait, world } from "./journal-world.js";

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
    const agent = (model: ScriptedModel) =>
      new CodeAgent({ model, executor: executor(), tools: things.tools });
    const crashed = await crashAtWait(agent(first), "Go.", journal, things);
    const before = loggedBefore(first, 1) as { a: number; r: number; t: string };
    const later = new ScriptedModel([js("final_answer({ a, r, t, w })")]);
    const result = await resumePastWait(agent(later), crashed.runId, journal, things);
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
    const agent = (model: ScriptedModel) => new CodeAgent({ model, executor: executor(), tools });
    const crashed = await crashAtWait(agent(first), "Go.", journal, things);
    // While a host call is pending no timer fires: the tool's result comes first.
    expect(loggedBefore(first, 1)).toEqual(["slow", "timer"]);
    const later = new ScriptedModel([js("final_answer(order)")]);
    const result = await resumePastWait(agent(later), crashed.runId, journal, things);
    expect(result.status, result.error?.message).toBe("success");
    // Replayed, the tool answers at once from the journal, and the order is the same.
    expect(result.output).toEqual(["slow", "timer"]);
  }, 30_000);
});
