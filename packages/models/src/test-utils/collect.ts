/** Small helpers for reading models in tests. */
import type { ModelStreamPart } from "@codeact/core";

/** Every part of a stream, or the error it ended with. */
export async function collect(
  parts: AsyncIterable<ModelStreamPart>,
): Promise<{ parts: ModelStreamPart[]; error?: unknown }> {
  const seen: ModelStreamPart[] = [];
  try {
    for await (const part of parts) seen.push(part);
    return { parts: seen };
  } catch (error) {
    return { parts: seen, error };
  }
}

/** The text of the text-delta parts, joined. */
export function streamedText(parts: ModelStreamPart[]): string {
  return parts.map((part) => (part.type === "text-delta" ? part.delta : "")).join("");
}

/** The finish part's response. */
export function finished(parts: ModelStreamPart[]) {
  const last = parts.at(-1);
  if (last?.type !== "finish") throw new Error(`the stream did not finish: ${JSON.stringify(parts.at(-1))}`);
  return last.response;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
