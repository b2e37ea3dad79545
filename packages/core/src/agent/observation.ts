/** Turns what happened in a step into the text the model reads next. */
import type { ExecutionResult } from "../executor.js";
import { show } from "../tool/tool-output.js";

const marker = /\n\.\.\. \[(\d+) characters truncated\] \.\.\.\n/;

/**
 * Shortens `text` to about `limit` characters, keeping its start and end (errors and totals
 * tend to sit at the end) around one marker that says how much was cut. A marker already in the
 * text (an executor's cut) is folded into the new one, and surrogate pairs are never split.
 */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let head = Math.ceil(limit / 2);
  let tail = text.length - Math.floor(limit / 2);
  let earlier = 0;
  const found = marker.exec(text);
  if (found) {
    head = Math.min(head, found.index);
    tail = Math.max(tail, found.index + found[0].length);
    earlier = Number(found[1]) - found[0].length;
  }
  if (isLowSurrogate(text.charCodeAt(head))) head--;
  if (isLowSurrogate(text.charCodeAt(tail))) tail++;
  const cut = tail - head + earlier;
  return `${text.slice(0, head)}\n... [${cut} characters truncated] ...\n${text.slice(tail)}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The error line the model reads: name, message and, when known, the line of its code. */
export function showError(error: { name: string; message: string; line?: number }): string {
  return `${error.name}: ${error.message}${error.line === undefined ? "" : ` (line ${error.line})`}`;
}

/** `Error: ` before `text`, unless the text already starts with it: never `Error: Error: …`. */
export function errorLine(text: string): string {
  return /^Error\b/.test(text) ? text : `Error: ${text}`;
}

/** A syntax error's line of code, so the model sees what it wrote there without counting lines. */
function offendingLine(error: { name: string; line?: number }, code: string | undefined): string[] {
  if (error.name !== "SyntaxError" || error.line === undefined || code === undefined) return [];
  const line = code.split("\n")[error.line - 1]?.trim();
  return line ? [`The line: ${line}`] : [];
}

/** The observation after a code step: logs, last value and error, each truncated past `limit`. */
export function codeObservation(
  result: ExecutionResult,
  limit: number,
  notes: string[] = [],
  code?: string,
): string {
  const parts: string[] = [];
  if (result.logs) parts.push(`Logs:\n${truncate(result.logs, limit)}`);
  if (result.value !== undefined) parts.push(`Last value: ${truncate(show(result.value), limit)}`);
  if (result.error) {
    parts.push(errorLine(truncate(showError(result.error), limit)));
    parts.push(...offendingLine(result.error, code).map((line) => truncate(line, limit)));
  }
  parts.push(...notes);
  if (parts.length === 0) parts.push("The code ran without output. Use console.log to see values.");
  return `Observation:\n${parts.join("\n")}`;
}
