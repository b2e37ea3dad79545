/** A run's own state. The agent object holds none of it, so runs never share anything by accident. */
import type { Usage } from "../model.js";
import type { AgentEvent, ParentRun } from "../run/events.js";
import type { RunJournal } from "../run/journal.js";
import { addUsage } from "../run/run-result.js";
import type { Step } from "../run/steps.js";
import type { RunRecorder } from "./recorder.js";

/** The state of one run, passed to every part of the loop. */
export type RunContext = {
  readonly runId: string;
  readonly task: string;
  readonly agentPath: string[];
  readonly signal: AbortSignal;
  /** The current action step, from 1. */
  step: number;
  /** Memory: only ever appended to. */
  readonly steps: Step[];
  /** Every model call's tokens, added as each call returns. */
  readonly usage: Usage;
  /** Set once a final answer passed every check. */
  finalAnswer?: { value: unknown };
  /** The step in which `final_answer` was last called: later tool calls of that step do not run. */
  answerStep?: number;
  /** The answers offered so far, judged one at a time in call order. */
  answers: Promise<unknown>;
  /** What tools see of this run, to run sub-agents inside it. */
  readonly asParent: ParentRun;
  /** Present when the run is journaled: model and tool calls go through it. */
  recorder?: RunRecorder;
  emit(event: AgentEvent): void;
};

/** A fresh run context. */
export function createRunContext(
  fields: Pick<RunContext, "task" | "agentPath" | "signal" | "steps" | "emit"> & {
    runId?: string;
    journal?: RunJournal;
  },
): RunContext {
  const runId = fields.runId ?? globalThis.crypto.randomUUID();
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  const { journal, ...rest } = fields;
  const asParent: ParentRun = Object.freeze({
    runId,
    agentPath: Object.freeze([...fields.agentPath]),
    ...(journal && { journal }),
    emit: fields.emit,
    addUsage: (more: Usage) => addUsage(usage, more),
  });
  return { ...rest, runId, usage, step: 0, answers: Promise.resolve(), asParent };
}
