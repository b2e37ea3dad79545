/**
 * The OpenAI Chat Completions wire format, which OpenAI, vLLM, llama.cpp, Ollama, TGI and Hugging
 * Face's router all speak. Every field is optional and loosely typed on purpose: these types
 * describe what servers may send, and the parsers check each value before using it.
 */

/** A tool call in a response message or a stream delta. `arguments` is JSON text, or an object from TGI. */
export type WireToolCall = {
  index?: number;
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: unknown } | null;
};

/** An assistant message (`message`) or a piece of one (`delta`). */
export type WireMessage = {
  role?: string | null;
  content?: unknown;
  /** Thinking text: `reasoning_content` (vLLM, llama.cpp, DeepSeek) or `reasoning` (Ollama, OpenRouter). */
  reasoning_content?: unknown;
  reasoning?: unknown;
  refusal?: unknown;
  tool_calls?: WireToolCall[] | null;
};

/** One choice of a completion or of a stream chunk. */
export type WireChoice = {
  index?: number;
  message?: WireMessage | null;
  delta?: WireMessage | null;
  finish_reason?: string | null;
};

/** Token counts; `prompt_tokens_details.cached_tokens` (OpenAI, vLLM) or `prompt_cache_hit_tokens` (DeepSeek). */
export type WireUsage = {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  prompt_cache_hit_tokens?: number | null;
};

/** A whole completion or one stream chunk (`choices` is empty in the usage-only final chunk). */
export type WireCompletion = { choices?: WireChoice[] | null; usage?: WireUsage | null };

/** A message as we send it. */
export type WireRequestMessage =
  | { role: "system" | "user"; content: string }
  | {
      role: "assistant";
      content: string | null;
      tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[];
    }
  | { role: "tool"; tool_call_id: string; content: string };

/** The request body. Extra fields (`extraBody`) pass through untouched. */
export type ChatRequestBody = {
  model: string;
  messages: WireRequestMessage[];
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  [field: string]: unknown;
};

/** Whether `value` is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
