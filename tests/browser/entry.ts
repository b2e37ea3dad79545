/**
 * Runs in the browser, bundled by esbuild: QuickJS sessions from `@codeact/executors`, with the
 * results set on `window.codeactReport` (a promise) for the test to read.
 */
import type { ExecutionResult } from "@codeact/core";
import { QuickJSExecutor } from "@codeact/executors";

/** What the page computed, as plain JSON. */
export type BrowserReport = {
  steps: Record<string, Omit<ExecutionResult, "durationMs">>;
  /** Inputs the host function received, in call order. */
  hostCalls: unknown[];
  /** A failure of the harness itself (not a guest error), so the test can print it. */
  failure?: string;
};

const steps: BrowserReport["steps"] = {};
const hostCalls: unknown[] = [];

async function run(): Promise<BrowserReport> {
  const executor = new QuickJSExecutor({ timeoutMs: 10_000 });
  const session = await executor.createSession({
    functions: {
      add: async (input) => {
        hostCalls.push(input);
        const { a, b } = input as { a: unknown; b: unknown };
        if (typeof a !== "number" || typeof b !== "number") throw new TypeError("a and b must be numbers");
        return { sum: a + b, where: typeof window };
      },
      final_answer: async () => undefined,
    },
    globals: { cities: ["Paris", "Oslo"] },
  });
  const step = async (name: string, code: string) => {
    const { durationMs: _, ...result } = await session.execute(code);
    steps[name] = result;
  };
  try {
    await step(
      "declare",
      "const { sum, where } = await add({ a: 2, b: 3 });\nconsole.log('sum is', sum, { cities });\nsum * 10",
    );
    await step("reuse", "const total = sum + cities.length;\ntotal");
    await step(
      "hostError",
      "try {\n  await add({ a: 'x', b: 1 });\n} catch (e) {\n  e.name + ': ' + e.message\n}",
    );
    await step("guestError", "const ok = 1;\nnull.boom;");
    await step("isolation", "[typeof window, typeof document, typeof fetch, typeof process, where]");
    // Parsing nests on the page's native stack: the executor's stack guard must bound it.
    await step("deepNesting", "JSON.parse('['.repeat(100000))");
    await step("answer", "await final_answer({ total, ok })");
  } finally {
    await session.dispose();
  }

  // A short deadline: QuickJS's interrupt handler must stop a busy loop on the page's thread too.
  const looping = await new QuickJSExecutor({ timeoutMs: 200 }).createSession({ functions: {} });
  try {
    const { durationMs: _, ...timeout } = await looping.execute("let n = 0;\nwhile (true) n++;");
    steps.timeout = timeout;
  } finally {
    await looping.dispose();
  }
  return { steps, hostCalls };
}

declare global {
  interface Window {
    codeactReport: Promise<BrowserReport>;
  }
}

window.codeactReport = run().catch((error: unknown) => ({
  steps,
  hostCalls,
  failure: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error),
}));
window.codeactReport.then((report) => {
  document.title = report.failure ? "failed" : "done";
});
