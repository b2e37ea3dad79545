/** Hand-built AI SDK language models (v2, v3, v4) that record their calls. */
import type {
  LanguageModelV2,
  LanguageModelV2CallOptions,
  LanguageModelV2StreamPart,
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3StreamPart,
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from "@ai-sdk/provider";

/** A ReadableStream of the given parts. */
export function streamOf<T>(parts: T[]): ReadableStream<T> {
  return new ReadableStream<T>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}

type Generate<Options, Result> = (options: Options) => Promise<Result>;

/** A v2 model whose `doGenerate`/`doStream` the test supplies; `calls` records the options. */
export function v2Model(behaviour: {
  generate?: Generate<LanguageModelV2CallOptions, Awaited<ReturnType<LanguageModelV2["doGenerate"]>>>;
  stream?: LanguageModelV2StreamPart[];
}): LanguageModelV2 & { calls: LanguageModelV2CallOptions[] } {
  const calls: LanguageModelV2CallOptions[] = [];
  return {
    specificationVersion: "v2",
    provider: "test-v2",
    modelId: "v2-model",
    supportedUrls: {},
    calls,
    async doGenerate(options) {
      calls.push(options);
      if (!behaviour.generate) throw new Error("no generate scripted");
      return behaviour.generate(options);
    },
    async doStream(options) {
      calls.push(options);
      return { stream: streamOf(behaviour.stream ?? []) };
    },
  };
}

/** A v3 model, as AI SDK 6 providers return. */
export function v3Model(behaviour: {
  generate?: Generate<LanguageModelV3CallOptions, Awaited<ReturnType<LanguageModelV3["doGenerate"]>>>;
  stream?: LanguageModelV3StreamPart[];
}): LanguageModelV3 & { calls: LanguageModelV3CallOptions[] } {
  const calls: LanguageModelV3CallOptions[] = [];
  return {
    specificationVersion: "v3",
    provider: "test-v3",
    modelId: "v3-model",
    supportedUrls: {},
    calls,
    async doGenerate(options) {
      calls.push(options);
      if (!behaviour.generate) throw new Error("no generate scripted");
      return behaviour.generate(options);
    },
    async doStream(options) {
      calls.push(options);
      return { stream: streamOf(behaviour.stream ?? []) };
    },
  };
}

/** A v4 model, as AI SDK 7 providers return. */
export function v4Model(behaviour: {
  generate?: Generate<LanguageModelV4CallOptions, Awaited<ReturnType<LanguageModelV4["doGenerate"]>>>;
  stream?: LanguageModelV4StreamPart[];
}): LanguageModelV4 & { calls: LanguageModelV4CallOptions[] } {
  const calls: LanguageModelV4CallOptions[] = [];
  return {
    specificationVersion: "v4",
    provider: "test-v4",
    modelId: "v4-model",
    supportedUrls: {},
    calls,
    async doGenerate(options) {
      calls.push(options);
      if (!behaviour.generate) throw new Error("no generate scripted");
      return behaviour.generate(options);
    },
    async doStream(options) {
      calls.push(options);
      return { stream: streamOf(behaviour.stream ?? []) };
    },
  };
}

/** v3/v4 usage. */
export const usageV3 = (input: number, output: number, cacheRead?: number) => ({
  inputTokens: { total: input, noCache: undefined, cacheRead, cacheWrite: undefined },
  outputTokens: { total: output, text: undefined, reasoning: undefined },
});
