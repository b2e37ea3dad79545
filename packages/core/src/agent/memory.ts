/**
 * Memory: a run's history as plain JSON steps that render themselves to chat messages.
 * Steps are only ever appended and each renders the same way every time, so every request's
 * messages begin with the previous request's messages byte for byte and prompt caches hit.
 */
import type { ChatMessage, ToolCall, Usage } from "../model.js";

/** The task the user gave. `continued` marks a task given to a run that kept earlier memory. */
export type TaskStep = { type: "task"; task: string; continued?: boolean };

/** A plan the model wrote before a step; `prompt` is the request that produced it. */
export type PlanStep = { type: "plan"; step: number; prompt: string; plan: string; usage: Usage };

/** One model answer, the action it took and what came of it. */
export type ActionStep = {
  type: "action";
  step: number;
  modelOutput: string;
  /** Native tool calls (ToolCallingAgent). */
  toolCalls?: ToolCall[];
  /** Results of native tool calls, answered one message each. */
  toolResults?: { callId: string; content: string }[];
  /** The code that ran (CodeAgent), types stripped. */
  code?: string;
  /** What the model is told, as a user message; empty when tool results say it all. */
  observation: string;
  error?: { name: string; message: string };
  finalAnswer?: { value: unknown };
  /** Thinking text the model returned apart from its answer; never sent back. */
  reasoning?: string;
  usage: Usage;
  durationMs: number;
};

/** The answer given when steps ran out: the model was asked for its best answer from memory. */
export type FinalAnswerStep = { type: "final-answer"; prompt: string; answer: string; usage: Usage };

/** Any memory step. All are JSON-serializable. */
export type Step = TaskStep | PlanStep | ActionStep | FinalAnswerStep;

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
