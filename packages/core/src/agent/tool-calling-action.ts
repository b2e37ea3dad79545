/** ToolCallingAgent's way to act: run the model's native tool calls, in parallel, one result each. */
import { AbortError } from "../errors/abort-error.js";
import { ToolError } from "../errors/tool-error.js";
import type { ModelResponse, ToolCall } from "../model.js";
import { FINAL_ANSWER, toolSpecs } from "../prompt/tool-declarations.js";
import { renderToolOutput, show } from "../tool/tool-output.js";
import { abortReason } from "../util/abortable.js";
import type { ActionOutcome, ActionStrategy, Actor } from "./action.js";
import { offerAnswer, parseMaybeJson } from "./final-answer.js";
import { errorLine, truncate } from "./observation.js";
import type { RunContext } from "./run-context.js";
import type { AgentSetup } from "./setup.js";
import { dispatchToolCall } from "./tool-dispatch.js";

/** The strategy of a `ToolCallingAgent`. */
export function toolCallingActions(setup: AgentSetup): ActionStrategy {
  const actor = new ToolCallingActor(setup);
  return {
    systemPrompt: setup.prompts.toolCallingSystem({ instructions: setup.options.instructions }),
    request: { tools: toolSpecs([...setup.tools.entries.values()], setup.tools.answer) },
    // Nothing lives between steps but memory, so one stateless actor serves every run.
    open: async () => actor,
  };
}

class ToolCallingActor implements Actor {
  readonly #setup: AgentSetup;

  constructor(setup: AgentSetup) {
    this.#setup = setup;
  }

  describeVariables(variables: Record<string, unknown>): string {
    if (Object.keys(variables).length === 0) return "";
    return `\n\nData for the task:\n${truncate(show(variables), this.#setup.maxObservationChars)}`;
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
    const { tools, answerRules, options, maxObservationChars } = this.#setup;
    const { onApproval } = options;
    try {
      if (call.name === FINAL_ANSWER) {
        await offerAnswer((call.input as { answer?: unknown } | undefined)?.answer, run, answerRules);
        return { callId: call.id, content: "Final answer accepted." };
      }
      if (typeof call.input === "string" && !isJson(call.input)) {
        throw new ToolError({
          toolName: call.name,
          code: "invalid_input",
          message: `The arguments are not valid JSON (${truncate(call.input, 200)}). Send them as one JSON object.`,
        });
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
      return { callId: call.id, content: errorLine(truncate(error.message, maxObservationChars)), error };
    }
  }

  /** A model that answers in plain text is giving its final answer; the checks still apply. */
  async #answerInText({ text, finishReason }: ModelResponse, run: RunContext): Promise<ActionOutcome> {
    const { answerRules } = this.#setup;
    try {
      if (finishReason === "length") {
        throw new Error(
          "Your reply was cut off at the output token limit, so it was not taken as your answer. Reply more briefly.",
        );
      }
      if (text.trim() === "") {
        throw new Error(`Your reply was empty. Call a tool, or the ${FINAL_ANSWER} tool when you are done.`);
      }
      await offerAnswer(answerRules.schema ? parseMaybeJson(text) : text, run, answerRules);
      return { observation: "" };
    } catch (caught) {
      if (AbortError.isInstance(caught)) throw caught;
      const message = `${(caught as Error).message} Call the ${FINAL_ANSWER} tool with a corrected answer.`;
      return { observation: errorLine(message), error: { name: (caught as Error).name, message } };
    }
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
