/**
 * What durability costs: a 20-step CodeAgent run (ScriptedModel, QuickJS, one tool call a step)
 * without a journal, with `memoryJournal()` and with `fileJournal(dir)`, interleaved in one run;
 * the time to resume a finished 20-step run from its file journal (every step replayed); and
 * 50 runs over two Restate workers, with and without one killed midway.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CodeAgent, memoryJournal, type RunJournal, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { fileJournal } from "@codeact/durable";
import { QuickJSExecutor } from "@codeact/executors";
import { z } from "zod";
import { startBalancer } from "../../packages/durable/src/restate/__fixtures__/balancer.js";
import { startRestate } from "../../packages/durable/src/restate/__fixtures__/restate-server.js";
import { runAdder, startWorker } from "../../packages/durable/src/restate/__fixtures__/worker-process.js";
import { type Sample, summarize } from "./harness.js";

const STEPS = 20;
const RUNS = 30;
const WARMUP = 5;

const add = tool({
  name: "add",
  description: "Adds two numbers.",
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => a + b,
});

const script = () => [
  ...Array.from(
    { length: STEPS },
    (_, i) => `Thought: step ${i}.\n\`\`\`js\nconst v${i} = await add({ a: ${i}, b: 1 });\n\`\`\``,
  ),
  "```js\nfinal_answer(v0)\n```",
];

/** One 20-step run; its time per action step. */
async function timedRun(executor: QuickJSExecutor, journal: RunJournal | undefined) {
  const agent = new CodeAgent({
    model: new ScriptedModel(script(), { stream: false }),
    executor,
    tools: [add],
    maxSteps: STEPS + 2,
  });
  const started = performance.now();
  const result = await agent.run("Add numbers.", journal ? { journal } : {});
  const ms = performance.now() - started;
  if (result.status !== "success") throw new Error(`bench run failed: ${result.error?.message}`);
  return { ms, perStep: ms / (STEPS + 1), runId: result.runId };
}

export type DurableBenchmarks = {
  perStep: { plain: Sample; memory: Sample; file: Sample };
  resume: { original: Sample; resumed: Sample };
  restate: { calm: Sample; killed: Sample; runs: number };
};

/** Per-step time of plain, memory-journaled and file-journaled runs, interleaved run by run. */
async function journalOverhead(executor: QuickJSExecutor, dir: string) {
  const times = { plain: [] as number[], memory: [] as number[], file: [] as number[] };
  const memory = memoryJournal();
  const file = fileJournal(dir);
  for (let run = 0; run < RUNS + WARMUP; run++) {
    const plain = await timedRun(executor, undefined);
    const inMemory = await timedRun(executor, memory);
    const onDisk = await timedRun(executor, file);
    if (run < WARMUP) continue;
    times.plain.push(plain.perStep);
    times.memory.push(inMemory.perStep);
    times.file.push(onDisk.perStep);
  }
  return {
    plain: summarize("20-step run, no journal: per step", times.plain),
    memory: summarize("20-step run, memoryJournal(): per step", times.memory),
    file: summarize("20-step run, fileJournal(dir): per step (fdatasync per entry)", times.file),
  };
}

/** A finished 20-step run resumed from its file journal: all 20 steps replayed, then the answer. */
async function resumeTime(executor: QuickJSExecutor, dir: string) {
  const original: number[] = [];
  const resumed: number[] = [];
  const journal = fileJournal(dir);
  for (let run = 0; run < RUNS + WARMUP; run++) {
    const first = await timedRun(executor, journal);
    const agent = new CodeAgent({
      model: new ScriptedModel([], { stream: false }),
      executor,
      tools: [add],
      maxSteps: STEPS + 2,
    });
    const started = performance.now();
    const result = await agent.resume(first.runId, { journal });
    const ms = performance.now() - started;
    if (result.status !== "success") throw new Error(`bench resume failed: ${result.error?.message}`);
    if (run < WARMUP) continue;
    original.push(first.ms);
    resumed.push(ms);
  }
  return {
    original: summarize("20-step run with fileJournal, live (baseline)", original),
    resumed: summarize("the same run resumed from its journal (20 steps replayed)", resumed),
  };
}

/** Wall time of `count` concurrent 3-step runs over two Restate workers; with `crashAt`, worker 0 dies. */
async function restateBatch(count: number, crashAt?: number): Promise<number> {
  const folder = await mkdtemp(path.join(tmpdir(), "codeact-bench-restate-"));
  const counter = path.join(folder, "executions.log");
  await using restate = await startRestate();
  const workers = [await startWorker(counter, crashAt ? { crashAt } : {}), await startWorker(counter)];
  await using balancer = await startBalancer(workers.map((worker) => worker.url));
  await restate.register(balancer.url);
  const killed = workers[0]!.crashPoint.then(async () => {
    await balancer.retire(0, 1);
    workers[0]!.kill();
  });
  try {
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: count }, (_, n) => runAdder(restate.ingress, n)));
    const ms = performance.now() - started;
    if (crashAt) await killed;
    const wrong = results.filter((result, n) => result.body.output !== n + 11);
    if (wrong.length > 0) throw new Error(`restate bench: ${wrong.length} wrong answers`);
    return ms;
  } finally {
    for (const worker of workers) worker.kill();
    await rm(folder, { recursive: true, force: true });
  }
}

export async function durableBenchmarks(): Promise<DurableBenchmarks> {
  const executor = new QuickJSExecutor();
  const dir = await mkdtemp(path.join(tmpdir(), "codeact-bench-journal-"));
  try {
    const perStep = await journalOverhead(executor, dir);
    const resume = await resumeTime(executor, dir);
    const calm: number[] = [];
    const killed: number[] = [];
    for (let i = 0; i < 3; i++) {
      calm.push(await restateBatch(50));
      killed.push(await restateBatch(50, 30));
    }
    return {
      perStep,
      resume,
      restate: {
        calm: summarize("50 runs over two Restate workers", calm),
        killed: summarize("the same, worker 0 SIGKILLed at its 30th model call", killed),
        runs: 50,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
