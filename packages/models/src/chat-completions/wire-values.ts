/** Finish reasons and token counts as the many Chat Completions servers spell them. */
import type { FinishReason, Usage } from "@codeact/core";
import { isRecord, type WireUsage } from "./wire.js";

const finishReasons: Record<string, FinishReason> = {
  stop: "stop",
  eos: "stop",
  eos_token: "stop",
  stop_sequence: "stop",
  end_turn: "stop",
  length: "length",
  max_tokens: "length",
  model_length: "length",
  tool_calls: "tool-calls",
  function_call: "tool-calls",
  content_filter: "content-filter",
  error: "error",
};

/** The codeact finish reason. A call to a tool is `tool-calls` even if the server said `stop` (older Ollama). */
export function toFinishReason(raw: unknown, hasToolCalls: boolean): FinishReason {
  const reason = typeof raw === "string" ? (finishReasons[raw] ?? "other") : "other";
  return hasToolCalls && (reason === "stop" || reason === "other") ? "tool-calls" : reason;
}

/** Token counts; a missing or partial usage block counts as zeros, never as an error. */
export function toUsage(raw: WireUsage | null | undefined): Usage {
  const usage = isRecord(raw) ? raw : {};
  const details = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const cached = count(details.cached_tokens) ?? count(usage.prompt_cache_hit_tokens);
  return {
    inputTokens: count(usage.prompt_tokens) ?? 0,
    outputTokens: count(usage.completion_tokens) ?? 0,
    ...(cached !== undefined && { cachedInputTokens: cached }),
  };
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Text of a content field: a string, or an array of `{ type: "text", text }` parts. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("");
}

/** Thinking text from `reasoning_content` or `reasoning`, whichever the server used. */
export function reasoningText(message: { reasoning_content?: unknown; reasoning?: unknown }): string {
  if (typeof message.reasoning_content === "string") return message.reasoning_content;
  return typeof message.reasoning === "string" ? message.reasoning : "";
}
