/** One model call: streamed when the model can stream, so text reaches listeners as it arrives. */
import { ModelError } from "../errors/model-error.js";
import type { Model, ModelRequest, ModelResponse, ModelStreamPart } from "../model.js";
import { addUsage } from "../run/run-result.js";
import { abortable } from "../util/abortable.js";
import type { RunContext } from "./run-context.js";

/**
 * Calls `model`, emitting `text-delta` events while it streams and `model-response` at the end.
 * The call's usage counts toward the run at once, whatever happens to the step afterwards.
 */
export async function callModel(
  model: Model,
  request: ModelRequest,
  run: RunContext,
): Promise<ModelResponse> {
  const base = { step: run.step, agentPath: run.agentPath };
  const options = { signal: run.signal };
  const response = model.stream
    ? await abortable(
        collect(model.stream(request, options), (delta) => run.emit({ ...base, type: "text-delta", delta })),
        run.signal,
      )
    : await abortable(model.generate(request, options), run.signal);
  const normalized: ModelResponse = {
    ...response,
    text: response.text ?? "",
    toolCalls: response.toolCalls ?? [],
    usage: response.usage ?? { inputTokens: 0, outputTokens: 0 },
  };
  addUsage(run.usage, normalized.usage);
  run.emit({ ...base, type: "model-response", response: normalized });
  return normalized;
}

async function collect(
  parts: AsyncIterable<ModelStreamPart>,
  onText: (delta: string) => void,
): Promise<ModelResponse> {
  for await (const part of parts) {
    if (part.type === "text-delta") onText(part.delta);
    else if (part.type === "finish") return part.response;
  }
  throw new ModelError({
    code: "invalid_response",
    message: "The model's stream ended without a finish part.",
  });
}
