/** An AI SDK stream (v2, v3, v4 parts) as codeact stream parts. */
import type { ModelStreamPart, ToolCall } from "@codeact/core";
import { TransportFailure } from "../errors/failure.js";
import { toFinishReason, toToolCall, toUsage } from "./results.js";
import type { SpecPart, SpecStreamResult } from "./spec.js";

/**
 * Reads `result.stream` to its end. Text deltas pass through; reasoning deltas are collected
 * apart; tool input streams as `tool-call-delta`s and the complete `tool-call` part decides the
 * call; an `error` part is thrown. Parts codeact has no use for (sources, files, metadata, raw
 * chunks, v4's `ping` and `custom`) are skipped.
 */
export async function* streamParts(result: SpecStreamResult): AsyncIterable<ModelStreamPart> {
  const reader = result.stream.getReader();
  const streamedInputs = new Map<string, { name: string; announced: boolean }>();
  const toolCalls: ToolCall[] = [];
  let text = "";
  let reasoning = "";
  let finish: SpecPart | undefined;
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      const part = next.value;
      switch (part.type) {
        case "text-delta":
          if (part.delta) {
            text += part.delta;
            yield { type: "text-delta", delta: part.delta };
          }
          break;
        case "reasoning-delta":
          reasoning += part.delta ?? "";
          break;
        case "tool-input-start":
          if (!part.providerExecuted && part.id) {
            streamedInputs.set(part.id, { name: part.toolName ?? "", announced: false });
          }
          break;
        case "tool-input-delta": {
          const pending = part.id === undefined ? undefined : streamedInputs.get(part.id);
          if (!pending || part.id === undefined) break;
          const name = pending.announced ? {} : { name: pending.name };
          pending.announced = true;
          yield { type: "tool-call-delta", id: part.id, ...name, inputDelta: part.delta ?? "" };
          break;
        }
        case "tool-call": {
          const call = toToolCall(part);
          if (!call) break;
          toolCalls.push(call);
          if (!streamedInputs.get(call.id)?.announced) {
            yield { type: "tool-call-delta", id: call.id, name: call.name, inputDelta: part.input ?? "" };
          }
          break;
        }
        case "finish":
          finish = part;
          break;
        case "error":
          throw part.error instanceof Error ? part.error : streamError(part.error);
      }
    }
    done = true;
  } finally {
    if (!done) reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  if (!finish) {
    throw new TransportFailure({
      kind: "network",
      message: "the stream ended before the model finished its answer",
    });
  }
  yield {
    type: "finish",
    response: {
      text,
      toolCalls,
      finishReason: toFinishReason(finish.finishReason, toolCalls.length > 0),
      usage: toUsage(finish.usage),
      ...(reasoning && { reasoning }),
    },
  };
}

/** An `error` part that is not an `Error`: providers put the API's error object there as is. */
function streamError(error: unknown): TransportFailure {
  const record = typeof error === "object" && error !== null ? (error as Record<string, unknown>) : {};
  const inner =
    typeof record.error === "object" && record.error !== null
      ? (record.error as Record<string, unknown>)
      : record;
  const message =
    typeof inner.message === "string" ? inner.message : (JSON.stringify(error) ?? String(error));
  const type = typeof inner.type === "string" ? inner.type : undefined;
  return new TransportFailure({ kind: "http", message, ...(type && { type }) });
}
