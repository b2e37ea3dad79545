/** Planning: an initial plan before the first step, then updated facts and plan every interval. */
import type { ChatMessage } from "../model.js";
import type { PromptTemplates } from "../prompt/templates.js";
import type { PlanStep } from "../run/steps.js";
import { renderMessages } from "./memory.js";
import { callModel } from "./model-call.js";
import type { RunContext } from "./run-context.js";
import type { Loop } from "./run-loop.js";

/** Whether a plan is due before the current step. */
export function planDue(interval: number | undefined, step: number): boolean {
  return interval !== undefined && interval > 0 && (step - 1) % interval === 0;
}

/** Asks the model for a plan and appends it to memory. */
export async function plan(loop: Loop, run: RunContext, maxSteps: number): Promise<PlanStep> {
  const prompt = planPrompt(loop.prompts, run, maxSteps);
  const messages: ChatMessage[] = [
    ...renderMessages(loop.systemPrompt, run.steps),
    { role: "user", content: prompt },
  ];
  const response = await callModel(loop.model, { messages, ...loop.sampling }, run);
  const step: PlanStep = { type: "plan", step: run.step, prompt, plan: response.text, usage: response.usage };
  run.steps.push(step);
  run.emit({ type: "plan", step: run.step, agentPath: run.agentPath, plan: step });
  return step;
}

function planPrompt(prompts: PromptTemplates, run: RunContext, maxSteps: number): string {
  if (run.step === 1) return prompts.initialPlan({ task: run.task, maxSteps });
  return prompts.updatePlan({ task: run.task, remainingSteps: maxSteps - run.step + 1 });
}
