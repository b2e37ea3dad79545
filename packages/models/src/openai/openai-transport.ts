/** Chat Completions sent with an OpenAI client, and what its errors mean. */
import type { ChatTransport } from "../chat-completions/chat-transport.js";
import type { ChatRequestBody } from "../chat-completions/wire.js";
import { isRecord } from "../chat-completions/wire.js";
import { describeError } from "../errors/describe-error.js";
import { type Failure, TransportFailure } from "../errors/failure.js";
import { retryAfterMs } from "../retry/retry-after.js";
import type { OpenAIClientLike, OpenAIRequestOptions } from "./openai-client.js";

type Create = (body: ChatRequestBody, options: OpenAIRequestOptions) => PromiseLike<unknown>;

/**
 * A transport over `client`. Every request passes `maxRetries: 0`, so a client the user built
 * with its own retry setting does not retry on top of ours.
 */
export function openAITransport(client: OpenAIClientLike): ChatTransport {
  const completions = client.chat.completions;
  const create: Create = (body, options) =>
    (completions.create as unknown as Create).call(completions, body, options);
  return {
    async complete(body, signal) {
      try {
        return await create(body, { signal, maxRetries: 0 });
      } catch (error) {
        throw new TransportFailure(describeOpenAIError(error), error);
      }
    },
    async *stream(body, signal) {
      try {
        const chunks = await create(body, { signal, maxRetries: 0 });
        if (!isAsyncIterable(chunks)) {
          throw new TransportFailure({ kind: "invalid-response", message: "the client returned no stream" });
        }
        // The SDK ends a stream quietly when its signal aborts; the caller checks the signal.
        for await (const chunk of chunks) yield chunk;
      } catch (error) {
        if (error instanceof TransportFailure) throw error;
        throw new TransportFailure(describeOpenAIError(error), error);
      }
    },
  };
}

/**
 * Reads an error of the openai SDK (any version) by shape: `APIError`s carry `status`, `headers`
 * and the body's `error` object; connection errors and timeouts are told apart by class name.
 */
export function describeOpenAIError(error: unknown): Failure {
  if (!isRecord(error)) return describeError(error);
  const kind = (error.constructor as { name?: string } | undefined)?.name;
  if (kind === "APIConnectionTimeoutError") return { kind: "timeout", message: "The request timed out." };
  if (kind === "APIConnectionError") return describeConnectionError(error);
  const hasApiShape = "status" in error && "headers" in error && "error" in error;
  if (!hasApiShape || kind === "APIUserAbortError") return describeError(error);
  const body = isRecord(error.error) ? error.error : {};
  const bodyCode = body.code;
  // vLLM puts the HTTP status in `code`; in-stream errors arrive with no status of their own.
  const status =
    typeof error.status === "number" ? error.status : typeof bodyCode === "number" ? bodyCode : undefined;
  return {
    kind: "http",
    ...(status !== undefined && { status }),
    message: typeof body.message === "string" ? body.message : String(error.message ?? "Unknown error."),
    ...(typeof bodyCode === "string" && { code: bodyCode }),
    ...(typeof body.type === "string" && { type: body.type }),
    ...withRetryAfter(error.headers),
  };
}

function describeConnectionError(error: Record<string, unknown>): Failure {
  const cause = error.cause === undefined ? undefined : describeError(error.cause);
  return { kind: "network", message: cause?.message || String(error.message ?? "Connection error.") };
}

function withRetryAfter(headers: unknown): { retryAfterMs?: number } {
  const wait = isRecord(headers) ? retryAfterMs(headers) : undefined;
  return wait === undefined ? {} : { retryAfterMs: wait };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
