/** ToolCallingAgent's way to act: run the model's native tool calls, in parallel, one result each. */
import { AbortError } from "../errors/abort-error.js";
import type { ModelResponse, ToolCall } from "../model.js";
import type { PromptTemplates } from "../prompt/templates.js";
import { abortReason } from "../util/abortable.js";
import type { ActionOutcome, ActionStrategy, Actor, RunContext } from "./action.js";
import { show, truncate } from "./observation.js";
import { FINAL_ANSWER, type Toolbox } from "./toolbox.js";

/** Settings of the tool-calling strategy. */
export type ToolCallingActionOptions = {
  toolbox: Toolbox;
  prompts: PromptTemplates;
  instructions?: string;
  maxObservationChars: number;
};

/** The strategy of a `ToolCallingAgent`. */
export function toolCallingActions(options: ToolCallingActionOptions): ActionStrategy {
  const actor = new ToolCallingActor(options);
  return {
    systemPrompt: options.prompts.toolCallingSystem({ instructions: options.instructions }),
    request: { tools: options.toolbox.specs() },
    // Nothing lives between steps but memory, so one stateless actor serves every run.
    open: async () => actor,
  };
}

class ToolCallingActor implements Actor {
  readonly #options: ToolCallingActionOptions;

  constructor(options: ToolCallingActionOptions) {
    this.#options = options;
  }

  describeVariables(variables: Record<string, unknown>): string {
    if (Object.keys(variables).length === 0) return "";
    return `\n\nData for the task:\n${truncate(show(variables), this.#options.maxObservationChars)}`;
  }

  async act(response: ModelResponse, run: RunContext): Promise<ActionOutcome> {
    if (response.toolCalls.length === 0) return this.#answerInText(response.text, run);
    const results = await Promise.all(response.toolCalls.map((call) => this.#call(call, run)));
    if (run.signal.aborted) throw abortReason(run.signal);
    const failed = results.find((result) => result.error);
    return {
      observation: "",
      toolResults: results.map(({ callId, content }) => ({ callId, content })),
      ...(failed?.error && { error: failed.error }),
    };
  }

  async close(): Promise<void> {}

  async #call(call: ToolCall, run: RunContext) {
    const { toolbox, maxObservationChars } = this.#options;
    try {
      if (call.name === FINAL_ANSWER) {
        await toolbox.finalAnswer((call.input as { answer?: unknown } | undefined)?.answer, run);
        return { callId: call.id, content: "Final answer accepted." };
      }
      const output = await toolbox.call(call.name, call.input, run, call.id);
      return { callId: call.id, content: truncate(show(output), maxObservationChars) };
    } catch (caught) {
      if (AbortError.isInstance(caught)) throw caught;
      const error = { name: (caught as Error).name, message: (caught as Error).message };
      return { callId: call.id, content: `Error: ${truncate(error.message, maxObservationChars)}`, error };
    }
  }

  /** A model that answers in plain text is giving its final answer; the checks still apply. */
  async #answerInText(text: string, run: RunContext): Promise<ActionOutcome> {
    const { toolbox } = this.#options;
    try {
      if (text.trim() === "") throw new Error("Your answer was empty.");
      await toolbox.finalAnswer(toolbox.structuredAnswer ? parseMaybeJson(text) : text, run);
      return { observation: "" };
    } catch (caught) {
      const message = `${(caught as Error).message} Call the ${FINAL_ANSWER} tool with a corrected answer.`;
      return { observation: `Error: ${message}`, error: { name: (caught as Error).name, message } };
    }
  }
}

function parseMaybeJson(text: string): unknown {
  const trimmed = text.trim().replace(/^```(?:json)?\n([\s\S]*?)\n?```$/, "$1");
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}
