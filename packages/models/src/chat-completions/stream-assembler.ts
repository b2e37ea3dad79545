/** Chat Completions stream chunks as codeact stream parts, and the whole response at the end. */
import type { ModelResponse, ModelStreamPart, ToolCall } from "@codeact/core";
import { TransportFailure } from "../errors/failure.js";
import { ThinkSplitter } from "../text/think-tags.js";
import { makeToolCallId, parseToolInput } from "../text/tool-input.js";
import { firstChoice } from "./parse-response.js";
import { isRecord, type WireCompletion, type WireToolCall, type WireUsage } from "./wire.js";
import { contentText, reasoningText, toFinishReason, toUsage } from "./wire-values.js";

type PendingCall = { id: string; generatedId: boolean; name: string; arguments: string; announced: boolean };

/**
 * Accumulates one streamed answer. Feed it every chunk with `push`, emit what it returns, then
 * call `finish`. It handles what servers really do: usage in a final chunk with no choices (OpenAI,
 * vLLM, Ollama, TGI) or inside the finish chunk (llama.cpp, Together); a tool call's id and name
 * in one chunk and its arguments spread over many (OpenAI, vLLM) or all at once (Ollama,
 * llama.cpp); `tool_calls: null` in text deltas; ids that are empty (TGI); arguments as objects.
 */
export class ChatStreamAssembler {
  readonly #splitter = new ThinkSplitter();
  readonly #calls: PendingCall[] = [];
  readonly #byIndex = new Map<number, PendingCall>();
  #text = "";
  #reasoning = "";
  #finishReason: string | undefined;
  #usage: WireUsage | undefined;

  /** The parts one chunk produces. */
  push(chunk: unknown): ModelStreamPart[] {
    if (!isRecord(chunk)) {
      throw new TransportFailure({
        kind: "invalid-response",
        message: `unexpected stream chunk ${String(chunk)}`,
      });
    }
    const { usage, choices } = chunk as WireCompletion;
    if (isRecord(usage)) this.#usage = usage;
    const choice = firstChoice(choices);
    if (!choice) return [];
    if (typeof choice.finish_reason === "string") this.#finishReason = choice.finish_reason;
    const delta = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : {};
    const parts: ModelStreamPart[] = [];
    this.#reasoning += reasoningText(delta);
    const split = this.#splitter.push(contentText(delta.content));
    this.#reasoning += split.reasoning;
    if (split.text) parts.push(this.#addText(split.text));
    for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
      const part = this.#addToolCall(call);
      if (part) parts.push(part);
    }
    return parts;
  }

  /**
   * The final parts: held-back text, then `finish` with the whole response. A stream that ends
   * before any finish reason was cut off (a proxy or server dropped it), which is a retryable
   * network failure rather than a short answer.
   */
  finish(): ModelStreamPart[] {
    if (this.#finishReason === undefined) {
      throw new TransportFailure({
        kind: "network",
        message: "the stream ended before the model finished its answer",
      });
    }
    const rest = this.#splitter.end();
    this.#reasoning += rest.reasoning;
    const parts: ModelStreamPart[] = rest.text ? [this.#addText(rest.text)] : [];
    const toolCalls: ToolCall[] = this.#calls.map((call) => ({
      id: call.id,
      name: call.name,
      input: parseToolInput(call.arguments),
    }));
    const response: ModelResponse = {
      text: this.#text,
      toolCalls,
      finishReason: toFinishReason(this.#finishReason, toolCalls.length > 0),
      usage: toUsage(this.#usage),
      ...(this.#reasoning && { reasoning: this.#reasoning }),
    };
    parts.push({ type: "finish", response });
    return parts;
  }

  #addText(delta: string): ModelStreamPart {
    this.#text += delta;
    return { type: "text-delta", delta };
  }

  #addToolCall(delta: WireToolCall): ModelStreamPart | undefined {
    if (!isRecord(delta)) return undefined;
    const call = this.#callFor(delta);
    const name = delta.function?.name;
    if (name && !call.name) call.name = name;
    const raw = delta.function?.arguments;
    let inputDelta = "";
    if (typeof raw === "string") inputDelta = raw;
    else if (raw !== undefined && raw !== null) {
      // A whole arguments object: it replaces whatever text came before.
      inputDelta = JSON.stringify(raw);
      call.arguments = "";
    }
    call.arguments += inputDelta;
    if (call.announced && inputDelta === "") return undefined;
    const announce = !call.announced && call.name !== "";
    if (announce) call.announced = true;
    return { type: "tool-call-delta", id: call.id, ...(announce && { name: call.name }), inputDelta };
  }

  /** The call a delta continues: by `index`, or by `id` for servers that leave `index` out. */
  #callFor(delta: WireToolCall): PendingCall {
    const id = typeof delta.id === "string" && delta.id !== "" ? delta.id : undefined;
    const index = typeof delta.index === "number" ? delta.index : undefined;
    let call =
      index !== undefined
        ? this.#byIndex.get(index)
        : id !== undefined
          ? this.#calls.find((known) => known.id === id)
          : this.#calls.at(-1);
    // A different id at a known index is a new call (some servers number every call 0).
    if (call && id !== undefined && !call.generatedId && call.id !== id) call = undefined;
    if (!call) {
      call = {
        id: id ?? makeToolCallId(),
        generatedId: id === undefined,
        name: "",
        arguments: "",
        announced: false,
      };
      this.#calls.push(call);
      if (index !== undefined) this.#byIndex.set(index, call);
    }
    return call;
  }
}
