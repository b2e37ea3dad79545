/**
 * Stop sequences applied on our side. Some models reject `stop` (several reasoning models answer
 * 400), and some servers echo the sequence; cutting here makes every adapter behave the same way.
 */
import type { ModelResponse, ModelStreamPart } from "@codeact/core";

/** The index where the earliest stop sequence starts in `text`, or -1. */
export function findStop(text: string, stops: readonly string[]): number {
  let earliest = -1;
  for (const stop of stops) {
    const index = text.indexOf(stop);
    if (index !== -1 && (earliest === -1 || index < earliest)) earliest = index;
  }
  return earliest;
}

/** `response` with its text cut before the first stop sequence; cutting means it stopped. */
export function applyStop(response: ModelResponse, stops: readonly string[] | undefined): ModelResponse {
  const active = usable(stops);
  const index = findStop(response.text, active);
  if (index === -1) return response;
  return {
    ...response,
    text: response.text.slice(0, index),
    finishReason: response.toolCalls.length > 0 ? response.finishReason : "stop",
  };
}

/**
 * Cuts a stream of parts at the first stop sequence. Text that might be the start of a stop
 * sequence is held back until the next delta settles it, so no part of a stop sequence is ever
 * emitted, even one split across deltas. After the cut, text deltas are dropped but the stream
 * is read to its end, so the finish part still carries the server's usage.
 */
export class StopCutter {
  readonly #stops: string[];
  #pending = "";
  #cut = false;

  constructor(stops: readonly string[] | undefined) {
    this.#stops = usable(stops);
  }

  /** The parts to emit for one incoming part. */
  push(part: ModelStreamPart): ModelStreamPart[] {
    if (part.type === "finish") {
      const rest = this.#cut || this.#pending === "" ? [] : [this.#textPart(this.#pending)];
      this.#pending = "";
      return [...rest, { type: "finish", response: applyStop(part.response, this.#stops) }];
    }
    if (part.type !== "text-delta") return [part];
    if (this.#cut) return [];
    if (this.#stops.length === 0) return [part];
    const text = this.#pending + part.delta;
    const index = findStop(text, this.#stops);
    if (index !== -1) {
      this.#cut = true;
      this.#pending = "";
      return index > 0 ? [this.#textPart(text.slice(0, index))] : [];
    }
    const held = heldBack(text, this.#stops);
    this.#pending = text.slice(text.length - held);
    const ready = text.slice(0, text.length - held);
    return ready ? [this.#textPart(ready)] : [];
  }

  #textPart(delta: string): ModelStreamPart {
    return { type: "text-delta", delta };
  }
}

/** Length of the longest end of `text` that is the beginning of some stop sequence. */
function heldBack(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) {
    for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}

function usable(stops: readonly string[] | undefined): string[] {
  return (stops ?? []).filter((stop) => stop.length > 0);
}
