/** A model that replays given responses and records every request: for tests and examples. */
import { CodeActError } from "../errors/codeact-error.js";
import type { Model, ModelCallOptions, ModelRequest, ModelResponse, ModelStreamPart } from "../model.js";
import { abortable } from "../util/abortable.js";

/** One scripted answer: text, a partial response, an error to throw, or a function of the request. */
export type ScriptedResponse =
  | string
  | Partial<ModelResponse>
  | Error
  | ((
      request: ModelRequest,
      index: number,
    ) => string | Partial<ModelResponse> | Promise<string | Partial<ModelResponse>>);

/** Options of a {@link ScriptedModel}. */
export type ScriptedModelOptions = {
  modelId?: string;
  /** Offer `stream` (text in a few deltas). Default true. */
  stream?: boolean;
  /** Wait this long before answering, to test aborts and timing. Default 0. */
  delayMs?: number;
};

/**
 * Replays `responses` in order, one per call, and records each request in `requests`. Usage is
 * estimated as one token per four characters, so accounting can be tested.
 *
 * @example
 * const model = new ScriptedModel(["```js\nfinal_answer(42)\n```"]);
 * const result = await new CodeAgent({ model, executor }).run("The answer?");
 * expect(model.requests[0].request.messages[0].role).toBe("system");
 */
export class ScriptedModel implements Model {
  readonly modelId: string;
  /** Every request received, in order. */
  readonly requests: { index: number; request: ModelRequest }[] = [];
  readonly #responses: ScriptedResponse[];
  readonly #options: ScriptedModelOptions;

  constructor(responses: ScriptedResponse[], options: ScriptedModelOptions = {}) {
    this.modelId = options.modelId ?? "scripted";
    this.#responses = responses;
    this.#options = options;
    if (options.stream === false) this.stream = undefined;
  }

  async generate(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    const index = this.requests.length;
    this.requests.push({ index, request: structuredClone(request) });
    const signal = options.signal ?? new AbortController().signal;
    if (this.#options.delayMs) await abortable(sleep(this.#options.delayMs), signal);
    const scripted = this.#responses[index];
    if (scripted === undefined) {
      throw new CodeActError({
        code: "script_exhausted",
        message: `ScriptedModel has no response for call ${index + 1}: it was given ${this.#responses.length}.`,
      });
    }
    if (scripted instanceof Error) throw scripted;
    const answer =
      typeof scripted === "function"
        ? await abortable(Promise.resolve(scripted(request, index)), signal)
        : scripted;
    const partial = typeof answer === "string" ? { text: answer } : answer;
    const text = partial.text ?? "";
    const toolCalls = partial.toolCalls ?? [];
    return {
      text,
      toolCalls,
      finishReason: partial.finishReason ?? (toolCalls.length > 0 ? "tool-calls" : "stop"),
      usage: partial.usage ?? estimateUsage(request, text),
      ...(partial.reasoning !== undefined && { reasoning: partial.reasoning }),
    };
  }

  stream?: (request: ModelRequest, options?: ModelCallOptions) => AsyncIterable<ModelStreamPart> = (
    request,
    options,
  ) => this.#stream(request, options);

  async *#stream(request: ModelRequest, options?: ModelCallOptions): AsyncIterable<ModelStreamPart> {
    const response = await this.generate(request, options);
    for (const delta of response.text.match(/[\s\S]{1,16}/g) ?? []) yield { type: "text-delta", delta };
    for (const call of response.toolCalls) {
      yield { type: "tool-call-delta", id: call.id, name: call.name, inputDelta: JSON.stringify(call.input) };
    }
    yield { type: "finish", response };
  }
}

function estimateUsage(request: ModelRequest, text: string): ModelResponse["usage"] {
  const input = request.messages.reduce((sum, message) => sum + message.content.length, 0);
  return { inputTokens: Math.ceil(input / 4), outputTokens: Math.ceil(text.length / 4) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
