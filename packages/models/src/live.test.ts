/**
 * Live calls to real providers. They run only when the key is in the environment and show up as
 * skipped otherwise. Models can be chosen with CODEACT_LIVE_OPENAI_MODEL / CODEACT_LIVE_HF_MODEL.
 */
import { CodeAgent, type ModelRequest } from "@codeact/core";
import { QuickJSExecutor } from "@codeact/executors";
import { describe, expect, it } from "vitest";
import { huggingface } from "./huggingface/huggingface.js";
import { openai } from "./openai/openai.js";
import { collect, finished, streamedText } from "./test-utils/collect.js";

const env = (name: string) => process.env[name]?.trim() || undefined;
const openAIKey = env("OPENAI_API_KEY");
const hfToken = env("HF_TOKEN");
const openAIModel = env("CODEACT_LIVE_OPENAI_MODEL") ?? "gpt-4.1-nano";
const hfModel = env("CODEACT_LIVE_HF_MODEL") ?? "Qwen/Qwen2.5-Coder-32B-Instruct";

const ask: ModelRequest = {
  messages: [{ role: "user", content: "Reply with exactly the word: pong" }],
  maxOutputTokens: 20,
};

describe("live providers", () => {
  it.skipIf(!openAIKey)(
    `OpenAI (${openAIModel}) generates and streams [needs OPENAI_API_KEY]`,
    async () => {
      const model = openai({ model: openAIModel });
      const response = await model.generate(ask);
      expect(response.text.toLowerCase()).toContain("pong");
      expect(response.usage.inputTokens).toBeGreaterThan(0);
      const { parts, error } = await collect(model.stream(ask));
      expect(error).toBeUndefined();
      expect(streamedText(parts).toLowerCase()).toContain("pong");
      expect(finished(parts).usage.outputTokens).toBeGreaterThan(0);
    },
    60_000,
  );

  it.skipIf(!openAIKey)(
    `OpenAI (${openAIModel}) drives a CodeAgent [needs OPENAI_API_KEY]`,
    async () => {
      const agent = new CodeAgent({
        model: openai({ model: openAIModel }),
        executor: new QuickJSExecutor(),
        maxSteps: 4,
      });
      const result = await agent.run(
        "Compute the sum of the integers from 1 to 100 with code, then give it as the final answer.",
      );
      expect(result.status).toBe("success");
      expect(Number(result.output)).toBe(5050);
    },
    120_000,
  );

  it.skipIf(!hfToken)(
    `Hugging Face router (${hfModel}) generates and streams [needs HF_TOKEN]`,
    async () => {
      const model = huggingface({ model: hfModel });
      const response = await model.generate(ask);
      expect(response.text.toLowerCase()).toContain("pong");
      const { parts, error } = await collect(model.stream(ask));
      expect(error).toBeUndefined();
      expect(streamedText(parts).toLowerCase()).toContain("pong");
    },
    60_000,
  );
});
