/** `fromAISDK(languageModel)`: every Vercel AI SDK provider as a codeact model. */
import { ModelError, type ModelRequest } from "@codeact/core";
import type { Backend } from "../backend/backend.js";
import { resilientModel, type StreamingModel } from "../backend/resilient-model.js";
import { failureOf } from "../errors/describe-error.js";
import { type ErrorContext, toModelError } from "../errors/to-model-error.js";
import { type ResilienceOptions, resilienceSettings } from "../resilience-options.js";
import { describeAISDKError } from "./ai-sdk-errors.js";
import { toCallOptions } from "./call-options.js";
import { toResponse } from "./results.js";
import { type AISDKLanguageModel, type SpecModel, supportedVersions } from "./spec.js";
import { streamParts } from "./stream-parts.js";

/** Options of {@link fromAISDK}. */
export type FromAISDKOptions = ResilienceOptions & {
  /** Headers sent with every call, on top of the provider's own. */
  headers?: Record<string, string>;
};

/**
 * A codeact `Model` from any AI SDK language model (specification v2, v3 or v4, read from
 * `specificationVersion`), so Anthropic, Google, Bedrock, Mistral, Groq and the rest work without
 * an adapter each. The AI SDK itself is not needed at run time: only the provider package.
 * Retries, timeouts, stop sequences and error codes behave as in `openai()` (the AI SDK's own
 * retries live in `generateText`, which this does not use).
 *
 * @example
 * import { anthropic } from "@ai-sdk/anthropic";
 * import { fromAISDK } from "@codeact/models/ai-sdk";
 * const model = fromAISDK(anthropic("claude-sonnet-4-5"));
 */
export function fromAISDK(languageModel: AISDKLanguageModel, options: FromAISDKOptions = {}): StreamingModel {
  const version = languageModel?.specificationVersion;
  if (!(supportedVersions as readonly string[]).includes(version)) {
    throw new ModelError({
      code: "invalid_request",
      message:
        `fromAISDK() needs an AI SDK language model of specification v2, v3 or v4 (AI SDK 5, 6 or 7), ` +
        `but got ${version === undefined ? "something else" : `specification "${version}"`}. Upgrade the provider package.`,
    });
  }
  const settings = resilienceSettings(options);
  const model = languageModel as unknown as SpecModel;
  const context: ErrorContext = {
    provider: `the AI SDK provider "${model.provider}"`,
    modelId: model.modelId,
    credentialsHint: "Check the provider's API key (its `apiKey` option or environment variable).",
  };
  const callOptions = (request: ModelRequest, signal: AbortSignal) =>
    toCallOptions(request, signal, options.headers);
  const backend: Backend = {
    modelId: model.modelId,
    async generate(request, signal) {
      return toResponse(await model.doGenerate(callOptions(request, signal)));
    },
    async *stream(request, signal) {
      yield* streamParts(await model.doStream(callOptions(request, signal)));
    },
    classify(error) {
      return toModelError(describeAISDKError(error), context, failureOf(error).cause);
    },
  };
  return resilientModel(backend, settings);
}
