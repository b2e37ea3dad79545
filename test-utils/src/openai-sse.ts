/** OpenAI-shaped stream bodies built from text, for scripted multi-step conversations. */

const base = {
  object: "chat.completion.chunk",
  created: 1753561234,
  model: "gpt-4.1-mini-2025-04-14",
  service_tier: "default",
  system_fingerprint: "fp_6f2eabb9a5",
};

type ToolCallScript = { id: string; name: string; arguments: string };

/**
 * An SSE body as api.openai.com streams it with `include_usage`: a role chunk, content in
 * pieces of a few characters, tool calls with arguments in pieces, a finish chunk, a usage-only
 * chunk, `[DONE]`.
 */
export function openAIStream(options: {
  text?: string;
  toolCalls?: ToolCallScript[];
  usage?: { prompt: number; completion: number; cached?: number };
  id?: string;
}): string {
  const id = options.id ?? "chatcmpl-scripted";
  const chunk = (delta: unknown, finish: string | null = null) => ({
    id,
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
  });
  const chunks: unknown[] = [chunk({ role: "assistant", content: "", refusal: null })];
  for (const piece of (options.text ?? "").match(/[\s\S]{1,7}/g) ?? [])
    chunks.push(chunk({ content: piece }));
  for (const [index, call] of (options.toolCalls ?? []).entries()) {
    chunks.push(
      chunk({
        tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }],
      }),
    );
    for (const piece of call.arguments.match(/[\s\S]{1,5}/g) ?? []) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  }
  chunks.push(chunk({}, options.toolCalls?.length ? "tool_calls" : "stop"));
  const usage = options.usage ?? { prompt: 100, completion: 20 };
  chunks.push({
    id,
    ...base,
    choices: [],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
      prompt_tokens_details: { cached_tokens: usage.cached ?? 0, audio_tokens: 0 },
    },
  });
  return `${chunks.map((item) => `data: ${JSON.stringify(item)}\n\n`).join("")}data: [DONE]\n\n`;
}
