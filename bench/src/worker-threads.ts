/**
 * What running QuickJS sessions in worker threads buys, each figure beside the same measurement
 * with sessions on the host's own thread (`thread: "inline"`), in the same run: the host's
 * event-loop delay while guests spin, the speed-up of CPU-bound sessions in parallel, how soon an
 * abort stops a spinning guest, and how far past its deadline a guest stuck in one built-in runs.
 */
import type { ExecutorSession } from "@codeact/core";
import { QuickJSExecutor, type QuickJSExecutorOptions } from "@codeact/executors";
import { ms, type Sample, summarize } from "./harness.js";

type Thread = NonNullable<QuickJSExecutorOptions["thread"]>;

/** One call QuickJS runs inside a single built-in for years; only a thread's end stops it. */
const STUCK_IN_BUILTIN = "Array.prototype.indexOf.call({ length: 2 ** 40 }, 1)";

async function sessions(count: number, options: QuickJSExecutorOptions): Promise<ExecutorSession[]> {
  const executor = new QuickJSExecutor(options);
  return Promise.all(Array.from({ length: count }, () => executor.createSession({ functions: {} })));
}

/**
 * p99 and max of the host's event-loop delay while 4 guests spin until a 2 s deadline: in worker
 * threads 2 in a loop and 2 inside one built-in; inline all 4 in a loop (a built-in would never
 * end there). Sampled by a 5 ms timer, as `monitorEventLoopDelay` does; its histogram records
 * nothing for a loop blocked until the end of the measurement, so the gaps are timed here.
 */
async function loopDelay(thread: Thread): Promise<{ p99: number; max: number }> {
  const spinning = await sessions(4, { thread, timeoutMs: 2_000 });
  const stuck = thread === "inline" ? "for (;;) {}" : STUCK_IN_BUILTIN;
  const delays: number[] = [];
  let last = performance.now();
  const sampler = setInterval(() => {
    const now = performance.now();
    delays.push(Math.max(0, now - last - 5));
    last = now;
  }, 5);
  await Promise.all(
    spinning.map((session, i) => session.execute(i % 2 === 0 ? "for (;;) {}" : stuck).catch(() => undefined)),
  );
  // The gap that ends with the guests is a delay too.
  delays.push(Math.max(0, performance.now() - last - 5));
  clearInterval(sampler);
  await Promise.all(spinning.map((session) => session.dispose()));
  const sample = summarize("delay", delays);
  return {
    p99: delays.sort((a, b) => a - b)[Math.floor(0.99 * (delays.length - 1))] ?? sample.p90,
    max: Math.max(...delays),
  };
}

/** Iterations of a plain loop that take about `targetMs` in one session. */
async function calibrate(targetMs: number): Promise<number> {
  const [session] = await sessions(1, { thread: "inline", timeoutMs: 60_000 });
  let iterations = 1_000_000;
  for (;;) {
    const started = performance.now();
    await session!.execute(
      `(() => { let x = 0; for (let i = 0; i < ${iterations}; i++) x += i; return x; })()`,
    );
    const took = performance.now() - started;
    if (took > targetMs / 4) {
      await session!.dispose();
      return Math.round((iterations * targetMs) / took);
    }
    iterations *= 4;
  }
}

/** Wall time of 8 sessions each running the same CPU-bound loop at once. */
async function parallel(thread: Thread, iterations: number): Promise<number> {
  const busy = await sessions(8, { thread, timeoutMs: 120_000 });
  const loop = (count: number) =>
    `(() => { let x = 0; for (let i = 0; i < ${count}; i++) x += i; return x; })()`;
  const code = loop(iterations);
  // Steady state, in both modes: each session runs the loop once, shorter, and V8 gets a moment
  // to finish optimising QuickJS in each thread (a WebAssembly function changes tier only
  // between calls, so a loop begun before that runs in the baseline tier to its end).
  await Promise.all(busy.map((session) => session.execute(loop(Math.round(iterations / 10)))));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const started = performance.now();
  await Promise.all(busy.map((session) => session.execute(code)));
  const took = performance.now() - started;
  await Promise.all(busy.map((session) => session.dispose()));
  return took;
}

