/**
 * Host side of the sandbox boundary: values cross it as JSON text, so the guest never holds a
 * host object and the host never holds a live guest handle past one call. The rules mirror the
 * guest's in `prelude.ts`: what JSON cannot hold becomes a readable string.
 */
import { type BoundedText, toJSONTextWithin } from "./bounded-json.js";
import { pairSafeEnd } from "./console.js";
import { count } from "./limits.js";

export { type BoundedText, MAX_DEPTH, toJSONTextWithin } from "./bounded-json.js";

/**
 * The most characters of an error's message that cross the boundary, either way: a host error's
 * message handed to the guest, a guest error's message and stack handed to the host. Past it the
 * text is cut and ends with a marker such as `… [15,990,000 characters cut]`. Fixed rather than
 * tied to `maxLogChars`: an error is one line of an observation, not a log.
 */
export const MAX_ERROR_CHARS = 10_000;

/** The most characters of an error's name that cross the boundary. */
export const MAX_ERROR_NAME_CHARS = 200;

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

/**
 * `text` cut to its first `max` characters plus a marker saying how many were left out, or
 * `text` itself when it fits. Never splits a surrogate pair.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max || isCut(text, max)) return text;
  const end = pairSafeEnd(text, max);
  return `${text.slice(0, end)}… [${count(text.length - end)} characters cut]`;
}

/**
 * Whether `text` was already cut to `max` by {@link cutText}: an error cut on one side of a
 * thread boundary keeps its marker, and its count, on the other.
 */
function isCut(text: string, max: number): boolean {
  const marker = CUT_MARKER.exec(text.slice(-40));
  return marker !== null && text.length - marker[0].length <= max;
}

const CUT_MARKER = /… \[[\d,]+ characters cut\]$/;

/** The `name` and `message` of a host error, as the guest will see them. */
export type ErrorFields = { name: string; message: string };

/**
 * The `name` and `message` of a host error, as the guest will see them, each cut to its limit
 * ({@link MAX_ERROR_NAME_CHARS}, {@link MAX_ERROR_CHARS}). Never throws, whatever was thrown: a
 * Proxy whose traps throw, getters that throw, `null`, a string. What cannot be read is
 * replaced by a sentence saying so, so the guest always gets an `Error` it can catch and read.
 */
export function errorFields(error: unknown): ErrorFields {
  try {
    const fields = readFields(error);
    return {
      name: cutText(fields.name, MAX_ERROR_NAME_CHARS),
      message: cutText(fields.message, MAX_ERROR_CHARS),
    };
  } catch {
    // Only a value built to defeat every read above gets here (a getter on a property of the
    // text itself cannot run: the text is a primitive string by then).
    return { name: "Error", message: UNREADABLE };
  }
}

const UNREADABLE = "(a thrown value that could not be read)";

function readFields(error: unknown): ErrorFields {
  if (typeof error === "string") return { name: "Error", message: error };
  const errorLike =
    (typeof error === "object" && error !== null) || typeof error === "function"
      ? attempt(() => error instanceof Error || "message" in error, false)
      : false;
  if (!errorLike) return { name: "Error", message: valueText(error) };
  // Each read on its own: a getter (or a Proxy trap) that throws costs only its own field.
  const fields = error as { name?: unknown; message?: unknown };
  const name = attempt(() => fields.name, undefined);
  return {
    name: typeof name === "string" && name !== "" ? name : "Error",
    message: attempt(() => String(fields.message), "(the error's message could not be read)"),
  };
}

/** What a thrown value that is not error-like reads as: its JSON text, bounded. */
function valueText(value: unknown): string {
  const sized: BoundedText | undefined = attempt(() => toJSONTextWithin(value, MAX_ERROR_CHARS), undefined);
  if (sized === undefined) return UNREADABLE;
  if ("tooLarge" in sized) return `(a thrown value of at least ${count(sized.tooLarge)} characters of JSON)`;
  return String(sized.text);
}

function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
