/** Which model the CLI talks to, from flags first, then the environment. */

/** Flags that choose the model. */
export type ModelFlags = { provider?: string; model?: string; baseUrl?: string };

/** A resolved model choice, ready for `openai(...)` or `huggingface(...)`. */
export type ModelChoice =
  | { provider: "openai"; model: string; baseURL?: string; apiKey?: string }
  | { provider: "huggingface"; model: string; accessToken: string };

/** A usage or configuration mistake: the CLI prints `message` and exits with 2. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const DEFAULT_OPENAI_MODEL = "gpt-4.1-mini";
const DEFAULT_HF_MODEL = "Qwen/Qwen2.5-Coder-32B-Instruct";

/**
 * The one local model the CLI and every doc suggest: an Ollama tag that is small enough for a
 * laptop and writes code well. `ollama pull` it, then point the CLI at Ollama's `/v1`.
 */
export const SUGGESTED_LOCAL_MODEL = "qwen2.5-coder:7b";

/** What to set when no model is configured: every way in, local servers included. */
export const NO_MODEL_HELP = `No model is configured. Set one of:

  OPENAI_API_KEY=sk-...                    OpenAI (model ${DEFAULT_OPENAI_MODEL}; pick another with --model or CODEACT_MODEL)
  HF_TOKEN=hf_...                          Hugging Face Inference Providers (model ${DEFAULT_HF_MODEL})
  OPENAI_BASE_URL=http://localhost:11434/v1 CODEACT_MODEL=${SUGGESTED_LOCAL_MODEL}
                                           a local Ollama server (no key needed; ollama pull ${SUGGESTED_LOCAL_MODEL} first)
  OPENAI_BASE_URL=http://localhost:8080/v1 CODEACT_MODEL=local
                                           a local llama.cpp server (no key needed)

or pass --base-url <url> --model <name> for any OpenAI-compatible server (vLLM, LM Studio, TGI).`;

/** Picks the provider and model; throws a {@link ConfigError} that says exactly what to set. */
export function chooseModel(flags: ModelFlags, env: NodeJS.ProcessEnv): ModelChoice {
  const model = flags.model ?? nonEmpty(env.CODEACT_MODEL);
  const baseURL = flags.baseUrl ?? nonEmpty(env.OPENAI_BASE_URL);
  const openaiKey = nonEmpty(env.OPENAI_API_KEY);
  const hfToken = nonEmpty(env.HF_TOKEN);
  const provider = flags.provider ?? (baseURL || openaiKey ? "openai" : hfToken ? "huggingface" : undefined);
  switch (provider) {
    case undefined:
      throw new ConfigError(NO_MODEL_HELP);
    case "openai":
      if (!openaiKey && !baseURL) {
        throw new ConfigError(
          `--provider openai needs OPENAI_API_KEY, or --base-url for a local server.\n\n${NO_MODEL_HELP}`,
        );
      }
      if (!model && baseURL && !openaiKey) {
        throw new ConfigError(
          `Which model should the server at ${baseURL} run? Pass --model <name> or set CODEACT_MODEL (e.g. ${SUGGESTED_LOCAL_MODEL} for Ollama).`,
        );
      }
      return {
        provider,
        model: model ?? DEFAULT_OPENAI_MODEL,
        ...(baseURL && { baseURL }),
        ...(openaiKey && { apiKey: openaiKey }),
      };
    case "huggingface":
      if (!hfToken)
        throw new ConfigError(
          `--provider huggingface needs HF_TOKEN (https://huggingface.co/settings/tokens).`,
        );
      return { provider, model: model ?? DEFAULT_HF_MODEL, accessToken: hfToken };
    default:
      throw new ConfigError(`Unknown --provider "${provider}": use openai or huggingface.`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}
