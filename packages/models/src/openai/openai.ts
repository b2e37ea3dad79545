/** `openai(...)`: OpenAI and every OpenAI-compatible server (vLLM, llama.cpp, Ollama, TGI, LM Studio). */
import { ModelError } from "@codeact/core";
import { longTimeoutFetch } from "../backend/long-timeout-fetch.js";
import { resilientModel, type StreamingModel } from "../backend/resilient-model.js";
import { chatCompletionsBackend } from "../chat-completions/chat-backend.js";
import type { MaxTokensParameter } from "../chat-completions/request-body.js";
import { readEnv } from "../env.js";
import { type ResilienceOptions, resilienceSettings } from "../resilience-options.js";
import { createOpenAIClient, type OpenAIClientLike } from "./openai-client.js";
import { openAITransport } from "./openai-transport.js";

/** Options of {@link openai}. */
export type OpenAIOptions = ResilienceOptions & {
  /** The model name the server knows, e.g. `"gpt-4.1-mini"`, `"qwen2.5-coder:7b"` (Ollama), `"Qwen/Qwen3-8B"` (vLLM). */
  model: string;
  /** Default: `OPENAI_API_KEY`. Not needed for a local server reached through `baseURL`. */
  apiKey?: string;
  /** Default: `OPENAI_BASE_URL`, else OpenAI. For Ollama `http://localhost:11434/v1`, for llama.cpp `http://localhost:8080/v1`. */
  baseURL?: string;
  /**
   * A ready client (openai 6 or 7, `AzureOpenAI`, or anything shaped like one). `apiKey`,
   * `baseURL`, `headers` and `fetch` are then ignored: the client has its own. Its retries are
   * turned off per request so that this package's policy is the only one.
   */
  client?: OpenAIClientLike;
  /** Headers sent with every request, e.g. for a gateway. */
  headers?: Record<string, string>;
  /**
   * A fetch to use instead of the global one (a proxy, a test double). Without one, on Node, a
   * `timeoutMs` past 300 s gets a fetch that waits that long: Node's own gives up on headers at
   * 300 s. A fetch you pass keeps its own limits.
   */
  fetch?: typeof globalThis.fetch;
  /**
   * The field that limits answer length. Default: `max_completion_tokens` for OpenAI's own API,
   * `max_tokens` for any other server. A server that rejects the one chosen gets the other.
   */
  maxTokensParameter?: MaxTokensParameter;
  /** Fields added to every request body: `{ reasoning_effort: "low" }`, `{ top_p: 0.9 }`, vLLM's `chat_template_kwargs`. */
  extraBody?: Record<string, unknown>;
};

/**
 * A codeact `Model` over the Chat Completions API. Streams, counts tokens (cached input
 * included), retries 429/5xx/network failures with backoff honouring `Retry-After`, and throws
 * `ModelError`s with stable codes.
 *
 * @example
 * const model = openai({ model: "gpt-4.1-mini" });                                    // OPENAI_API_KEY
 * const local = openai({ model: "qwen2.5-coder:7b", baseURL: "http://localhost:11434/v1" }); // Ollama, no key
 */
export function openai(options: OpenAIOptions): StreamingModel {
  const settings = resilienceSettings(options);
  const apiKey = options.apiKey ?? readEnv("OPENAI_API_KEY");
  const baseURL = options.baseURL ?? readEnv("OPENAI_BASE_URL");
  if (!options.client && apiKey === undefined && baseURL === undefined) {
    throw new ModelError({
      code: "missing_api_key",
      message:
        "No OpenAI API key: set the OPENAI_API_KEY environment variable or pass `apiKey` to openai(). " +
        "For a local server that needs no key (Ollama, llama.cpp, vLLM), pass its `baseURL` instead, " +
        'e.g. openai({ model: "qwen2.5-coder:7b", baseURL: "http://localhost:11434/v1" }), or set OPENAI_BASE_URL.',
    });
  }
  const client =
    options.client ??
    createOpenAIClient({
      apiKey,
      baseURL,
      headers: options.headers,
      fetch: options.fetch ?? longTimeoutFetch(settings.timeoutMs),
      timeoutMs: settings.timeoutMs,
    });
  const where = options.client ? options.client.baseURL : baseURL;
  const official = where === undefined || /^https:\/\/api\.openai\.com(\/|$)/.test(where);
  const backend = chatCompletionsBackend({
    model: options.model,
    transport: openAITransport(client),
    maxTokensParameter: options.maxTokensParameter ?? (official ? "max_completion_tokens" : "max_tokens"),
    extraBody: options.extraBody,
    errorContext: {
      provider: official ? "OpenAI" : `the server at ${where}`,
      modelId: options.model,
      credentialsHint: options.client
        ? "Check the API key of the client you passed."
        : "Check the OPENAI_API_KEY environment variable or the `apiKey` option.",
    },
  });
  return resilientModel(backend, settings);
}
