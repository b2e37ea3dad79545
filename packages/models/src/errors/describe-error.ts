/** Errors every backend can meet whatever its library: fetch failures, dropped sockets, bad JSON. */
import { type Failure, TransportFailure } from "./failure.js";

const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** fetch reports every network problem as a bare `TypeError`; these are the messages it uses. */
const networkMessage = /fetch failed|terminated|network|socket|other side closed|connection|load failed/i;

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };

/**
 * Describes an error no library-specific rule recognised. Network failures (refused, reset, a
 * stream cut off mid-answer) are found by their Node/undici codes anywhere in the `cause` chain,
 * or by fetch's `TypeError` messages, so they become retryable `network` errors.
 */
export function describeError(error: unknown): Failure {
  if (error instanceof TransportFailure) return error.failure;
  const chain = causes(error);
  const first = chain[0];
  const message = chain.map((item) => String(item.message ?? "")).find(Boolean) ?? String(error);
  const detail = chain
    .map((item) => String(item.message ?? ""))
    .filter(Boolean)
    .join(": ");
  if (chain.some((item) => typeof item.code === "string" && networkCodes.has(item.code))) {
    return { kind: "network", message: detail };
  }
  if (first?.name === "TypeError" && networkMessage.test(message))
    return { kind: "network", message: detail };
  if (first?.name === "SyntaxError") {
    return { kind: "invalid-response", message: `The server sent a malformed response: ${message}` };
  }
  return { kind: "unknown", message: detail || "Unknown error." };
}

function causes(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (typeof current === "object" && current !== null && chain.length < 5) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

/** The failure an error stands for, and the error to keep as `cause` (the library's, not our wrapper). */
export function failureOf(error: unknown): { failure: Failure; cause: unknown } {
  if (error instanceof TransportFailure) return { failure: error.failure, cause: error.cause ?? error };
  return { failure: describeError(error), cause: error };
}
