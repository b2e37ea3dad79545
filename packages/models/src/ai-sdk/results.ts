/** AI SDK results (v2, v3, v4) as codeact responses: usage, finish reasons, content. */
import type { FinishReason, ModelResponse, ToolCall, Usage } from "@codeact/core";
import { parseToolInput } from "../text/tool-input.js";
import type { SpecFinishReason, SpecGenerateResult, SpecPart, SpecUsage } from "./spec.js";

/**
 * Token counts from either usage shape: v2's numbers or v3/v4's `{ total, cacheRead }`. Read by
 * shape rather than by declared version, so a provider that mixes them still counts.
 */
export function toUsage(usage: SpecUsage | undefined): Usage {
  const input = usage?.inputTokens;
  const output = usage?.outputTokens;
  const cached = typeof input === "object" ? input?.cacheRead : usage?.cachedInputTokens;
  return {
    inputTokens: (typeof input === "object" ? input?.total : input) ?? 0,
    outputTokens: (typeof output === "object" ? output?.total : output) ?? 0,
    ...(typeof cached === "number" && { cachedInputTokens: cached }),
  };
}

const reasons: Record<string, FinishReason> = {
  stop: "stop",
  length: "length",
  "tool-calls": "tool-calls",
  "content-filter": "content-filter",
  error: "error",
};

/** The codeact finish reason from v2's string or v3/v4's `{ unified }` (`unknown`, `interrupted` are `other`). */
export function toFinishReason(reason: SpecFinishReason | undefined, hasToolCalls: boolean): FinishReason {
  const unified = typeof reason === "object" && reason !== null ? reason.unified : reason;
  const mapped = (unified && reasons[unified]) || "other";
  return hasToolCalls && mapped === "stop" ? "tool-calls" : mapped;
}

/** A client-side tool call; tools the provider ran itself (web search, code execution) are not ours to run. */
export function toToolCall(part: SpecPart): ToolCall | undefined {
  if (part.type !== "tool-call" || part.providerExecuted) return undefined;
  return { id: part.toolCallId ?? "", name: part.toolName ?? "", input: parseToolInput(part.input) };
}

/** A `doGenerate` result as a response: text and reasoning parts joined, tool calls parsed. */
export function toResponse(result: SpecGenerateResult): ModelResponse {
  const content = Array.isArray(result.content) ? result.content : [];
  const text = content.filter((part) => part.type === "text").map((part) => part.text ?? "");
  const reasoning = content.filter((part) => part.type === "reasoning").map((part) => part.text ?? "");
  const toolCalls = content.map(toToolCall).filter((call) => call !== undefined);
  return {
    text: text.join(""),
    toolCalls,
    finishReason: toFinishReason(result.finishReason, toolCalls.length > 0),
    usage: toUsage(result.usage),
    ...(reasoning.length > 0 && { reasoning: reasoning.join("\n") }),
  };
}
