/** Tools: host functions the model's code calls as `await name({ ... })`. */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { AgentEvent } from "../agent/events.js";
import { CodeActError } from "../errors/codeact-error.js";
import type { Schema } from "./json-schema.js";

/** What a tool's `execute` receives besides its input. */
export type ToolExecuteOptions = {
  /** Fires when the run is aborted; long work should stop. */
  signal: AbortSignal;
  /** Unique within the run. */
  callId: string;
  /** Names from the top agent down to the agent calling this tool. */
  agentPath: string[];
  /** Streams events of nested work (a sub-agent's run) through the calling agent's run. */
  emit: (event: AgentEvent) => void;
};

/** A tool as the agent sees it. Create one with {@link tool}. */
export interface Tool<Input = unknown, Output = unknown> {
  /** The function name in the model's code; names that are not identifiers are sanitized. */
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Schema<Input>;
  /** Shown to the model as the return type; `Promise<unknown>` when absent. */
  readonly outputSchema?: Schema<Output>;
  /** `true`, or a predicate on the validated input: the agent's `onApproval` decides. */
  readonly needsApproval?: boolean | ((input: Input) => boolean | Promise<boolean>);
  execute(input: Input, options: ToolExecuteOptions): Output | Promise<Output>;
}

/** Any tool, whatever its types; what agents accept. */
// biome-ignore lint/suspicious/noExplicitAny: a list of tools mixes input types; each validates its own.
export type AnyTool = Tool<any, any>;

type InferOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : never;

/** The definition {@link tool} takes; input types are inferred from `inputSchema`. */
export type ToolDefinition<S extends Schema, Output> = {
  name: string;
  description: string;
  inputSchema: S;
  outputSchema?: Schema<Output>;
  needsApproval?: boolean | ((input: InferOutput<S>) => boolean | Promise<boolean>);
  execute: (input: InferOutput<S>, options: ToolExecuteOptions) => Output | Promise<Output>;
};

/**
 * Defines a tool. Input is validated against `inputSchema` before `execute` runs; a failure
 * goes back to the model as a readable error.
 *
 * @example
 * const getWeather = tool({
 *   name: "get_weather",
 *   description: "Current weather for a city.",
 *   inputSchema: z.object({ city: z.string() }),
 *   execute: async ({ city }) => ({ tempC: 21, sky: "clear" }),
 * });
 */
export function tool<S extends Schema, Output = unknown>(
  definition: ToolDefinition<S, Output>,
): Tool<InferOutput<S>, Output> {
  const { name, description, inputSchema, execute } = definition;
  if (typeof name !== "string" || name.length === 0) {
    throw invalidTool(String(name), "needs a non-empty `name`");
  }
  if (typeof description !== "string") {
    throw invalidTool(name, "needs a `description` string telling the model what it does");
  }
  if (typeof execute !== "function") throw invalidTool(name, "needs an `execute` function");
  if (!isSchema(inputSchema)) {
    throw invalidTool(
      name,
      "needs an `inputSchema` that is a Standard Schema with a JSON Schema form (zod 4, or jsonSchema({...}) for raw JSON Schema)",
    );
  }
  if (definition.outputSchema !== undefined && !isSchema(definition.outputSchema)) {
    throw invalidTool(name, "has an `outputSchema` that is not a Standard Schema with a JSON Schema form");
  }
  return { ...definition } as Tool<InferOutput<S>, Output>;
}

/** Whether `value` can both validate and describe itself as JSON Schema. */
export function isSchema(value: unknown): value is Schema {
  const standard = (value as { "~standard"?: { validate?: unknown; jsonSchema?: unknown } } | undefined)?.[
    "~standard"
  ];
  return typeof standard?.validate === "function" && typeof standard.jsonSchema === "object";
}

function invalidTool(name: string, problem: string): CodeActError {
  return new CodeActError({ code: "invalid_tool", message: `Tool "${name}" ${problem}.` });
}
