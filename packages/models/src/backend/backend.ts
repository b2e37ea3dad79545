/** What each adapter provides: one attempt at a call, and the meaning of its library's errors. */
import type { ModelError, ModelRequest, ModelResponse, ModelStreamPart } from "@codeact/core";
import type { ClassifiedError } from "../errors/to-model-error.js";

/**
 * One backend (Chat Completions over openai or @huggingface/inference, or an AI SDK model). It
 * makes single attempts only; {@link resilientModel} adds timeouts, retries, aborts, fallbacks
 * and stop sequences on top, once for all backends.
 */
export interface Backend {
  readonly modelId: string;
  /** One request for a whole answer. Must stop work when `signal` aborts. */
  generate(request: ModelRequest, signal: AbortSignal): Promise<ModelResponse>;
  /** One streamed request. Ends with a `finish` part, or throws. */
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelStreamPart>;
  /** What a thrown error means: its `ModelError` and any wait the server asked for. */
  classify(error: unknown): ClassifiedError;
  /**
   * Adjusts the backend after an error that says a wire field it chose is not supported (e.g.
   * `max_tokens` on OpenAI reasoning models). Returns true when a new attempt should go at once.
   */
  adapt?(error: ModelError): boolean;
}
