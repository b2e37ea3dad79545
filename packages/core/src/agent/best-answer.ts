/** When steps run out: one last call for the best answer from memory, checked like any answer. */
import { AbortError } from "../errors/abort-error.js";
import type { FinalAnswerStep } from "../run/steps.js";
import { offerAnswer, parseMaybeJson } from "./final-answer.js";
import { renderMessages } from "./memory.js";
import { callModel } from "./model-call.js";
import type { RunContext } from "./run-context.js";
import type { Loop, LoopOutcome } from "./run-loop.js";

/**
 * Asks for the best answer, stating the shape an `outputSchema` requires. The reply is read as
 * JSON when a shape is required and offered like any final answer: `output` is set (and a
 * `final-answer` event emitted) only when it passes; the raw text is kept either way.
 */
export async function bestAnswer(loop: Loop, run: RunContext): Promise<LoopOutcome> {
  const prompt = loop.prompts.finalAnswer({ task: run.task, shape: loop.answerShape });
  const messages = [
    ...renderMessages(loop.systemPrompt, run.steps),
    { role: "user" as const, content: prompt },
  ];
  const response = await callModel(loop.model, { messages, ...loop.sampling }, run);
  const step: FinalAnswerStep = {
    type: "final-answer",
    prompt,
    answer: response.text,
    usage: response.usage,
  };
  run.steps.push(step);
  const answer = loop.answerShape === undefined ? response.text : parseMaybeJson(response.text);
  try {
    const output = await offerAnswer(answer, run, loop.answerRules);
    run.emit({ step: run.step, agentPath: run.agentPath, type: "final-answer", output });
    return { status: "max_steps", output, fallbackText: response.text };
  } catch (error) {
    if (AbortError.isInstance(error)) throw error;
    return { status: "max_steps", fallbackText: response.text };
  }
}
