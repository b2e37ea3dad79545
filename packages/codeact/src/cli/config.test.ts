import { describe, expect, it } from "vitest";
import { ConfigError, chooseModel, SUGGESTED_LOCAL_MODEL } from "./config.js";

describe("chooseModel", () => {
  it("uses OpenAI with its default model when only OPENAI_API_KEY is set", () => {
    expect(chooseModel({}, { OPENAI_API_KEY: "sk-test" })).toEqual({
      provider: "openai",
      model: "gpt-4.1-mini",
      apiKey: "sk-test",
    });
  });

  it("uses a local OpenAI-compatible server without a key, and asks which model it runs", () => {
    expect(
      chooseModel({}, { OPENAI_BASE_URL: "http://localhost:11434/v1", CODEACT_MODEL: "llama3.2" }),
    ).toEqual({
      provider: "openai",
      model: "llama3.2",
      baseURL: "http://localhost:11434/v1",
    });
    expect(() => chooseModel({ baseUrl: "http://localhost:8080/v1" }, {})).toThrow(
      /Which model should the server at http:\/\/localhost:8080\/v1 run\? Pass --model/,
    );
  });

  it("lets flags win over the environment", () => {
    const env = { OPENAI_API_KEY: "sk", CODEACT_MODEL: "gpt-4.1", HF_TOKEN: "hf_x" };
    expect(chooseModel({ model: "o4-mini" }, env)).toMatchObject({ provider: "openai", model: "o4-mini" });
    expect(chooseModel({ provider: "huggingface" }, env)).toEqual({
      provider: "huggingface",
      model: "gpt-4.1",
      accessToken: "hf_x",
    });
  });

  it("falls back to Hugging Face when HF_TOKEN is the only credential", () => {
    expect(chooseModel({}, { HF_TOKEN: "hf_x" })).toMatchObject({
      provider: "huggingface",
      accessToken: "hf_x",
    });
  });

  it("ignores empty variables and explains what to set when nothing is configured", () => {
    const error = (() => {
      try {
        chooseModel({}, { OPENAI_API_KEY: " ", HF_TOKEN: "" });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toMatch(/No model is configured/);
    expect(error?.message).toContain(
      `OPENAI_BASE_URL=http://localhost:11434/v1 CODEACT_MODEL=${SUGGESTED_LOCAL_MODEL}`,
    );
  });

  it("names the missing credential of a chosen provider", () => {
    expect(() => chooseModel({ provider: "huggingface" }, {})).toThrow(/needs HF_TOKEN/);
    expect(() => chooseModel({ provider: "openai" }, {})).toThrow(/needs OPENAI_API_KEY, or --base-url/);
  });
});
