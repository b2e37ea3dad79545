/** One run from start to result: open the actor, run the steps, and turn any ending into a result. */
import { AbortError } from "../errors/abort-error.js";
import type { CodeActError } from "../errors/codeact-error.js";
import { MaxStepsError } from "../errors/max-steps-error.js";
import type { AgentEvent } from "../run/events.js";
import type { JournalEntry } from "../run/journal.js";
import type { RunResult } from "../run/run-result.js";
import type { Step } from "../run/steps.js";
import { abortReason } from "../util/abortable.js";
import type { ActionStrategy, Actor } from "./action.js";
import type { RunOptions } from "./options.js";
import { RunRecorder } from "./recorder.js";
import { createRunContext } from "./run-context.js";
import { type LoopOutcome, runSteps } from "./run-loop.js";
import type { AgentSetup } from "./setup.js";

/** What a run leaves behind for a later `reset: false` run. */
export type Retained = { steps: Step[]; actor: Actor };

/** One run's request: its task and options, the signal that ends it, and the state it continues. */
export type RunRequest = {
  task: string;
  options: RunOptions;
  signal: AbortSignal;
  previous?: Retained;
  /** A resumed run's journal entries, replayed before it goes on live. */
  recorded?: readonly JournalEntry[];
};

/**
 * Runs `request` to its end and never throws: every failure becomes the result's `error`. An
 * answer once accepted stays the result even if something fails after it. Returns the actor to
 * keep (or close) for the next run; a `reset: false` run that cannot start closes the one it took.
 */
export async function executeRun(
  setup: AgentSetup,
  strategy: ActionStrategy,
  { task, options, signal, previous, recorded }: RunRequest,
  listener: (event: AgentEvent) => void,
): Promise<{ result: RunResult; kept?: Retained }> {
  const started = performance.now();
  const { parent } = options;
  const emit = (event: AgentEvent) => {
    listener(event);
    parent?.emit(event);
  };
  const steps = [...(previous?.steps ?? [])];
  const agentPath = [...(parent?.agentPath ?? []), setup.name];
  const run = createRunContext({
    task,
    agentPath,
    signal,
    steps,
    emit,
    ...(options.runId && { runId: options.runId }),
    ...(options.journal && { journal: options.journal }),
  });
  if (options.journal)
    run.recorder = new RunRecorder(options.journal, run.runId, recorded, options.approvals);
  emit({ type: "run-start", step: 0, agentPath, runId: run.runId, task });
  let actor: Actor | undefined;
  let outcome: LoopOutcome | { status: "error" | "aborted" | "suspended"; error: unknown };
  try {
    if (signal.aborted) throw abortReason(signal);
    if (run.recorder && !recorded) {
      const { variables } = options;
      await run.recorder.append({ type: "start", task, ...(variables && { variables }) });
    }
    actor = await strategy.open(run, { previous: previous?.actor, variables: options.variables });
    const variables = actor.describeVariables(options.variables ?? {});
    steps.push({ type: "task", task: `${task}${variables}`, ...(previous && { continued: true }) });
    outcome = await runSteps(setup, strategy, run, actor, options.maxSteps ?? setup.maxSteps);
  } catch (caught) {
    if (!actor) await previous?.actor.close();
    if (run.recorder?.suspended && caught === run.recorder.suspended) {
      outcome = { status: "suspended", error: caught };
    } else if (run.finalAnswer) {
      emit({ type: "final-answer", step: run.step, agentPath, output: run.finalAnswer.value });
      outcome = { status: "success", output: run.finalAnswer.value };
    } else outcome = { status: signal.aborted ? "aborted" : "error", error: caught };
  }
  const base = { runId: run.runId, steps: [...steps], usage: { ...run.usage }, durationMs: 0 };
  const result = { ...base, ...describe(outcome, options.maxSteps ?? setup.maxSteps) } as RunResult;
  const pendingApproval = outcome.status === "suspended" && run.recorder?.pendingApproval;
  if (pendingApproval) Object.assign(result, { pendingApproval });
  result.durationMs = performance.now() - started;
  parent?.addUsage(result.usage);
  await run.recorder?.append({ type: "end", status: result.status }).catch(() => {});
  emit({ type: "run-end", step: run.step, agentPath, result });
  return { result, ...(actor && { kept: { steps, actor } }) };
}

function describe(
  outcome: LoopOutcome | { status: "error" | "aborted" | "suspended"; error: unknown },
  maxSteps: number,
): Omit<RunResult, "runId" | "steps" | "usage" | "durationMs"> {
  if (outcome.status === "success") return outcome;
  if (outcome.status === "max_steps") {
    const error = new MaxStepsError({
      maxSteps,
      message: `The run used all ${maxSteps} steps without a final answer; fallbackText holds the model's best answer from memory${outcome.output === undefined ? ", which did not pass the answer's checks" : ""}.`,
    });
    return { ...outcome, error: { name: error.name, message: error.message, code: error.code } };
  }
  const caught = outcome.error as Partial<CodeActError> | undefined;
  const error =
    outcome.status === "aborted" && !AbortError.isInstance(caught)
      ? new AbortError({ cause: caught })
      : caught;
  return {
    status: outcome.status,
    error: {
      name: error?.name ?? "Error",
      message: error?.message ?? String(outcome.error),
      ...(error?.code && { code: error.code }),
    },
  };
}
