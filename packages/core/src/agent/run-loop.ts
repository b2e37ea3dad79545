/** The step loop both agents share: plan when due, ask the model, act, observe, until an answer. */
import type { Model, ModelRequest } from "../model.js";
import type { PromptTemplates } from "../prompt/templates.js";
import type { ActionStep } from "../run/steps.js";
import { abortReason } from "../util/abortable.js";
import type { Actor } from "./action.js";
import { bestAnswer } from "./best-answer.js";
import type { AnswerRules } from "./final-answer.js";
import { renderMessages } from "./memory.js";
import { callModel } from "./model-call.js";
import { plan, planDue } from "./planning.js";
import type { RunContext } from "./run-context.js";

/** Everything the loop needs that stays the same from run to run. */
export type Loop = {
  model: Model;
  systemPrompt: string;
  /** Request fields of the action strategy: native tools or stop sequences. */
  request: Pick<ModelRequest, "tools" | "stop">;
  sampling: Pick<ModelRequest, "temperature" | "maxOutputTokens">;
  prompts: PromptTemplates;
  planningInterval?: number;
  answerRules: AnswerRules;
  /** The TypeScript type answers must have, when there is an `outputSchema`. */
  answerShape?: string;
};

/** How the steps ended when nothing went wrong; `output` is only ever a validated answer. */
export type LoopOutcome =
  | { status: "success"; output: unknown }
  | { status: "max_steps"; output?: unknown; fallbackText: string };

/** Runs action steps until a final answer is accepted or `maxSteps` run out. */
export async function runSteps(
  loop: Loop,
  run: RunContext,
  actor: Actor,
  maxSteps: number,
): Promise<LoopOutcome> {
  for (run.step = 1; run.step <= maxSteps; run.step++) {
    if (run.signal.aborted) throw abortReason(run.signal);
    if (planDue(loop.planningInterval, run.step)) await plan(loop, run, maxSteps);
    const base = { step: run.step, agentPath: run.agentPath };
    run.emit({ ...base, type: "step-start" });
    const started = performance.now();
    const messages = renderMessages(loop.systemPrompt, run.steps);
    const response = await callModel(loop.model, { messages, ...loop.request, ...loop.sampling }, run);
    const outcome = await actor.act(response, run);
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
  return bestAnswer(loop, run);
}
