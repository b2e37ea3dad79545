/** A whole Chat Completions response as a codeact `ModelResponse`. */
import type { ModelResponse, ToolCall } from "@codeact/core";
import { TransportFailure } from "../errors/failure.js";
import { splitThinking } from "../text/think-tags.js";
import { makeToolCallId, parseToolInput } from "../text/tool-input.js";
import { isRecord, type WireChoice, type WireCompletion, type WireToolCall } from "./wire.js";
import { contentText, reasoningText, toFinishReason, toUsage } from "./wire-values.js";

/**
 * Reads the first choice: text (a refusal counts as text, so the agent sees it), tool calls with
 * their arguments parsed, thinking kept apart in `reasoning`, and usage (zeros when missing).
 */
export function parseChatCompletion(body: unknown): ModelResponse {
  const completion = (isRecord(body) ? body : {}) as WireCompletion;
  const choice = firstChoice(completion.choices);
  if (!choice) {
    throw new TransportFailure({
      kind: "invalid-response",
      message: `the response has no choices: ${JSON.stringify(body)?.slice(0, 200)}`,
    });
  }
  const message = isRecord(choice.message) ? choice.message : {};
  const content =
    contentText(message.content) || (typeof message.refusal === "string" ? message.refusal : "");
  const { text, reasoning: inlineReasoning } = splitThinking(content);
  const reasoning = reasoningText(message) + inlineReasoning;
  const toolCalls = (Array.isArray(message.tool_calls) ? message.tool_calls : []).map(toToolCall);
  return {
    text,
    toolCalls,
    finishReason: toFinishReason(choice.finish_reason, toolCalls.length > 0),
    usage: toUsage(completion.usage),
    ...(reasoning && { reasoning }),
  };
}

/** The choice with index 0 (a missing index counts as 0); codeact asks for one choice, others are ignored. */
export function firstChoice(choices: unknown): WireChoice | undefined {
  if (!Array.isArray(choices)) return undefined;
  return (choices.filter(isRecord) as WireChoice[]).find((choice) => (choice.index ?? 0) === 0);
}

function toToolCall(call: WireToolCall): ToolCall {
  return {
    id: call.id || makeToolCallId(),
    name: call.function?.name ?? "",
    input: parseToolInput(call.function?.arguments),
  };
}
