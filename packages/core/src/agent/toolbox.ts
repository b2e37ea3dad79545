/** The tools of one agent: names the model can call, their declarations, and a guarded way to call them. */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { AbortError } from "../errors/abort-error.js";
import { CodeActError } from "../errors/codeact-error.js";
import { ToolError } from "../errors/tool-error.js";
import type { ToolSpec } from "../model.js";
import { assignIdentifiers } from "../prompt/identifiers.js";
import { renderToolDeclaration, schemaToTypeScript } from "../prompt/schema-to-typescript.js";
import type { JSONSchema, Schema } from "../tool/json-schema.js";
import type { AnyTool } from "../tool/tool.js";
import { abortable } from "../util/abortable.js";
import type { RunContext } from "./action.js";
import type { AgentOptions } from "./options.js";

/** The name of the function or tool that ends a run. */
export const FINAL_ANSWER = "final_answer";

const finalAnswerDescription = "Ends the task with your answer.";

/** An agent's tools, keyed by the identifier the model calls them by. */
export class Toolbox {
  readonly #tools = new Map<string, { tool: AnyTool; input: JSONSchema; output?: JSONSchema }>();
  readonly #options: AgentOptions;
  readonly #answerSchema: JSONSchema;

  constructor(options: AgentOptions) {
    this.#options = options;
    const tools = options.tools ?? [];
    const identifiers = assignIdentifiers(tools.map((tool) => tool.name));
    for (const tool of tools) {
      const identifier = identifiers.get(tool.name) ?? tool.name;
      if (this.#tools.has(identifier)) {
        throw new CodeActError({
          code: "invalid_tool",
          message: `Two tools are named "${tool.name}"; rename one.`,
        });
      }
      this.#tools.set(identifier, {
        tool,
        input: toJsonSchema(tool.inputSchema, "input", tool.name),
        output: tool.outputSchema && toJsonSchema(tool.outputSchema, "output", tool.name),
      });
    }
    const outputSchema = options.outputSchema as Partial<Schema> | undefined;
    this.#answerSchema = outputSchema?.["~standard"]?.jsonSchema
      ? toJsonSchema(outputSchema as Schema, "input", FINAL_ANSWER)
      : {};
  }

  /** Whether answers must match an `outputSchema`, so a text answer should be read as JSON. */
  get structuredAnswer(): boolean {
    return this.#options.outputSchema !== undefined;
  }

  /** Identifiers the model calls, `final_answer` excluded. */
  get names(): string[] {
    return [...this.#tools.keys()];
  }

  /** The tools as TypeScript declarations, `final_answer` last. */
  declarations(): string {
    const tools = [...this.#tools].map(([identifier, { tool, input, output }]) =>
      renderToolDeclaration({
        identifier,
        description: tool.description,
        inputSchema: input,
        outputSchema: output,
      }),
    );
    const answerType = schemaToTypeScript(this.#answerSchema);
    const answer = `/** ${finalAnswerDescription} */\ndeclare function ${FINAL_ANSWER}(answer: ${answerType}): Promise<void>;`;
    return [...tools, answer].join("\n\n");
  }

  /** The tools as native tool specs, `final_answer` (taking `{ answer }`) last. */
  specs(): ToolSpec[] {
    const specs = [...this.#tools].map(([name, { tool, input }]) => ({
      name,
      description: tool.description,
      inputSchema: input,
    }));
    const answer = { type: "object", properties: { answer: this.#answerSchema }, required: ["answer"] };
    return [...specs, { name: FINAL_ANSWER, description: finalAnswerDescription, inputSchema: answer }];
  }

  /**
   * Calls a tool as the model asked: validates the input, asks for approval when needed, runs
   * it, and reports both ends as events. Every failure is a {@link ToolError} meant for the model.
   */
  async call(identifier: string, input: unknown, run: RunContext, callId: string): Promise<unknown> {
    const entry = this.#tools.get(identifier);
    const name = entry?.tool.name ?? identifier;
    const base = { step: run.step, agentPath: run.agentPath };
    run.emit({ ...base, type: "tool-call", call: { id: callId, name, input } });
    try {
      if (!entry) {
        throw toolError(
          name,
          "unknown_tool",
          `There is no tool named "${identifier}". Available: ${this.names.join(", ") || "none"}.`,
        );
      }
      if (run.finalAnswer) {
        throw toolError(name, "run_finished", "The final answer was already given.");
      }
      // `tool()` with no argument means "no options", as it would in any JavaScript API.
      const valid = await validate(
        entry.tool.inputSchema,
        input ?? {},
        `Invalid input for ${identifier}`,
        name,
      );
      await this.#approve(entry.tool, valid, identifier);
      if (run.signal.aborted) throw new AbortError();
      const execution = entry.tool.execute(valid, {
        signal: run.signal,
        callId,
        agentPath: run.agentPath,
        emit: run.emit,
      });
      // A tool that ignores its signal must not hold the run once it is aborted.
      const output = await abortable(Promise.resolve(execution), run.signal);
      run.emit({ ...base, type: "tool-result", callId, name, output });
      return output;
    } catch (caught) {
      const error = asToolError(caught, name, run.signal);
      run.emit({
        ...base,
        type: "tool-result",
        callId,
        name,
        error: { name: error.name, message: error.message },
      });
      throw error;
    }
  }

  /**
   * Accepts a final answer once it passes `outputSchema` and every custom check; the validated
   * value (with the schema's transforms applied) is kept on the run.
   */
  async finalAnswer(answer: unknown, run: RunContext): Promise<unknown> {
    if (run.finalAnswer) {
      throw toolError(FINAL_ANSWER, "run_finished", "final_answer was already called.");
    }
    const schema = this.#options.outputSchema;
    const value = schema
      ? await validate(schema, answer, "The final answer does not match the expected shape", FINAL_ANSWER)
      : answer;
    for (const check of this.#options.finalAnswerChecks ?? []) {
      const verdict = await check(value, { task: run.task, steps: run.steps });
      if (verdict !== true) {
        const reason = typeof verdict === "string" ? verdict : "it did not pass a check";
        throw toolError(FINAL_ANSWER, "final_answer_rejected", `The final answer was rejected: ${reason}`);
      }
    }
    run.finalAnswer = { value };
    return value;
  }

  async #approve(tool: AnyTool, input: unknown, identifier: string): Promise<void> {
    const needed =
      typeof tool.needsApproval === "function" ? await tool.needsApproval(input) : tool.needsApproval;
    if (!needed) return;
    const approve = this.#options.onApproval;
    if (approve && (await approve({ name: tool.name, input }))) return;
    throw new ToolError({
      toolName: tool.name,
      code: "approval_denied",
      message: approve
        ? `The user denied this call to ${identifier}. Do not retry it; find another way or explain in your final answer.`
        : `${identifier} needs approval, but no approver is configured, so it cannot run. Find another way.`,
    });
  }
}

