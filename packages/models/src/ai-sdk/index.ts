/** `@codeact/models/ai-sdk`: any Vercel AI SDK language model as a codeact model. */
export { type FromAISDKOptions, fromAISDK } from "./from-ai-sdk.js";
export type { AISDKLanguageModel } from "./spec.js";
