import type { InferenceProviderOrPolicy } from "@huggingface/inference";
import { describe, expectTypeOf, it } from "vitest";
import type { HuggingFaceProvider, KnownHuggingFaceProvider } from "./huggingface-provider.js";

// Compile-time checks (run by `pnpm typecheck`): the names written out match the library's.
describe("the Hugging Face provider names defined here", () => {
  it("are exactly the installed @huggingface/inference's providers and policies", () => {
    expectTypeOf<KnownHuggingFaceProvider>().toEqualTypeOf<InferenceProviderOrPolicy>();
  });

  it("accept any other name, for providers added after this list", () => {
    expectTypeOf<"a-new-provider">().toExtend<HuggingFaceProvider>();
    expectTypeOf<InferenceProviderOrPolicy>().toExtend<HuggingFaceProvider>();
  });
});
