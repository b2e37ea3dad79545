/** Events a run emits, in order, as a discriminated union on `type`, with a runtime schema. */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { ModelResponse, ToolCall, Usage } from "../model.js";
import { type JSONSchema, jsonSchema, type Schema } from "../schema/json-schema.js";
import { validateJsonSchema } from "../schema/validate-json-schema.js";
import type { RunResult } from "./run-result.js";
import type { ActionStep, PlanStep } from "./steps.js";

/** Fields every event carries: the step it belongs to and the agents from the top one down. */
export type EventBase = { step: number; agentPath: string[] };

/**
 * Everything a run reports while it works. Sub-agents' events stream through their manager's
 * run with a longer `agentPath`. A `final-answer` event means the answer passed every check.
 */
export type AgentEvent = EventBase &
  (
    | { type: "run-start"; runId: string; task: string }
    | { type: "step-start" }
    | { type: "text-delta"; delta: string }
    | { type: "model-response"; response: ModelResponse }
    | { type: "code"; code: string }
    | { type: "tool-call"; call: ToolCall }
    | { type: "tool-result"; callId: string; name: string; output?: unknown; error?: EventError }
    | { type: "observation"; observation: string }
    | { type: "plan"; plan: PlanStep }
    | { type: "step-end"; action: ActionStep }
    | { type: "final-answer"; output: unknown }
    | { type: "run-end"; result: RunResult }
  );

type EventError = { name: string; message: string };

/** The `type` of every event, for exhaustive handling. */
export type AgentEventType = AgentEvent["type"];

/**
 * The run a piece of work belongs to. Tools receive it as `parent`; pass it to
 * `agent.run(task, { parent })` and the sub-agent's run extends its `agentPath`, emits through
 * its stream and adds its usage to it.
 */
export type ParentRun = {
  readonly runId: string;
  readonly agentPath: readonly string[];
  emit(event: AgentEvent): void;
  addUsage(usage: Usage): void;
};

const [string, number, boolean, any] = [{ type: "string" }, { type: "number" }, { type: "boolean" }, {}];
const object = (properties: Record<string, JSONSchema>, required = Object.keys(properties)): JSONSchema => ({
  type: "object",
  properties,
  required,
});
const array = (items: JSONSchema): JSONSchema => ({ type: "array", items });
const usage = object({ inputTokens: number, outputTokens: number, cachedInputTokens: number }, [
  "inputTokens",
]);
const error = object({ name: string, message: string, code: string }, ["name", "message"]);
const call = object({ id: string, name: string, input: any }, ["id", "name"]);
const finishReason = { enum: ["stop", "length", "tool-calls", "content-filter", "error", "other"] };
const response = object({ text: string, toolCalls: array(call), finishReason, usage, reasoning: string }, [
  "text",
  "toolCalls",
  "finishReason",
  "usage",
]);
const stepType = (type: string) => ({ type: { const: type } });
const plan = object({ ...stepType("plan"), step: number, prompt: string, plan: string, usage });
const action = object(
  {
    ...stepType("action"),
    ...{ step: number, modelOutput: string, observation: string, usage, durationMs: number, code: string },
    ...{ toolCalls: array(call), toolResults: array(object({ callId: string, content: string })) },
    ...{ reasoning: string, error, finalAnswer: object({ value: any }, []) },
  },
  ["type", "step", "modelOutput", "observation", "usage", "durationMs"],
);
const step = {
  anyOf: [
    object({ ...stepType("task"), task: string, continued: boolean }, ["type", "task"]),
    plan,
    action,
    object({ ...stepType("final-answer"), prompt: string, answer: string, usage }),
  ],
};
const status = { enum: ["success", "max_steps", "error", "aborted"] };
const result = object(
  {
    runId: string,
    status,
    output: any,
    fallbackText: string,
    steps: array(step),
    usage,
    durationMs: number,
    error,
  },
  ["runId", "status", "steps", "usage", "durationMs"],
);
const payloads: Record<AgentEventType, Record<string, JSONSchema>> = {
  "run-start": { runId: string, task: string },
  "step-start": {},
  "text-delta": { delta: string },
  "model-response": { response },
  code: { code: string },
  "tool-call": { call },
  "tool-result": { callId: string, name: string, output: any, error },
  observation: { observation: string },
  plan: { plan },
  "step-end": { action },
  "final-answer": { output: any },
  "run-end": { result },
};
const events = Object.fromEntries(
  Object.entries(payloads).map(([type, fields]) => {
    const optional = type === "tool-result" || type === "final-answer" ? ["output", "error"] : [];
    const required = [
      "type",
      "step",
      "agentPath",
      ...Object.keys(fields).filter((key) => !optional.includes(key)),
    ];
    return [type, object({ ...stepType(type), step: number, agentPath: array(string), ...fields }, required)];
  }),
);

/**
 * The runtime schema of {@link AgentEvent}: a Standard Schema (so `~standard.validate` checks an
 * event that crossed HTTP or `--json`) whose JSON Schema form (`~standard.jsonSchema.output()`)
 * describes every event for peers in other languages.
 *
 * @example
 * const checked = await agentEventSchema["~standard"].validate(JSON.parse(line));
 * if (checked.issues) throw new Error(checked.issues[0].message);
 */
export const agentEventSchema: Schema<AgentEvent> = jsonSchema<AgentEvent>(
  { anyOf: Object.values(events) },
  {
    validate: (value): StandardSchemaV1.Result<AgentEvent> => {
      const type = (value as { type?: unknown } | null)?.type;
      const schema = typeof type === "string" ? events[type] : undefined;
      if (!schema)
        return { issues: [{ message: `unknown event type ${JSON.stringify(type)}`, path: ["type"] }] };
      const { issues } = validateJsonSchema(schema, value);
      return issues.length > 0 ? { issues } : { value: value as AgentEvent };
    },
  },
);
