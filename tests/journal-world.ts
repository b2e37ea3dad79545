/** What the journal tests share: a step's code as a model writes it, and tools that count and wait. */
import { type Agent, type JournalEntry, type RunJournal, type RunResult, tool } from "@codeact/core";
import type { ScriptedModel } from "@codeact/core/testing";
import { z } from "zod";

/** A model's answer running `code`. */
export const js = (code: string): string => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;

/** A counter tool that records how often it really ran, and a tool that waits until told. */
export function world() {
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

/** Runs `agent` journaled until its first `wait` call, then stops it there, as a crash would. */
export async function crashAtWait(
  agent: Agent,
  task: string,
  journal: RunJournal,
  things: ReturnType<typeof world>,
): Promise<RunResult> {
  const controller = new AbortController();
  const running = agent.run(task, { journal, signal: controller.signal });
  await things.started(things.keys.length + 1);
  controller.abort(new Error("the process crashed"));
  return running;
}

/** Resumes `runId` with `agent`, letting its replayed `wait` call finish this time. */
export async function resumePastWait(
  agent: Agent,
  runId: string,
  journal: RunJournal,
  things: ReturnType<typeof world>,
): Promise<RunResult> {
  const resumed = agent.resume(runId, { journal });
  await things.started(things.keys.length + 1);
  things.release();
  return resumed;
}

/** The JSON the code logged in the step before `request`, as the model read it. */
export function loggedBefore(model: ScriptedModel, request: number): unknown {
  const observation = String(model.requests[request]?.request.messages.at(-1)?.content);
  return JSON.parse(/Logs:\n(.*)/.exec(observation)?.[1] ?? "null");
}

/** `journal`, read back with every entry passed through `change`: a record the code no longer matches. */
export function tampered(journal: RunJournal, change: (entry: JournalEntry) => JournalEntry): RunJournal {
  return {
    append: (runId, entry) => journal.append(runId, entry),
    read: async (runId) => (await journal.read(runId)).map(change),
  };
}
