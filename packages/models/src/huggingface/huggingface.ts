/** `huggingface(...)`: Hugging Face Inference Providers and dedicated Inference Endpoints. */
import { ModelError } from "@codeact/core";
import { longTimeoutFetch } from "../backend/long-timeout-fetch.js";
import { resilientModel, type StreamingModel } from "../backend/resilient-model.js";
import { chatCompletionsBackend } from "../chat-completions/chat-backend.js";
import { readEnv } from "../env.js";
import { type ResilienceOptions, resilienceSettings } from "../resilience-options.js";
import type { HuggingFaceProvider } from "./huggingface-provider.js";
import { huggingFaceTransport } from "./huggingface-transport.js";

/** Options of {@link huggingface}. */
export type HuggingFaceOptions = ResilienceOptions & {
  /** A model id on the Hub, e.g. `"Qwen/Qwen3-Coder-30B-A3B-Instruct"`; for an endpoint, the name it serves. */
  model: string;
  /** Default: `HF_TOKEN`. Not needed for an endpoint that is public or local. */
  accessToken?: string;
  /**
   * The Inference Provider to run on (`"together"`, `"groq"`, `"cerebras"`, ...). Default
   * `"auto"`: Hugging Face's router picks by your preferences. Not with `endpointUrl`.
   */
  provider?: HuggingFaceProvider;
  /** A dedicated Inference Endpoint or any TGI/vLLM server, e.g. `"https://xyz.endpoints.huggingface.cloud/v1"`. */
  endpointUrl?: string;
  /** An organization to bill instead of your account (Enterprise Hub). */
  billTo?: string;
  /** A fetch to use instead of the global one (a proxy, a test double). */
  fetch?: typeof globalThis.fetch;
  /** Fields added to every request body, e.g. `{ top_p: 0.9 }`. */
  extraBody?: Record<string, unknown>;
};

/**
 * A codeact `Model` over @huggingface/inference's chat completion, for a provider route or a
 * dedicated endpoint. Same wire format as {@link openai}, so it shares all of its behaviour:
 * streaming, usage, retries, stop fallback, typed errors.
 *
 * @example
 * const model = huggingface({ model: "openai/gpt-oss-120b", provider: "cerebras" }); // HF_TOKEN
 * const endpoint = huggingface({ model: "tgi", endpointUrl: "https://xyz.endpoints.huggingface.cloud/v1" });
 */
export function huggingface(options: HuggingFaceOptions): StreamingModel {
  const settings = resilienceSettings(options);
  const accessToken = options.accessToken ?? readEnv("HF_TOKEN");
  const { provider, endpointUrl } = options;
  if (provider !== undefined && endpointUrl !== undefined) {
    throw new ModelError({
      code: "invalid_request",
      message:
        "Pass either `provider` or `endpointUrl` to huggingface(), not both: an endpoint has no provider.",
    });
  }
  if (accessToken === undefined && endpointUrl === undefined) {
    throw new ModelError({
      code: "missing_api_key",
      message:
        "No Hugging Face token: set the HF_TOKEN environment variable or pass `accessToken` to huggingface() " +
        '(create one at https://huggingface.co/settings/tokens with the "Make calls to Inference Providers" permission). ' +
        "For a dedicated endpoint or a local TGI/vLLM server, pass its `endpointUrl`; or use openai({ baseURL }) for any local server.",
    });
  }
  const route = endpointUrl !== undefined ? { endpointUrl } : { provider: provider ?? "auto" };
  const transport = huggingFaceTransport({
    accessToken,
    route,
    fetch: options.fetch ?? longTimeoutFetch(settings.timeoutMs),
    billTo: options.billTo,
  });
  const backend = chatCompletionsBackend({
    model: options.model,
    transport,
    maxTokensParameter: "max_tokens",
    extraBody: options.extraBody,
    errorContext: {
      provider: endpointUrl
        ? `the endpoint at ${endpointUrl}`
        : `Hugging Face (provider "${route.provider}")`,
      modelId: options.model,
      credentialsHint: "Check the HF_TOKEN environment variable or the `accessToken` option.",
    },
  });
  return resilientModel(backend, settings);
}
