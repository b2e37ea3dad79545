/** Tool-call arguments as models really send them: JSON text, objects, empty, or broken. */

/**
 * The input of a tool call. JSON text is parsed (twice when a model double-encodes it); an
 * object (Text Generation Inference sends one) is used as is; empty means no arguments (`{}`).
 * Invalid JSON stays the raw string, so the agent's input validation tells the model what it
 * sent instead of the call failing here.
 */
export function parseToolInput(raw: unknown): unknown {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "string") return raw;
  if (raw.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === "string" && /^\s*[{[]/.test(parsed)) return parseToolInput(parsed);
    return parsed;
  } catch {
    return raw;
  }
}

/** A tool call's input as wire text: raw strings go back exactly as the model wrote them. */
export function toolInputText(input: unknown): string {
  return typeof input === "string" ? input : JSON.stringify(input ?? {});
}

let counter = 0;

/** An id for a tool call the server sent without one (some servers send `""` or nothing). */
export function makeToolCallId(): string {
  counter = (counter + 1) % 1_000_000;
  return `call_${Date.now().toString(36)}${counter.toString(36)}`;
}
