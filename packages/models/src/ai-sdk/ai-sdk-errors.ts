/** What the AI SDK's errors mean, read by their markers so any installed copy is recognised. */
import { describeError } from "../errors/describe-error.js";
import { type Failure, TransportFailure } from "../errors/failure.js";
import { retryAfterMs } from "../retry/retry-after.js";

type AISDKErrorLike = {
  name?: unknown;
  message?: unknown;
  statusCode?: unknown;
  responseHeaders?: unknown;
  isRetryable?: unknown;
  data?: unknown;
};

const invalidRequest = [
  "AI_InvalidArgumentError",
  "AI_InvalidPromptError",
  "AI_UnsupportedFunctionalityError",
];
const invalidResponse = [
  "AI_InvalidResponseDataError",
  "AI_JSONParseError",
  "AI_TypeValidationError",
  "AI_EmptyResponseBodyError",
  "AI_NoContentGeneratedError",
];

/**
 * Describes an error an AI SDK provider threw: `APICallError` (status, headers, the provider's
 * parsed error body), `LoadAPIKeyError` (whose message names the provider's variable), argument
 * and response errors. A call error without a status is a network failure.
 */
export function describeAISDKError(error: unknown): Failure {
  if (error instanceof TransportFailure) return error.failure;
  const name = aiSdkName(error);
  const e = error as AISDKErrorLike;
  const message = String(e?.message ?? "");
  if (name === "AI_LoadAPIKeyError") return { kind: "missing-key", message };
  if (name && invalidRequest.includes(name)) return { kind: "invalid-request", message };
  if (name && invalidResponse.includes(name)) return { kind: "invalid-response", message };
  if (name !== "AI_APICallError") return describeError(error);
  if (typeof e.statusCode !== "number") {
    return e.isRetryable === false
      ? { kind: "unknown", message }
      : { kind: "network", message: causeMessage(error) };
  }
  const body = providerError(e.data);
  const wait =
    typeof e.responseHeaders === "object" && e.responseHeaders
      ? retryAfterMs(e.responseHeaders as Record<string, unknown>)
      : undefined;
  return {
    kind: "http",
    status: e.statusCode,
    message: body.message ?? message,
    ...(body.code !== undefined && { code: body.code }),
    ...(body.type !== undefined && { type: body.type }),
    ...(wait !== undefined && { retryAfterMs: wait }),
  };
}

/** The AI SDK error name, trusted only when the error carries the SDK's `Symbol.for` marker. */
function aiSdkName(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  if (typeof name !== "string") return undefined;
  const marked = (error as Record<symbol, unknown>)[Symbol.for(`vercel.ai.error.${name}`)] === true;
  return marked || (error as Record<symbol, unknown>)[Symbol.for("vercel.ai.error")] === true
    ? name
    : undefined;
}

/** `{ error: { message, code, type } }` (OpenAI style) or `{ type, error: { type, message } }` (Anthropic). */
function providerError(data: unknown): { message?: string; code?: string; type?: string } {
  if (typeof data !== "object" || data === null) return {};
  const record = data as Record<string, unknown>;
  const inner =
    typeof record.error === "object" && record.error !== null
      ? (record.error as Record<string, unknown>)
      : record;
  const pick = (value: unknown) => (typeof value === "string" ? value : undefined);
  const message = pick(inner.message);
  const code = pick(inner.code);
  const type = pick(inner.type);
  return { ...(message && { message }), ...(code && { code }), ...(type && { type }) };
}

function causeMessage(error: unknown): string {
  const described = describeError((error as { cause?: unknown }).cause);
  const own = String((error as { message?: unknown }).message ?? "");
  return described.kind === "unknown" ? own : `${own}: ${described.message}`;
}