async function validate(
  schema: StandardSchemaV1,
  value: unknown,
  problem: string,
  toolName: string,
): Promise<unknown> {
  const result = await schema["~standard"].validate(value);
  if (!result.issues) return result.value;
  const issues = result.issues.map((issue) => {
    const path = issue.path?.map((part) => (typeof part === "object" ? part.key : part)).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw toolError(toolName, "invalid_input", `${problem}: ${issues.join("; ")}.`);
}

function toJsonSchema(schema: Schema, side: "input" | "output", toolName: string): JSONSchema {
  try {
    const { $schema: _, ...json } = schema["~standard"].jsonSchema[side]({ target: "draft-2020-12" });
    return json as JSONSchema;
  } catch (cause) {
    throw new CodeActError({
      code: "invalid_tool",
      message: `The ${side} schema of "${toolName}" has no JSON Schema form (${(cause as Error)?.message}). Use types JSON Schema can express.`,
      cause,
    });
  }
}

function toolError(toolName: string, code: string, message: string): ToolError {
  return new ToolError({ toolName, code, message });
}

function asToolError(caught: unknown, toolName: string, signal: AbortSignal): Error {
  if (signal.aborted || AbortError.isInstance(caught))
    return AbortError.isInstance(caught) ? caught : new AbortError({ cause: caught });
  if (ToolError.isInstance(caught)) return caught;
  const message = caught instanceof Error ? caught.message : String(caught);
  return new ToolError({ toolName, message: `${toolName} failed: ${message}`, cause: caught });
}
