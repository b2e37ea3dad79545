/** The one thing that differs between the OpenAI and Hugging Face adapters: how a body is sent. */
import type { ChatRequestBody } from "./wire.js";

/**
 * Sends Chat Completions bodies with some client library. Errors must be thrown as
 * `TransportFailure` (described with what the transport alone can see, such as response headers)
 * or left as they are for the generic rules (network errors, aborts).
 */
export interface ChatTransport {
  /** One request for a whole answer; resolves with the parsed JSON response. */
  complete(body: ChatRequestBody, signal: AbortSignal): Promise<unknown>;
  /** One streamed request; yields each parsed chunk and ends at `[DONE]`. */
  stream(body: ChatRequestBody, signal: AbortSignal): AsyncIterable<unknown>;
}
