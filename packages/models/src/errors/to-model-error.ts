/** One place that decides the code, message and retryability of every model failure. */
import { ModelError, type ModelErrorCode } from "@codeact/core";
import type { Failure } from "./failure.js";

/** Facts about the adapter that make a message actionable. */
export type ErrorContext = {
  /** Who answered, as a reader knows it: "OpenAI", "the server at http://localhost:11434/v1". */
  provider: string;
  modelId: string;
  /** What to check when credentials are refused, e.g. "Check OPENAI_API_KEY or the `apiKey` option." */
  credentialsHint: string;
};

/** A `ModelError` plus the wait the server asked for, which the retry policy honours. */
export type ClassifiedError = { error: ModelError; retryAfterMs?: number };

const contextTooLong =
  /context[_ ](length|size|window)|maximum context|too many tokens|prompt is too long|input is too long|reduce the length|maximum number of tokens|tokens \+ `?max_new_tokens`? must be/i;
const contentFiltered = /content[_ ](filter|policy|management)|responsible ?ai|safety (system|policy)/i;

/** Turns a {@link Failure} into the `ModelError` a user reads, with a stable `code`. */
export function toModelError(failure: Failure, context: ErrorContext, cause?: unknown): ClassifiedError {
  const { provider, modelId } = context;
  const make = (code: ModelErrorCode, message: string, retryable = false, status?: number) =>
    new ModelError({ code, message, retryable, status, cause });
  switch (failure.kind) {
    case "network":
      return { error: make("network", `The connection to ${provider} failed: ${failure.message}`, true) };
    case "timeout":
      return { error: make("timeout", failure.message, true) };
    case "missing-key":
      return { error: make("missing_api_key", failure.message) };
    case "invalid-request":
      return {
        error: make("invalid_request", `The request to ${provider} could not be sent: ${failure.message}`),
      };
    case "invalid-response":
      return {
        error: make(
          "invalid_response",
          `${capitalize(provider)} sent an unusable answer: ${failure.message}`,
        ),
      };
    case "unknown":
      return { error: make("model_error", `Calling ${provider} failed: ${failure.message}`) };
    case "http": {
      const { code, retryable } = httpCode(failure);
      const message = httpMessage(code, failure, context, modelId);
      const error = make(code, message, retryable, failure.status);
      return failure.retryAfterMs === undefined ? { error } : { error, retryAfterMs: failure.retryAfterMs };
    }
  }
}

function httpCode(failure: Extract<Failure, { kind: "http" }>): { code: ModelErrorCode; retryable: boolean } {
  const { status } = failure;
  const text = `${failure.code ?? ""} ${failure.type ?? ""} ${failure.message}`;
  if (status === 401) return { code: "authentication", retryable: false };
  if (status === 403) return { code: "permission_denied", retryable: false };
  if (status === 404) return { code: "model_not_found", retryable: false };
  if (contextTooLong.test(text)) return { code: "context_length_exceeded", retryable: false };
  if (contentFiltered.test(text)) return { code: "content_filter", retryable: false };
  if (failure.code === "insufficient_quota") return { code: "rate_limited", retryable: false };
  if (status === 408) return { code: "timeout", retryable: true };
  if (status === 429 || (status === undefined && /rate[_ ]limit/i.test(text)))
    return { code: "rate_limited", retryable: true };
  if (status === undefined || status === 409 || status >= 500) {
    return { code: "server_error", retryable: status !== 501 };
  }
  return { code: "invalid_request", retryable: false };
}

function httpMessage(
  code: ModelErrorCode,
  failure: Extract<Failure, { kind: "http" }>,
  context: ErrorContext,
  modelId: string,
): string {
  const provider = capitalize(context.provider);
  const detail = failure.message.trim().replace(/\.$/, "");
  const said = failure.status === undefined ? `: ${detail}` : ` (${failure.status}): ${detail}`;
  switch (code) {
    case "authentication":
      return `${provider} refused the credentials${said}. ${context.credentialsHint}`;
    case "permission_denied":
      return `${provider} denied access to model "${modelId}"${said}. Use a key or token that may use this model.`;
    case "model_not_found":
      return `${provider} has no model "${modelId}"${said}. Check the model name and the base URL; a local server must have the model pulled or loaded.`;
    case "context_length_exceeded":
      return `The request is longer than model "${modelId}" accepts${said}. Shorten the conversation or use a model with a larger context window.`;
    case "content_filter":
      return `${provider}'s content filter blocked the request${said}.`;
    case "rate_limited":
      return failure.code === "insufficient_quota"
        ? `${provider} says the account is out of quota${said}. Add credits or raise the limit; retrying will not help.`
        : `${provider} is rate limiting requests${said}.`;
    case "timeout":
      return `${provider} timed out${said}.`;
    case "server_error":
      return `${provider} failed on its side${said}.`;
    default:
      return `${provider} rejected the request${said}.`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