/**
 * Milliseconds from the moment an abort is due (20 ms after the guest started spinning) to
 * `execute` settling, for a guest spinning in `code`; 15 runs. On the host's thread the abort's
 * timer cannot even fire until the deadline (1 s) stops the guest.
 */
async function abortLatency(thread: Thread, code: string, label: string): Promise<Sample> {
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    let due = 0;
    const controller = new AbortController();
    const session = await new QuickJSExecutor({ thread, timeoutMs: 1_000 }).createSession({
      functions: {
        // The guest says it has started, then spins.
        started: async () => {
          due = performance.now() + 20;
          setTimeout(() => controller.abort(), 20);
        },
      },
    });
    await session.execute(`await started(); ${code}`, { signal: controller.signal }).catch(() => undefined);
    times.push(performance.now() - due);
    await session.dispose();
  }
  return summarize(label, times);
}

/** Milliseconds past a 1 s deadline until a guest stuck in one built-in is stopped; 7 runs. */
async function stuckOvershoot(): Promise<Sample> {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const [session] = await sessions(1, { thread: "pool", timeoutMs: 1_000 });
    const started = performance.now();
    await session!.execute(STUCK_IN_BUILTIN).catch(() => undefined);
    times.push(performance.now() - started - 1_000);
    await session!.dispose();
  }
  return summarize("worker pool: past the 1 s deadline until a stuck built-in is stopped", times);
}

export type WorkerThreadBenchmarks = {
  loopDelay: Record<"pool" | "inline", { p99: number; max: number }>;
  parallel: { pool: number; inline: number; iterations: number };
  abort: Sample[];
  stuck: Sample;
};

/** Every worker-thread benchmark, each beside its inline baseline where one exists. */
export async function workerThreadBenchmarks(): Promise<WorkerThreadBenchmarks> {
  const note = (what: string) => process.env.BENCH_VERBOSE && console.error(`[worker-threads] ${what}`);
  const loopDelayResult = { pool: await loopDelay("pool"), inline: await loopDelay("inline") };
  note("event-loop delay done");
  const iterations = await calibrate(1_000);
  note(`calibrated: ${iterations} iterations`);
  const parallelResult = {
    pool: await parallel("pool", iterations),
    inline: await parallel("inline", iterations),
    iterations,
  };
  note("parallel done");
  const abort = [
    await abortLatency("pool", "for (;;) {}", "worker pool: abort to settled, guest in a loop"),
    await abortLatency("pool", STUCK_IN_BUILTIN, "worker pool: abort to settled, guest inside one built-in"),
    await abortLatency("inline", "for (;;) {}", "inline: abort to settled, guest in a loop (1 s deadline)"),
  ];
  note("aborts done");
  return { loopDelay: loopDelayResult, parallel: parallelResult, abort, stuck: await stuckOvershoot() };
}

/** The markdown docs/benchmarks.md records. */
export function workerThreadReport(results: WorkerThreadBenchmarks): string {
  const { loopDelay: delay, parallel: par } = results;
  const delayTable = [
    "| sessions on | host event-loop delay p99 | max | target |",
    "| --- | --- | --- | --- |",
    `| worker pool | ${ms(delay.pool.p99)} | ${ms(delay.pool.max)} | p99 < 20 ms: ${delay.pool.p99 < 20 ? "met" : "missed"} |`,
    `| inline (host thread) | ${ms(delay.inline.p99)} | ${ms(delay.inline.max)} | — |`,
  ].join("\n");
  const speedUp = par.inline / par.pool;
  const parallelTable = [
    `| 8 sessions × ${par.iterations.toLocaleString("en-US")} loop iterations (about 1 s each) | wall time | speed-up |`,
    "| --- | --- | --- |",
    `| inline (host thread, baseline) | ${ms(par.inline)} | 1.00x |`,
    `| worker pool | ${ms(par.pool)} | ${speedUp.toFixed(2)}x (target ≥ 1.8x: ${speedUp >= 1.8 ? "met" : "missed"}) |`,
  ].join("\n");
  const rows = [...results.abort, results.stuck].map(
    (s) => `| ${s.name} | ${ms(s.p50)} | ${ms(s.p90)} | ${ms(s.mean)} | ${s.runs} |`,
  );
  const latency = [
    "| operation | p50 | p90 | mean | runs |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
  return [delayTable, parallelTable, latency].join("\n\n");
}
