/** The OpenAI client, typed by shape so a client from openai 6 or openai 7 both fit. */
import OpenAI from "openai";
import { isRecord } from "../chat-completions/wire.js";

/**
 * Anything with `chat.completions.create(body, options)`: an `OpenAI` or `AzureOpenAI` client
 * from openai 6 or 7, or a wrapper around one (a tracing proxy, for instance). Typed by shape
 * rather than by class so a client built with another copy of the `openai` package fits.
 */
export type OpenAIClientLike = {
  chat: { completions: { create: (...args: never[]) => PromiseLike<unknown> } };
  /** Read to pick the max-tokens field: OpenAI's own API wants `max_completion_tokens`. */
  readonly baseURL?: string;
};

/** What `create` accepts per request; the parts every openai version since 4 understands. */
export type OpenAIRequestOptions = { signal?: AbortSignal; maxRetries?: number };

/** Settings for a client this package creates. */
export type ClientSettings = {
  apiKey: string | undefined;
  baseURL: string | undefined;
  headers: Record<string, string> | undefined;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
};

/**
 * A client with the SDK's own retries off (this package retries, once). Without a key, for a
 * local server, no `Authorization` header is sent at all.
 */
export function createOpenAIClient(settings: ClientSettings): OpenAIClientLike {
  return new OpenAI({
    // The SDK insists on a key; a local server gets a placeholder and no Authorization header.
    apiKey: settings.apiKey ?? "no-key",
    baseURL: settings.baseURL ?? null,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: settings.timeoutMs,
    defaultHeaders: { ...settings.headers, ...(settings.apiKey === undefined && { Authorization: null }) },
    fetch: withOpenAIErrorShape(settings.fetch),
  });
}

/**
 * A fetch that rewrites error bodies the openai SDK would drop into the shape it reads. The SDK
 * keeps only `body.error`, so vLLM's `{ object: "error", message, code }` arrived as "400 status
 * code (no body)", and TGI's `{ error: "text", error_type }` lost its type. With this, every
 * server's message reaches the `ModelError`.
 */
export function withOpenAIErrorShape(base: typeof globalThis.fetch | undefined): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await (base ?? globalThis.fetch)(input, init);
    if (response.ok || !response.headers.get("content-type")?.includes("json")) return response;
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return new Response(text, response);
    }
    return new Response(JSON.stringify(openAIErrorShape(body)), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function openAIErrorShape(body: unknown): unknown {
  if (!isRecord(body)) return { error: { message: String(body) } };
  if (isRecord(body.error)) return body;
  if (typeof body.error === "string") {
    return {
      error: { message: body.error, ...(typeof body.error_type === "string" && { type: body.error_type }) },
    };
  }
  return { error: body };
}
