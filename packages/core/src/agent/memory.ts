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

/**
 * The full message list for the next request: the system prompt, every step in order, then
 * `next` when given. Consecutive user messages are merged, since some providers reject two in a row.
 */
export function renderMessages(systemPrompt: string, steps: readonly Step[], next?: string): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: "system", content: systemPrompt }];
  const all = [
    ...steps.flatMap(stepMessages),
    ...(next === undefined ? [] : [{ role: "user" as const, content: next }]),
  ];
  for (const message of all) {
    const last = messages.at(-1);
    if (message.role === "user" && last?.role === "user") {
      messages[messages.length - 1] = { role: "user", content: `${last.content}\n\n${message.content}` };
    } else messages.push(message);
  }
  return messages;
}
