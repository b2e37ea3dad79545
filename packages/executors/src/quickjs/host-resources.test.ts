/** What the host holds for a session, and what a stopped execute tells the agent: the same in every mode. */
import { spawn } from "node:child_process";
import type { ExecutorSession, HostFunction } from "@codeact/core";
import { afterEach, describe, expect, it } from "vitest";
import { QuickJSExecutor, type QuickJSExecutorOptions } from "./quickjs-executor.js";

const opened: ExecutorSession[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((session) => session.dispose()));
});

for (const thread of ["inline", "pool"] as const) {
  describe(`host resources (thread: "${thread}")`, () => {
    async function open(functions: Record<string, HostFunction>, options: QuickJSExecutorOptions = {}) {
      const session = await new QuickJSExecutor({ thread, ...options }).createSession({ functions });
      opened.push(session);
      return session;
    }

    it("caps the bytes held for running host calls: 1,000 calls of 1 MB each do not pile up", async () => {
      let started = 0;
      const session = await open({
        hold: (_, { signal }) => {
          started++;
          return new Promise((resolve) => signal.addEventListener("abort", resolve));
        },
        tick: async () => undefined,
      });
      // Each call starts on the host (tick lets it) before the next is made.
      const result = await session.execute(
        "const big = 'x'.repeat(999_000); for (let i = 0; i < 1000; i++) { hold(big); await tick(); }",
      );
      expect(result.error?.name).toBe("OutputLimitError");
      expect(result.error?.message).toMatch(/32 MiB \(maxBytesInFlight\)/);
      // 32 MiB holds 16 arguments of about 2 MB each (two bytes a character).
      expect(started).toBe(16);
    });

    it("caps the bytes in flight of all the executor's sessions together", async () => {
      let firstHeld: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        firstHeld = resolve;
      });
      const hold: HostFunction = (_, { signal }) => {
        firstHeld();
        return new Promise((resolve) => signal.addEventListener("abort", resolve));
      };
      const shared = new QuickJSExecutor({ thread, maxTotalBytesInFlight: 3 * 1024 * 1024 });
      const [a, b] = await Promise.all([
        shared.createSession({ functions: { hold } }),
        shared.createSession({ functions: { hold } }),
      ]);
      opened.push(a, b);
      // The first session holds 2 MB; the second's 2 MB would pass the 3 MiB they share.
      const first = a.execute("hold('x'.repeat(999_000)); await new Promise(() => {})");
      await held;
      const second = await b.execute("await hold('x'.repeat(999_000))");
      expect(second.error?.message).toMatch(/3 MiB \(maxTotalBytesInFlight\)/);
      await a.dispose();
      await first.catch(() => undefined);
    });

    it("lists the host calls still running when the code was stopped, and aborts their signals", async () => {
      const signals: AbortSignal[] = [];
      const session = await open(
        {
          slow: (_, { signal }) => {
            signals.push(signal);
            return new Promise(() => {});
          },
          quick: async () => "ok",
        },
        { timeoutMs: 300 },
      );
      const result = await session.execute("slow(); await quick(); for (;;) {}");
      expect(result.error?.name).toBe("TimeoutError");
      expect(result.pendingCalls).toEqual(["slow"]);
      expect(signals.map((signal) => signal.aborted)).toEqual([true]);
    });

    it("reports an un-awaited final_answer before a throw as an answer, with the error beside it", async () => {
      const answers: unknown[] = [];
      const session = await open({ final_answer: async (value) => answers.push(value) });
      const result = await session.execute("final_answer(42); throw new Error('after the answer')");
      expect(answers).toEqual([42]);
      expect(result.finalAnswer).toEqual({ value: 42 });
      expect(result.error).toMatchObject({ name: "Error", message: "after the answer" });
    });
  });
}

describe("worker threads and the host process", () => {
  it("never keep the host alive once nothing is running, and keep it alive while something is", async () => {
    // The script never disposes its session: the process must still end, after printing its result.
    const script = `
      const { QuickJSExecutor } = await import(${JSON.stringify(new URL("../../dist/index.js", import.meta.url).href)});
      const session = await new QuickJSExecutor({ timeoutMs: 300 }).createSession({ functions: {} });
      session.execute("for (;;) {}").then((result) => console.log(result.error.name));
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: "TimeoutError" });
  });
});
