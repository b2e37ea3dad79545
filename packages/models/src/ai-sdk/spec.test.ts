import type {
  LanguageModelV2,
  LanguageModelV2CallOptions,
  LanguageModelV2StreamPart,
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import type { MockLanguageModelV3 } from "ai/test";
import type { MockLanguageModelV2 } from "ai-v5/test";
import { describe, expectTypeOf, it } from "vitest";
import type { AISDKLanguageModel, SpecCallOptions, SpecGenerateResult, SpecPart } from "./spec.js";

// Compile-time checks (run by `pnpm typecheck`): our own spec types must match the published ones.
describe("the AI SDK spec types defined here", () => {
  it("accept every published language model version and the AI SDK's mocks", () => {
    expectTypeOf<LanguageModelV2>().toExtend<AISDKLanguageModel>();
    expectTypeOf<LanguageModelV3>().toExtend<AISDKLanguageModel>();
    expectTypeOf<LanguageModelV4>().toExtend<AISDKLanguageModel>();
    expectTypeOf<MockLanguageModelV2>().toExtend<AISDKLanguageModel>();
    expectTypeOf<MockLanguageModelV3>().toExtend<AISDKLanguageModel>();
  });

  it("send call options every version accepts", () => {
    expectTypeOf<SpecCallOptions>().toExtend<LanguageModelV2CallOptions>();
    expectTypeOf<SpecCallOptions>().toExtend<LanguageModelV3CallOptions>();
    expectTypeOf<SpecCallOptions>().toExtend<LanguageModelV4CallOptions>();
  });

  it("read every version's results and stream parts", () => {
    expectTypeOf<Awaited<ReturnType<LanguageModelV2["doGenerate"]>>>().toExtend<SpecGenerateResult>();
    expectTypeOf<LanguageModelV3GenerateResult>().toExtend<SpecGenerateResult>();
    expectTypeOf<LanguageModelV4GenerateResult>().toExtend<SpecGenerateResult>();
    expectTypeOf<LanguageModelV2StreamPart>().toExtend<SpecPart>();
    expectTypeOf<LanguageModelV3StreamPart>().toExtend<SpecPart>();
    expectTypeOf<LanguageModelV4StreamPart>().toExtend<SpecPart>();
  });
});
