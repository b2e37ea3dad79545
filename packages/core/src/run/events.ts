/** Events a run emits, in order, as a discriminated union on `type`, with a runtime schema. */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { ModelResponse, ToolCall, Usage } from "../model.js";
import { type JSONSchema, jsonSchema, type Schema } from "../schema/json-schema.js";
import { validateJsonSchema } from "../schema/validate-json-schema.js";
import eventSchema from "./agent-event.schema.json" with { type: "json" };
import type { RunJournal } from "./journal.js";
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
  /** The parent's journal, when it is journaled: a sub-agent's run can be journaled under it. */
  readonly journal?: RunJournal;
  emit(event: AgentEvent): void;
  addUsage(usage: Usage): void;
};

const document = eventSchema as JSONSchema;
// One event is checked against its own type's schema, so a problem is reported for that type.
const byType = new Map(
  (document.oneOf ?? []).map(({ $ref = "" }) => [$ref.split("/").at(-1), { $defs: document.$defs, $ref }]),
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
export const agentEventSchema: Schema<AgentEvent> = jsonSchema<AgentEvent>(document, {
  validate: (value): StandardSchemaV1.Result<AgentEvent> | Promise<StandardSchemaV1.Result<AgentEvent>> => {
    const type = (value as { type?: unknown } | null)?.type;
    const schema = typeof type === "string" ? byType.get(type) : undefined;
    if (!schema)
      return { issues: [{ message: `unknown event type ${JSON.stringify(type)}`, path: ["type"] }] };
    return validateJsonSchema(schema, value) as Promise<StandardSchemaV1.Result<AgentEvent>>;
  },
});
