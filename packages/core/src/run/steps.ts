/** Memory steps: a run's history as plain JSON, rendered to chat messages by the agent. */
import type { ToolCall, Usage } from "../model.js";

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

/** The answer asked for when steps ran out: the model's best answer from memory. */
export type FinalAnswerStep = { type: "final-answer"; prompt: string; answer: string; usage: Usage };

/** Any memory step. All are JSON-serializable. */
export type Step = TaskStep | PlanStep | ActionStep | FinalAnswerStep;
