/**
 * Memory as chat messages. Steps are only ever appended and each renders the same way every time, so every request's
 * messages begin with the previous request's messages byte for byte and prompt caches hit.
 */
import type { ChatMessage } from "../model.js";
import type { Step } from "../run/steps.js";

const proceed = "Now proceed, step by step, following your plan.";

/** The chat messages one step contributes to every later request. */
export function stepMessages(step: Step): ChatMessage[] {
  switch (step.type) {
    case "task":
      return [{ role: "user", content: step.continued ? `New task:\n${step.task}` : `Task:\n${step.task}` }];
    case "plan":
      return [
        { role: "user", content: step.prompt },
        { role: "assistant", content: step.plan },
        { role: "user", content: proceed },
      ];
    case "final-answer":
      return [
        { role: "user", content: step.prompt },
        { role: "assistant", content: step.answer },
      ];
    case "action": {
      const messages: ChatMessage[] = [
        step.toolCalls?.length
          ? { role: "assistant", content: step.modelOutput, toolCalls: step.toolCalls }
          : { role: "assistant", content: step.modelOutput },
      ];
      for (const result of step.toolResults ?? []) {
        messages.push({ role: "tool", callId: result.callId, content: result.content });
      }
      if (step.observation) messages.push({ role: "user", content: step.observation });
      return messages;
    }
  }
}

/** The full message list for the next request: the system prompt, then every step in order. */
export function renderMessages(systemPrompt: string, steps: readonly Step[]): ChatMessage[] {
  return [{ role: "system", content: systemPrompt }, ...steps.flatMap(stepMessages)];
}
