/** The step loop both agents share: plan when due, ask the model, act, observe, until an answer. */
import type { ActionStep } from "../run/steps.js";
import { abortReason } from "../util/abortable.js";
import type { ActionOutcome, ActionStrategy, Actor } from "./action.js";
import { bestAnswer } from "./best-answer.js";
import { renderMessages } from "./memory.js";
import { callModel } from "./model-call.js";
import { plan, planDue } from "./planning.js";
import type { RunContext } from "./run-context.js";
import { type AgentSetup, modelRequest } from "./setup.js";

/** How the steps ended when nothing went wrong; `output` is only ever a validated answer. */
export type LoopOutcome =
  | { status: "success"; output: unknown }
  | { status: "max_steps"; output?: unknown; fallbackText: string };

/** Runs action steps until a final answer is accepted or `maxSteps` run out. */
export async function runSteps(
  setup: AgentSetup,
  strategy: ActionStrategy,
  run: RunContext,
  actor: Actor,
  maxSteps: number,
): Promise<LoopOutcome> {
  const { systemPrompt } = strategy;
  for (run.step = 1; run.step <= maxSteps; run.step++) {
    if (run.signal.aborted) throw abortReason(run.signal);
    if (planDue(setup.options.planningInterval, run.step)) await plan(setup, strategy, run, maxSteps);
    const base = { step: run.step, agentPath: run.agentPath };
    run.emit({ ...base, type: "step-start" });
    const started = performance.now();
    const request = modelRequest(setup, renderMessages(systemPrompt, run.steps), strategy.request);
    const response = await callModel(setup.options.model, request, run);
    const { produced, ...acted } = await actor.act(response, run);
    // A replay that no longer matches its journal stops; it never goes on as if it did. A run
    // waiting for an approval stops too, before the step is remembered: resume replays it.
    if (run.recorder?.diverged) throw run.recorder.diverged;
    if (run.recorder?.suspended) throw run.recorder.suspended;
    // Replayed, the step remembers what the original showed the model, word for word.
    if (run.recorder)
      acted.observation = await run.recorder.outcome(run.step, acted.observation ?? "", produced);
    const outcome = withBudget(acted, setup, run, maxSteps);
    const action: ActionStep = {
      type: "action",
      step: run.step,
      modelOutput: response.text,
      ...(response.toolCalls.length > 0 && { toolCalls: response.toolCalls }),
      ...outcome,
      ...(run.finalAnswer && { finalAnswer: run.finalAnswer }),
      ...(response.reasoning && { reasoning: response.reasoning }),
      usage: response.usage,
      durationMs: performance.now() - started,
    };
    run.steps.push(action);
    if (action.observation) run.emit({ ...base, type: "observation", observation: action.observation });
    run.emit({ ...base, type: "step-end", action });
    if (run.finalAnswer) {
      run.emit({ ...base, type: "final-answer", output: run.finalAnswer.value });
      return { status: "success", output: run.finalAnswer.value };
    }
  }
  run.step = maxSteps;
  if (run.signal.aborted) throw abortReason(run.signal);
  return bestAnswer(setup, strategy, run);
}

/**
 * Adds "Step 3 of 20 done." to the observation the model reads after a step, unless the run has
 * its answer. Tool results stay exactly what the tools returned.
 */
function withBudget(
  outcome: ActionOutcome,
  setup: AgentSetup,
  run: RunContext,
  maxSteps: number,
): ActionOutcome {
  if (run.finalAnswer || !outcome.observation) return outcome;
  const budget = setup.prompts.stepBudget({ step: run.step, maxSteps });
  return { ...outcome, observation: `${outcome.observation}\n${budget}` };
}
