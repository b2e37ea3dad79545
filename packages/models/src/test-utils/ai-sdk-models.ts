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

/** What a test scripts: the result of `doGenerate` and the parts `doStream` yields. */
type Behaviour<Options, Result, Part> = { generate?: Generate<Options, Result>; stream?: Part[] };

/** One scripted spec model of any version; `calls` records the options of every call. */
function scriptedSpecModel<Options, Result, Part>(
  version: "v2" | "v3" | "v4",
  behaviour: Behaviour<Options, Result, Part>,
) {
  const calls: Options[] = [];
  return {
    specificationVersion: version,
    provider: `test-${version}`,
    modelId: `${version}-model`,
    supportedUrls: {},
    calls,
    async doGenerate(options: Options) {
      calls.push(options);
      if (!behaviour.generate) throw new Error("no generate scripted");
      return behaviour.generate(options);
    },
    async doStream(options: Options) {
      calls.push(options);
      return { stream: streamOf(behaviour.stream ?? []) };
    },
  };
}

/** A v2 model whose `doGenerate`/`doStream` the test supplies, as AI SDK 5 providers return. */
export function v2Model(
  behaviour: Behaviour<
    LanguageModelV2CallOptions,
    Awaited<ReturnType<LanguageModelV2["doGenerate"]>>,
    LanguageModelV2StreamPart
  >,
): LanguageModelV2 & { calls: LanguageModelV2CallOptions[] } {
  return scriptedSpecModel("v2", behaviour) as LanguageModelV2 & { calls: LanguageModelV2CallOptions[] };
}

/** A v3 model, as AI SDK 6 providers return. */
export function v3Model(
  behaviour: Behaviour<
    LanguageModelV3CallOptions,
    Awaited<ReturnType<LanguageModelV3["doGenerate"]>>,
    LanguageModelV3StreamPart
  >,
): LanguageModelV3 & { calls: LanguageModelV3CallOptions[] } {
  return scriptedSpecModel("v3", behaviour) as LanguageModelV3 & { calls: LanguageModelV3CallOptions[] };
}

/** A v4 model, as AI SDK 7 providers return. */
export function v4Model(
  behaviour: Behaviour<
    LanguageModelV4CallOptions,
    Awaited<ReturnType<LanguageModelV4["doGenerate"]>>,
    LanguageModelV4StreamPart
  >,
): LanguageModelV4 & { calls: LanguageModelV4CallOptions[] } {
  return scriptedSpecModel("v4", behaviour) as LanguageModelV4 & { calls: LanguageModelV4CallOptions[] };
}

/** v3/v4 usage. */
export const usageV3 = (input: number, output: number, cacheRead?: number) => ({
  inputTokens: { total: input, noCache: undefined, cacheRead, cacheWrite: undefined },
  outputTokens: { total: output, text: undefined, reasoning: undefined },
});
