/** The contract every language model adapter implements (OpenAI, Hugging Face, AI SDK, scripted). */
import type { JSONSchema } from "./schema/json-schema.js";

/** A tool offered to a model that calls tools natively (the ToolCallingAgent). */
export type ToolSpec = { name: string; description: string; inputSchema: JSONSchema };

/** One tool call requested by a model. `input` is the parsed arguments object. */
export type ToolCall = { id: string; name: string; input: unknown };

/** One chat message. Tool results answer the assistant's tool call with the same `callId`. */
export type ChatMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string; toolCalls?: ToolCall[] }
  | { role: "tool"; callId: string; content: string };

/** Token counts of one or more model calls. */
export type Usage = { inputTokens: number; outputTokens: number; cachedInputTokens?: number };

/** What the agent asks a model for. Adapters drop fields their backend rejects. */
export type ModelRequest = {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  /**
   * `"none"`: answer in text, call no tool. The tools are still sent so the request's prefix
   * matches the other requests and prompt caches hit. Default `"auto"`.
   */
  toolChoice?: "auto" | "none";
  stop?: string[];
  maxOutputTokens?: number;
  temperature?: number;
  responseFormat?: { type: "json_schema"; schema: JSONSchema };
};

/** Why a model stopped producing output. */
export type FinishReason = "stop" | "length" | "tool-calls" | "content-filter" | "error" | "other";

/** A complete model answer. `reasoning` keeps thinking text that must not enter the answer. */
export type ModelResponse = {
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
  reasoning?: string;
};

/** A piece of a streamed answer; the last part is always `finish` with the whole response. */
export type ModelStreamPart =
  | { type: "text-delta"; delta: string }
  | { type: "tool-call-delta"; id: string; name?: string; inputDelta: string }
  | { type: "finish"; response: ModelResponse };

/** Options for one model call. */
export type ModelCallOptions = { signal?: AbortSignal };

/**
 * A language model. `stream` is optional: the agent falls back to `generate` without it.
 *
 * @example
 * const model: Model = {
 *   modelId: "echo",
 *   async generate(request) {
 *     return { text: "...", toolCalls: [], finishReason: "stop", usage: { inputTokens: 0, outputTokens: 0 } };
 *   },
 * };
 */
export interface Model {
  readonly modelId: string;
  generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse>;
  stream?(request: ModelRequest, options?: ModelCallOptions): AsyncIterable<ModelStreamPart>;
}
