/** A run's record for durable runs: what it was told and what it saw, in order, as plain JSON. */
import type { ModelResponse } from "../model.js";
import type { PendingApproval, RunStatus } from "./run-result.js";

/**
 * One entry of a run's journal. Entries are appended before the run acts on what they record,
 * so a run resumed from its journal sees exactly what the original saw.
 */
export type JournalEntry =
  | { type: "start"; task: string; variables?: Record<string, unknown> }
  /** The `index`-th model call of the run (plans and fallback answers included). */
  | { type: "model"; index: number; response: ModelResponse }
  /** The `index`-th tool call of action step `step`, in the order the calls were made. */
  | {
      type: "call";
      step: number;
      index: number;
      name: string;
      input: unknown;
      output?: unknown;
      error?: { name: string; message: string; code?: string };
    }
  /**
   * What `Date` and `Math.random` start from in the sandbox during action step `step`: the
   * clock's time in epoch milliseconds, and the seed of the random sequence.
   */
  | { type: "pin"; step: number; now: number; seed: number }
  /**
   * What action step `step` showed the model (before the step budget is added), and, for code,
   * what the code itself produced (its logs, value and error, as JSON): a replay must match it.
   */
  | { type: "step"; step: number; observation: string; produced?: string }
  /** The decision on the approval the `index`-th tool call of step `step` needed. */
  | { type: "approval"; step: number; index: number; approved: boolean }
  | { type: "end"; status: RunStatus };

/** Where journals are kept: `append` must not return before the entry is stored. */
export interface RunJournal {
  append(runId: string, entry: JournalEntry): Promise<void>;
  /** The run's entries in the order they were appended; none for an unknown run. */
  read(runId: string): Promise<JournalEntry[]>;
  /**
   * For an engine that keeps and replays a run's steps itself (Restate): runs `produce` as one
   * durable step named `name`, or returns what it recorded for that step. Every model response,
   * tool outcome and pin then goes through it, in the run's order, as plain JSON.
   */
  step?<T>(name: string, produce: () => Promise<T>): Promise<T>;
  /**
   * For such an engine: waits, durably, for the decision on `approval` after the approver
   * answered `"suspend"` (Restate: an awakeable). Without it, the run ends `suspended` instead.
   */
  awaitApproval?(name: string, approval: PendingApproval): Promise<boolean>;
}

/**
 * Journals kept in this process's memory: for tests, and for resuming a run in the same process.
 * Entries are stored as JSON copies, as a journal on disk would keep them.
 *
 * @example
 * const journal = memoryJournal();
 * const first = await agent.run("task", { journal });
 * const again = await agent.resume(first.runId, { journal });
 */
export function memoryJournal(): RunJournal {
  const runs = new Map<string, string[]>();
  return {
    async append(runId, entry) {
      const entries = runs.get(runId) ?? [];
      entries.push(JSON.stringify(entry));
      runs.set(runId, entries);
    },
    async read(runId) {
      return (runs.get(runId) ?? []).map((text) => JSON.parse(text) as JournalEntry);
    },
  };
}
