/** Turns what happened in a step into the text the model reads next. */
import type { ExecutionResult } from "../executor.js";

/**
 * Shortens `text` to about `limit` characters, keeping its start and end (errors and totals
 * tend to sit at the end) around a marker that says how much was cut.
 */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const head = Math.ceil(limit / 2);
  const tail = Math.floor(limit / 2);
  const cut = text.length - head - tail;
  return `${text.slice(0, head)}\n... [${cut} characters truncated] ...\n${text.slice(text.length - tail)}`;
}

/** A value as the model should read it: strings as they are, everything else as JSON. */
export function show(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The error line the model reads: name, message and, when known, the line of its code. */
export function showError(error: { name: string; message: string; line?: number }): string {
  return `${error.name}: ${error.message}${error.line === undefined ? "" : ` (line ${error.line})`}`;
}

/** The observation after a code step: logs, last value and error, each truncated past `limit`. */
export function codeObservation(result: ExecutionResult, limit: number, notes: string[] = []): string {
  const parts: string[] = [];
  if (result.logs) parts.push(`Logs:\n${truncate(result.logs, limit)}`);
  if (result.value !== undefined) parts.push(`Last value: ${truncate(show(result.value), limit)}`);
  if (result.error) parts.push(`Error: ${truncate(showError(result.error), limit)}`);
  parts.push(...notes);
  if (parts.length === 0) parts.push("The code ran without output. Use console.log to see values.");
  return `Observation:\n${parts.join("\n")}`;
}
