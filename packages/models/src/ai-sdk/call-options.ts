/** A codeact `ModelRequest` as AI SDK call options. */
import type { ChatMessage, ModelRequest } from "@codeact/core";
import type { SpecCallOptions, SpecMessage } from "./spec.js";

/**
 * The options for `doGenerate`/`doStream`. Tool results name their tool, which codeact's tool
 * messages do not, so the name is looked up from the assistant call they answer; consecutive tool
 * results become one tool message, as the AI SDK itself builds them.
 */
export function toCallOptions(
  request: ModelRequest,
  signal: AbortSignal,
  headers: Record<string, string> | undefined,
): SpecCallOptions {
  return {
    prompt: toPrompt(request.messages),
    ...(request.maxOutputTokens !== undefined && { maxOutputTokens: request.maxOutputTokens }),
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    ...(request.stop?.length && { stopSequences: request.stop }),
    ...(request.tools?.length && {
      tools: request.tools.map((tool) => ({
        type: "function" as const,
        name: tool.name,
        description: tool.description,
        inputSchema: tool.inputSchema,
      })),
      toolChoice: { type: request.toolChoice ?? "auto" },
    }),
    ...(request.responseFormat && {
      responseFormat: { type: "json", schema: request.responseFormat.schema },
    }),
    abortSignal: signal,
    ...(headers && { headers }),
  };
}

function toPrompt(messages: ChatMessage[]): SpecMessage[] {
  const toolNames = new Map<string, string>();
  const prompt: SpecMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case "system":
        prompt.push({ role: "system", content: message.content });
        break;
      case "user":
        prompt.push({ role: "user", content: [{ type: "text", text: message.content }] });
        break;
      case "assistant": {
        const calls = (message.toolCalls ?? []).map((call) => {
          toolNames.set(call.id, call.name);
          return { type: "tool-call" as const, toolCallId: call.id, toolName: call.name, input: call.input };
        });
        const text = message.content ? [{ type: "text" as const, text: message.content }] : [];
        prompt.push({ role: "assistant", content: [...text, ...calls] });
        break;
      }
      case "tool": {
        const result = {
          type: "tool-result" as const,
          toolCallId: message.callId,
          toolName: toolNames.get(message.callId) ?? "unknown",
          output: { type: "text" as const, value: message.content },
        };
        const last = prompt.at(-1);
        if (last?.role === "tool") last.content.push(result);
        else prompt.push({ role: "tool", content: [result] });
        break;
      }
    }
  }
  return prompt;
}
