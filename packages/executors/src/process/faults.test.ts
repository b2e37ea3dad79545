import { fileURLToPath } from "node:url";
import { ExecutionError } from "@codeact/core";
import { describe, expect, it } from "vitest";
import { ProcessExecutor } from "./process-executor.js";

const hostile = fileURLToPath(new URL("./__fixtures__/hostile-runner.mjs", import.meta.url));
const session = (mode: string, timeoutMs = 5_000) =>
  new ProcessExecutor({
    command: [process.execPath, hostile, mode],
    timeoutMs,
    maxValueChars: 1_000_000,
  }).createSession({
    functions: { final_answer: async () => undefined },
  });

describe("ProcessExecutor refuses a hostile runner without harm to the host", () => {
  it.each([
    ["not-json", /not JSON/],
    ["endless-line", /longer than/],
    ["unknown-function", /rm_rf/],
    ["wrong-types", /./],
    ["huge-value", /./],
  ])("ends the session on %s, saying it broke the protocol", async (mode, detail) => {
    await using running = await session(mode);
    const error = await running.execute("1").catch((caught: unknown) => caught);
    expect(ExecutionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "protocol_violation", sessionLost: true });
    expect((error as Error).message).toMatch(detail);
    // Later executes are refused at once, as for any lost session.
    await expect(running.execute("1")).rejects.toMatchObject({ sessionLost: true });
  });

  it("never takes a final answer from the runner's word", async () => {
    await using running = await session("forged-final-answer");
    const result = await running.execute("1");
    expect(result.finalAnswer).toBeUndefined();
  });

  it("ends a runner that stops answering past the deadline, and says the session is lost", async () => {
    await using running = await session("silent", 300);
    const error = await running.execute("1").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ sessionLost: true });
  });
});

describe("ProcessExecutor's runner", () => {
  it("never reports an error the code threw as a limit breach, whatever its name", async () => {
    await using running = await new ProcessExecutor().createSession({ functions: {} });
    const { error } = await running.execute(
      "throw Object.assign(new Error('fake'), { name: 'TimeoutError' })",
    );
    expect(error).toMatchObject({
      name: "Error",
      message: expect.stringMatching(/^TimeoutError: fake \(raised by the code/),
    });
  });

  it("records an un-awaited final_answer that the host settles after the code has ended", async () => {
    const slowAnswer = (input: unknown) => new Promise((resolve) => setTimeout(() => resolve(input), 50));
    await using running = await new ProcessExecutor().createSession({
      functions: { final_answer: slowAnswer },
    });
    expect((await running.execute("final_answer(7)")).finalAnswer).toEqual({ value: 7 });
    expect(
      (await running.execute("const x = await Promise.resolve(8);\nfinal_answer(x)")).finalAnswer,
    ).toEqual({
      value: 8,
    });
  });

  it("keeps the code's writes to process.stdout as its logs, apart from the protocol", async () => {
    await using running = await new ProcessExecutor().createSession({ functions: {} });
    const { logs } = await running.execute(
      "process.stdout.write('from stdout\\n'); console.log('from console')",
    );
    expect(logs).toBe("from stdout\nfrom console");
  });
});

describe("ProcessExecutor when the runner dies or blocks", () => {
  it("says the session is lost when the runner is killed mid-execute, and a new session works", async () => {
    let started!: () => void;
    const calling = new Promise<void>((resolve) => {
      started = resolve;
    });
    const executor = new ProcessExecutor();
    const first = await executor.createSession({
      functions: {
        wait: () => {
          started();
          return new Promise(() => {});
        },
        pid: async () => undefined,
      },
    });
    const { value: pid } = await first.execute("process.pid");
    const running = first.execute("await wait()");
    await calling;
    process.kill(pid as number, "SIGKILL");
    const error = await running.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ sessionLost: true });
    expect((error as Error).message).toMatch(/Node\.js runner process/);
    await first.dispose();
    await using second = await executor.createSession({ functions: {} });
    expect((await second.execute("6 * 7")).value).toBe(42);
  });

  it("stops a wait the deadline can interrupt (Atomics.wait after an await), keeping the session", async () => {
    await using running = await new ProcessExecutor({ timeoutMs: 300 }).createSession({ functions: {} });
    await running.execute("const kept = 1;");
    const result = await running.execute(
      "await null;\nAtomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600000)",
    );
    expect(result.error?.name).toBe("TimeoutError");
    expect((await running.execute("kept")).value).toBe(1);
  });

  it("ends a runner blocked where no deadline reaches (a native sleep), and says the session is lost", async () => {
    await using running = await new ProcessExecutor({ timeoutMs: 300 }).createSession({ functions: {} });
    const error = await running
      .execute("require('node:child_process').execSync('sleep 30')")
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ sessionLost: true });
    expect((error as Error).message).toMatch(/300 ms/);
  });
});
