/**
 * The Vercel AI SDK language model specification (v2, v3 and v4), by shape. Defined here rather
 * than imported so the published types never need `@ai-sdk/provider` (which declares Node 22):
 * tests check that the real `LanguageModelV2/V3/V4` fit these types.
 */

/** Spec versions this adapter reads; v1 (AI SDK 4) lacks the stream parts it needs. */
export const supportedVersions = ["v2", "v3", "v4"] as const;

/**
 * Any AI SDK language model: what `anthropic("claude-sonnet-4-5")`, `google(...)`,
 * `bedrock(...)`, `mistral(...)` or `groq(...)` return with AI SDK 5, 6 or 7.
 */
export type AISDKLanguageModel = {
  readonly specificationVersion: (typeof supportedVersions)[number] | (string & {});
  readonly provider: string;
  readonly modelId: string;
  doGenerate(options: never): PromiseLike<unknown>;
  doStream(options: never): PromiseLike<unknown>;
};

/** A prompt message, in the part of the spec all three versions share. */
export type SpecMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: { type: "text"; text: string }[] }
  | {
      role: "assistant";
      content: (
        | { type: "text"; text: string }
        | { type: "tool-call"; toolCallId: string; toolName: string; input: unknown }
      )[];
    }
  | {
      role: "tool";
      content: {
        type: "tool-result";
        toolCallId: string;
        toolName: string;
        output: { type: "text"; value: string };
      }[];
    };

/** The call options this adapter sends. */
export type SpecCallOptions = {
  prompt: SpecMessage[];
  maxOutputTokens?: number;
  temperature?: number;
  stopSequences?: string[];
  tools?: { type: "function"; name: string; description?: string; inputSchema: Record<string, unknown> }[];
  toolChoice?: { type: "auto" | "none" };
  responseFormat?: { type: "json"; schema?: Record<string, unknown> };
  abortSignal?: AbortSignal;
  headers?: Record<string, string | undefined>;
};

/** Usage in v2 (flat numbers) or v3/v4 (`{ total, cacheRead }` objects). */
export type SpecUsage = {
  inputTokens?: number | { total?: number; cacheRead?: number } | undefined;
  outputTokens?: number | { total?: number } | undefined;
  cachedInputTokens?: number | undefined;
};

/** A finish reason: a string in v2, `{ unified, raw }` in v3/v4. */
export type SpecFinishReason = string | { unified: string; raw?: string };

/** One content part of a generate result, or one stream part; only the fields this adapter reads. */
export type SpecPart = {
  type: string;
  text?: string;
  delta?: string;
  id?: string;
  toolCallId?: string;
  toolName?: string;
  input?: string;
  providerExecuted?: boolean;
  usage?: SpecUsage;
  finishReason?: SpecFinishReason;
  error?: unknown;
};

/** A `doGenerate` result. */
export type SpecGenerateResult = { content: SpecPart[]; finishReason: SpecFinishReason; usage: SpecUsage };

/** A `doStream` result. */
export type SpecStreamResult = { stream: ReadableStream<SpecPart> };

/** The model with the signatures this adapter calls. */
export type SpecModel = {
  readonly specificationVersion: string;
  readonly provider: string;
  readonly modelId: string;
  doGenerate(options: SpecCallOptions): PromiseLike<SpecGenerateResult>;
  doStream(options: SpecCallOptions): PromiseLike<SpecStreamResult>;
};
