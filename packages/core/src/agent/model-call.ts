/** One model call: streamed when the model can stream, so text reaches listeners as it arrives. */
import { ModelError } from "../errors/model-error.js";
import type { Model, ModelRequest, ModelResponse, ModelStreamPart } from "../model.js";
import { addUsage } from "../run/run-result.js";
import { abortable } from "../util/abortable.js";
import { renderMessages } from "./memory.js";
import type { RunContext } from "./run-context.js";
import { type AgentSetup, modelRequest } from "./setup.js";

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
  const live = () =>
    model.stream
      ? abortable(
          collect(model.stream(request, options), (delta) =>
            run.emit({ ...base, type: "text-delta", delta }),
          ),
          run.signal,
        )
      : abortable(model.generate(request, options), run.signal);
  // A resumed run reads the responses its journal recorded: no model call is made twice.
  const response = run.recorder ? (await run.recorder.model(live)).response : await live();
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

/** What every request of a run repeats: the system prompt, the tools and the stop sequences. */
export type RequestFrame = { systemPrompt: string; request: Pick<ModelRequest, "tools" | "stop"> };

/**
 * A call beside the action steps (a plan, the best answer): memory and one more user message.
 * It keeps the tools and stop sequences of the action requests, with `toolChoice: "none"`, so
 * the whole request prefix repeats and prompt caches hit.
 */
export function askAside(setup: AgentSetup, frame: RequestFrame, run: RunContext, prompt: string) {
  const messages = renderMessages(frame.systemPrompt, run.steps, prompt);
  const fields = { ...frame.request, ...(frame.request.tools?.length && { toolChoice: "none" as const }) };
  return callModel(setup.options.model, modelRequest(setup, messages, fields), run);
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
