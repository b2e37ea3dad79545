/** When steps run out: one last call for the best answer from memory, checked like any answer. */
import { AbortError } from "../errors/abort-error.js";
import { offerAnswer, parseMaybeJson } from "./final-answer.js";
import { askAside, type RequestFrame } from "./model-call.js";
import type { RunContext } from "./run-context.js";
import type { LoopOutcome } from "./run-loop.js";
import type { AgentSetup } from "./setup.js";

/**
 * Asks for the best answer, stating the shape an `outputSchema` requires. The reply is read as
 * JSON when a shape is required and offered like any final answer: `output` is set (and a
 * `final-answer` event emitted) only when it passes; the raw text is kept either way.
 */
export async function bestAnswer(
  setup: AgentSetup,
  frame: RequestFrame,
  run: RunContext,
): Promise<LoopOutcome> {
  const prompt = setup.prompts.finalAnswer({ task: run.task, shape: setup.answerShape });
  const { text, usage } = await askAside(setup, frame, run, prompt);
  run.steps.push({ type: "final-answer", prompt, answer: text, usage });
  try {
    const output = await offerAnswer(setup.answerShape ? parseMaybeJson(text) : text, run, setup.answerRules);
    run.emit({ step: run.step, agentPath: run.agentPath, type: "final-answer", output });
    return { status: "max_steps", output, fallbackText: text };
  } catch (error) {
    if (AbortError.isInstance(error)) throw error;
    return { status: "max_steps", fallbackText: text };
  }
}
