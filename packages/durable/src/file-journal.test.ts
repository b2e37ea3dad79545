import { spawn } from "node:child_process";
import { appendFile, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CodeAgent, type JournalEntry, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fileJournal } from "./index.js";

const folder = () => mkdtemp(join(tmpdir(), "codeact-journal-"));
const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;
const start: JournalEntry = { type: "start", task: "t" };
const model = (index: number): JournalEntry => ({
  type: "model",
  index,
  response: {
    text: `reply ${index}`,
    toolCalls: [],
    finishReason: "stop",
    usage: { inputTokens: 1, outputTokens: 1 },
  },
});

describe("fileJournal", () => {
  it("keeps a run's entries in order in one file, for any journal on that folder to read", async () => {
    const dir = await folder();
    const journal = fileJournal(dir);
    await Promise.all([journal.append("run-1", start), journal.append("run-1", model(0))]);
    await journal.append("run-1", model(1));
    expect(await fileJournal(dir).read("run-1")).toEqual([start, model(0), model(1)]);
    expect(await journal.read("other")).toEqual([]);
    const lines = (await readFile(join(dir, "run-1.jsonl"), "utf8")).split("\n");
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toBe("");
  });

  it("ignores a last line a crash tore, and cuts it off before the next append", async () => {
    const dir = await folder();
    await fileJournal(dir).append("run-2", start);
    await appendFile(join(dir, "run-2.jsonl"), '{"type":"model","ind');
    const journal = fileJournal(dir);
    expect(await journal.read("run-2")).toEqual([start]);
    await journal.append("run-2", model(0));
    expect(await journal.read("run-2")).toEqual([start, model(0)]);
  });

  it("holds only whole entries, none missing, when the writing process is killed mid-stream", async () => {
    const dir = await folder();
    const writer = fileURLToPath(new URL("./__fixtures__/append-forever.mjs", import.meta.url));
    const child = spawn(process.execPath, [writer, dir, "run-3"], { stdio: "ignore" });
    const journal = fileJournal(dir);
    await new Promise<void>((resolve) => {
      const look = async () =>
        (await journal.read("run-3")).length > 200 ? resolve() : setTimeout(look, 20);
      void look();
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const entries = await journal.read("run-3");
    expect(entries[0]).toEqual({ type: "start", task: "append forever" });
    const indexes = entries.slice(1).map((entry) => (entry.type === "call" ? entry.index : -1));
    expect(indexes).toEqual(indexes.map((_, position) => position));
  });

  it("refuses a run id that is not a safe file name", async () => {
    const journal = fileJournal(await folder());
    expect(() => journal.append("../escape", start)).toThrow(/not a safe file name/);
  });

  it("resumes a CodeAgent run in a new journal on the same folder, repeating no tool call", async () => {
    const dir = await folder();
    const ran: number[] = [];
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => {
      started = resolve;
    });
    const count = tool({
      name: "count",
      description: "Counts up.",
      inputSchema: z.object({}),
      execute: () => ran.push(ran.length + 1),
    });
    const hang = tool({
      name: "hang",
      description: "Waits until stopped.",
      inputSchema: z.object({}),
      execute: (_, { signal }) =>
        new Promise((_, reject) => {
          started();
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
    });
    const controller = new AbortController();
    const first = new CodeAgent({
      model: new ScriptedModel([js("const n = await count({});\nawait hang({})")]),
      executor: new QuickJSExecutor(),
      tools: [count, hang],
    });
    const running = first.run("Count, then wait.", { journal: fileJournal(dir), signal: controller.signal });
    await waiting;
    controller.abort(new Error("the process died"));
    const crashed = await running;
    const later = new ScriptedModel([js("final_answer(n)")]);
    const resumed = await new CodeAgent({
      model: later,
      executor: new QuickJSExecutor(),
      tools: [count, tool({ ...hang, execute: async () => "done" })],
    }).resume(crashed.runId, { journal: fileJournal(dir) });
    expect(resumed).toMatchObject({ status: "success", output: 1 });
    expect(ran).toEqual([1]);
    expect(later.requests).toHaveLength(1);
  });
});
