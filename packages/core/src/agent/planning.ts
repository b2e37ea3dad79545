/** Planning: an initial plan before the first step, then updated facts and plan every interval. */
import type { PlanStep } from "../run/steps.js";
import { askAside, type RequestFrame } from "./model-call.js";
import type { RunContext } from "./run-context.js";
import type { AgentSetup } from "./setup.js";

/** Whether a plan is due before the current step. */
export function planDue(interval: number | undefined, step: number): boolean {
  return interval !== undefined && interval > 0 && (step - 1) % interval === 0;
}

/** Asks the model for a plan and appends it to memory. */
export async function plan(
  setup: AgentSetup,
  frame: RequestFrame,
  run: RunContext,
  maxSteps: number,
): Promise<PlanStep> {
  const { task } = run;
  const prompt =
    run.step === 1
      ? setup.prompts.initialPlan({ task, maxSteps })
      : setup.prompts.updatePlan({ task, remainingSteps: maxSteps - run.step + 1 });
  const response = await askAside(setup, frame, run, prompt);
  const step: PlanStep = { type: "plan", step: run.step, prompt, plan: response.text, usage: response.usage };
  run.steps.push(step);
  run.emit({ type: "plan", step: run.step, agentPath: run.agentPath, plan: step });
  return step;
}
