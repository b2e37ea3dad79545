/**
 * What the executor contract costs and how fast it holds: how late a host call's signal aborts
 * after its execute's deadline (beside how late a bare timer of the same length fires, in the same
 * run), and what rewriting top-level declarations for REPL semantics adds to an execute.
 */
import { QuickJSExecutor } from "@codeact/executors";
import { measure, type Sample, summarize } from "./harness.js";

const DEADLINE_MS = 100;
const RUNS = 30;

/** Lateness of the deadline reaching a tool that awaits its signal, and of a bare timer. */
export async function deadlineLatency(): Promise<{ signal: Sample; timer: Sample }> {
  const executor = new QuickJSExecutor({ timeoutMs: DEADLINE_MS });
  let abortedAt = 0;
  const session = await executor.createSession({
    functions: {
      hang: (_, { signal }) =>
        new Promise((resolve) =>
          signal.addEventListener("abort", () => {
            abortedAt = performance.now();
            resolve(undefined);
          }),
        ),
    },
  });
  const signal: number[] = [];
  const timer: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await session.execute("await hang()");
    signal.push(abortedAt - started - DEADLINE_MS);
    const timerStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, DEADLINE_MS));
    timer.push(performance.now() - timerStarted - DEADLINE_MS);
  }
  await session.dispose();
  return {
    signal: summarize(`tool signal aborts after a ${DEADLINE_MS} ms deadline: lateness`, signal),
    timer: summarize(`bare setTimeout(${DEADLINE_MS}): lateness (baseline)`, timer),
  };
}

/** An execute whose code declares three names (parsed and rewritten) beside one that declares none. */
export async function replRewrite(): Promise<{ plain: Sample; declaring: Sample }> {
  const session = await new QuickJSExecutor().createSession({ functions: {} });
  const options = { runs: 2000, warmup: 200 };
  const plain = await measure(
    "execute `a = 1; b = [a]; c = { b }` (baseline)",
    () => session.execute("a = 1; b = [a]; c = { b }"),
    options,
  );
  const declaring = await measure(
    "execute `const a = 1; let b = [a]; class C {}` (rewritten)",
    () => session.execute("const a = 1; let b = [a]; class C {}"),
    options,
  );
  await session.dispose();
  return { plain, declaring };
}
