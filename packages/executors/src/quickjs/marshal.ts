/**
 * Host side of the sandbox boundary: values cross it as JSON text, so the guest never holds a
 * host object and the host never holds a live guest handle past one call. The rules mirror the
 * guest's in `prelude.ts`: what JSON cannot hold becomes a readable string.
 */
import { type BoundedText, toJSONTextWithin } from "./bounded-json.js";

export { type BoundedText, MAX_DEPTH, toJSONTextWithin } from "./bounded-json.js";

/** A JSON-compatible copy of a host value (`undefined` stays `undefined` at the top). */
export function toJSONValue(value: unknown): unknown {
  return fromJSONText(toJSONText(value));
}

/**
 * JSON text for a host value, or `undefined` for `undefined`. With `maxChars`, the text is
 * written against that budget instead (see {@link toJSONTextWithin}): `{ text }`, or
 * `{ tooLarge, exact }` with its length (or a lower bound), found without copying the value whole.
 */
export function toJSONText(value: unknown): string | undefined;
export function toJSONText(value: unknown, maxChars: number): BoundedText;
export function toJSONText(value: unknown, maxChars?: number): string | undefined | BoundedText {
  if (maxChars !== undefined) return toJSONTextWithin(value, maxChars);
  return (toJSONTextWithin(value, Number.POSITIVE_INFINITY) as { text: string | undefined }).text;
}

/** Parses JSON text produced by either side; `undefined` stands for `undefined`. */
export function fromJSONText(text: string | undefined): unknown {
  return text === undefined ? undefined : JSON.parse(text);
}

/** The `name` and `message` of a host error, as the guest will see them. */
export function errorFields(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name || "Error", message: error.message };
  if (typeof error === "object" && error !== null && "message" in error) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return { name: typeof name === "string" ? name : "Error", message: String(message) };
  }
  return { name: "Error", message: typeof error === "string" ? error : String(toJSONText(error)) };
}
