/** Events a run emits, in order, as a discriminated union on `type`. */
import type { ModelResponse, ToolCall } from "../model.js";
import type { ActionStep, PlanStep } from "./memory.js";
import type { RunResult } from "./run-result.js";

/** Fields every event carries: the step it belongs to and the agents from the top one down. */
export type EventBase = { step: number; agentPath: string[] };

/**
 * Everything a run reports while it works. Sub-agents' events stream through their manager's
 * run with a longer `agentPath`.
 */
export type AgentEvent = EventBase &
  (
    | { type: "run-start"; runId: string; task: string }
    | { type: "step-start" }
    | { type: "text-delta"; delta: string }
    | { type: "model-response"; response: ModelResponse }
    | { type: "code"; code: string }
    | { type: "tool-call"; call: ToolCall }
    | {
        type: "tool-result";
        callId: string;
        name: string;
        output?: unknown;
        error?: { name: string; message: string };
      }
    | { type: "observation"; observation: string }
    | { type: "plan"; plan: PlanStep }
    | { type: "step-end"; action: ActionStep }
    | { type: "final-answer"; output: unknown }
    | { type: "run-end"; result: RunResult }
  );

/** The `type` of every event, for exhaustive handling. */
export type AgentEventType = AgentEvent["type"];
