/** ToolCallingAgent's way to act: run the model's native tool calls, in parallel, one result each. */
import { AbortError } from "../errors/abort-error.js";
import type { ModelResponse, ToolCall } from "../model.js";
import type { PromptTemplates } from "../prompt/templates.js";
import { FINAL_ANSWER } from "../prompt/tool-declarations.js";
import type { ApprovalHandler } from "../tool/call-tool.js";
import { renderToolOutput, show } from "../tool/tool-output.js";
import { abortReason } from "../util/abortable.js";
import type { ActionOutcome, ActionStrategy, Actor } from "./action.js";
import { type AnswerRules, offerAnswer, parseMaybeJson } from "./final-answer.js";
import { truncate } from "./observation.js";
import type { RunContext } from "./run-context.js";
import { dispatchToolCall } from "./tool-dispatch.js";
import type { ToolSet } from "./tool-set.js";

/** Settings of the tool-calling strategy. */
export type ToolCallingActionOptions = {
  tools: ToolSet;
  specs: NonNullable<ActionStrategy["request"]["tools"]>;
  answerRules: AnswerRules;
  onApproval?: ApprovalHandler;
  prompts: PromptTemplates;
  instructions?: string;
  maxObservationChars: number;
};

/** The strategy of a `ToolCallingAgent`. */
export function toolCallingActions(options: ToolCallingActionOptions): ActionStrategy {
  const actor = new ToolCallingActor(options);
  return {
    systemPrompt: options.prompts.toolCallingSystem({ instructions: options.instructions }),
    request: { tools: options.specs },
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
    if (response.toolCalls.length === 0) return this.#answerInText(response, run);
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
    const { tools, answerRules, onApproval, maxObservationChars } = this.#options;
    try {
      if (call.name === FINAL_ANSWER) {
        await offerAnswer((call.input as { answer?: unknown } | undefined)?.answer, run, answerRules);
        return { callId: call.id, content: "Final answer accepted." };
      }
      const { output, entry } = await dispatchToolCall(run, tools, call, {
        ...(onApproval && { onApproval }),
      });
      return {
        callId: call.id,
        content: truncate(renderToolOutput(entry.tool, output), maxObservationChars),
      };
    } catch (caught) {
      if (AbortError.isInstance(caught)) throw caught;
      const error = { name: (caught as Error).name, message: (caught as Error).message };
      return { callId: call.id, content: `Error: ${truncate(error.message, maxObservationChars)}`, error };
    }
  }

  /** A model that answers in plain text is giving its final answer; the checks still apply. */
  async #answerInText({ text, finishReason }: ModelResponse, run: RunContext): Promise<ActionOutcome> {
    const { answerRules } = this.#options;
    try {
      if (finishReason === "length") {
        throw new Error(
          "Your reply was cut off at the output token limit, so it was not taken as your answer. Reply more briefly.",
        );
      }
      if (text.trim() === "") throw new Error("Your answer was empty.");
      await offerAnswer(answerRules.schema ? parseMaybeJson(text) : text, run, answerRules);
      return { observation: "" };
    } catch (caught) {
      if (AbortError.isInstance(caught)) throw caught;
      const message = `${(caught as Error).message} Call the ${FINAL_ANSWER} tool with a corrected answer.`;
      return { observation: `Error: ${message}`, error: { name: (caught as Error).name, message } };
    }
  }
}
