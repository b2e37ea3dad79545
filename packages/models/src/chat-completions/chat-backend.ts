/** The Chat Completions backend shared by `openai()` and `huggingface()`: one implementation, two transports. */
import type { ModelError, ModelRequest, ModelResponse, ModelStreamPart } from "@codeact/core";
import type { Backend } from "../backend/backend.js";
import { rejectsField } from "../backend/unsupported-field.js";
import { failureOf } from "../errors/describe-error.js";
import { type ClassifiedError, type ErrorContext, toModelError } from "../errors/to-model-error.js";
import type { ChatTransport } from "./chat-transport.js";
import { parseChatCompletion } from "./parse-response.js";
import { chatRequestBody, type MaxTokensParameter } from "./request-body.js";
import { ChatStreamAssembler } from "./stream-assembler.js";

/** What the shared backend needs from an adapter. */
export type ChatBackendOptions = {
  model: string;
  transport: ChatTransport;
  maxTokensParameter: MaxTokensParameter;
  extraBody?: Record<string, unknown>;
  errorContext: ErrorContext;
};

/**
 * A {@link Backend} speaking Chat Completions through `transport`. It learns from refusals: a
 * server that rejects `max_tokens` (OpenAI reasoning models) gets `max_completion_tokens` from
 * then on, and the other way round; one that rejects `stream_options` streams without it (usage
 * then comes only if the server sends it anyway).
 */
export function chatCompletionsBackend(options: ChatBackendOptions): Backend {
  const { transport, errorContext } = options;
  let maxTokensParameter = options.maxTokensParameter;
  let swappedMaxTokens = false;
  let streamUsage = true;
  const body = (request: ModelRequest) =>
    chatRequestBody(request, { model: options.model, maxTokensParameter, extraBody: options.extraBody });

  return {
    modelId: options.model,

    async generate(request: ModelRequest, signal: AbortSignal): Promise<ModelResponse> {
      return parseChatCompletion(await transport.complete(body(request), signal));
    },

    async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelStreamPart> {
      const assembler = new ChatStreamAssembler();
      const streamed = {
        ...body(request),
        stream: true,
        ...(streamUsage && { stream_options: { include_usage: true } }),
      };
      for await (const chunk of transport.stream(streamed, signal)) yield* assembler.push(chunk);
      yield* assembler.finish();
    },

    classify(error: unknown): ClassifiedError {
      const { failure, cause } = failureOf(error);
      return toModelError(failure, errorContext, cause);
    },

    adapt(error: ModelError): boolean {
      if (streamUsage && rejectsField(error, "stream_options")) {
        streamUsage = false;
        return true;
      }
      if (!swappedMaxTokens && rejectsField(error, maxTokensParameter, true)) {
        swappedMaxTokens = true;
        maxTokensParameter = maxTokensParameter === "max_tokens" ? "max_completion_tokens" : "max_tokens";
        return true;
      }
      return false;
    },
  };
}
