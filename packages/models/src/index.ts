/** codeact model adapters: OpenAI and compatible servers, Hugging Face; the AI SDK at `@codeact/models/ai-sdk`. */
export type { StreamingModel } from "./backend/resilient-model.js";
export type { MaxTokensParameter } from "./chat-completions/request-body.js";
export { type HuggingFaceOptions, huggingface } from "./huggingface/huggingface.js";
export type { HuggingFaceProvider } from "./huggingface/huggingface-provider.js";
export { type OpenAIOptions, openai } from "./openai/openai.js";
export type { OpenAIClientLike } from "./openai/openai-client.js";
export type { ResilienceOptions } from "./resilience-options.js";
export type { RetryNotice } from "./retry/retry-notice.js";
