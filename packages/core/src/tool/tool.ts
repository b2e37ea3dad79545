/** Tools: host functions the model's code calls as `await name({ ... })`. */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { CodeActError } from "../errors/codeact-error.js";
import type { ParentRun } from "../run/events.js";
import type { Schema } from "../schema/json-schema.js";
import { isSchema } from "../schema/standard-schema.js";

/** What a tool's `execute` receives besides its input. */
export type ToolExecuteOptions = {
  /** Aborts when the call must stop: the code that made it ended, or the run was aborted. */
  signal: AbortSignal;
  /** Unique within the run. */
  callId: string;
  /** The run making the call, when an agent makes it: pass it on to run a sub-agent inside it. */
  parent?: ParentRun;
  /**
   * In a journaled run, the same for this call when the run is resumed and replayed (run id,
   * step, call): a call that was in flight at a crash runs again with the same key, so a tool
   * with side effects can use it to do them once.
   */
  idempotencyKey?: string;
};

/** One piece of what the model is shown of a tool's result; binary data is described, not pasted. */
export type ToolContent =
  | { type: "text"; text: string }
  | { type: "json"; value: unknown }
  | { type: "image" | "audio"; mimeType: string; data?: string; description?: string }
  | { type: "resource"; uri: string; mimeType?: string; text?: string; description?: string };

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
  /**
   * How a result is shown to a model that reads it as text (a `ToolCallingAgent`'s tool message).
   * Without it, strings are shown as they are and other values as JSON. Code sees the result itself.
   */
  toModelOutput?(output: Output): string | ToolContent[];
}

/**
 * Tools that can change while an agent runs, such as an MCP server's: pass it among an agent's
 * `tools`. The agent reads `currentTools()` when it is built; a `CodeAgent` calls `refreshTools`
 * after each step and tells the model what changed.
 */
export interface ToolSource {
  /** The tools as last known. */
  currentTools(): readonly AnyTool[];
  /** The tools once every change the source has heard of is known. */
  refreshTools(options: { signal: AbortSignal }): Promise<readonly AnyTool[]>;
}

/** The tools of a list mixing tools and {@link ToolSource}s, as they are now. */
export function currentTools(tools: readonly (AnyTool | ToolSource)[]): AnyTool[] {
  return tools.flatMap((entry) => (isToolSource(entry) ? entry.currentTools() : [entry]));
}

/** Whether `value` is a {@link ToolSource} rather than a tool. */
export function isToolSource(value: AnyTool | ToolSource): value is ToolSource {
  return typeof (value as Partial<ToolSource>).refreshTools === "function";
}

/** Any tool, whatever its types; what agents accept. */
// biome-ignore lint/suspicious/noExplicitAny: a list of tools mixes input types; each validates its own.
export type AnyTool = Tool<any, any>;

type InferOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : never;

/** The definition {@link tool} takes: a {@link Tool} whose input type is inferred from `inputSchema`. */
export type ToolDefinition<S extends Schema, Output> = Omit<Tool<InferOutput<S>, Output>, "inputSchema"> & {
  inputSchema: S;
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

/**
 * The same tools with `prefix` before each name, so two servers' `search` tools can sit side by
 * side. The originals are unchanged; the copies call them.
 *
 * @example
 * const tools = [...prefixTools("github_", githubTools), ...prefixTools("jira_", jiraTools)];
 */
export function prefixTools<T extends AnyTool>(prefix: string, tools: readonly T[]): T[] {
  return tools.map((tool) =>
    Object.create(tool, { name: { value: `${prefix}${tool.name}`, enumerable: true } }),
  );
}

function invalidTool(name: string, problem: string): CodeActError {
  return new CodeActError({ code: "invalid_tool", message: `Tool "${name}" ${problem}.` });
}
