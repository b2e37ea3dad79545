/** A codeact `ModelRequest` as a Chat Completions request body. */
import type { ChatMessage, ModelRequest, ToolSpec } from "@codeact/core";
import { toolInputText } from "../text/tool-input.js";
import type { ChatRequestBody, WireRequestMessage } from "./wire.js";

/**
 * The field that limits the answer's length. OpenAI wants `max_completion_tokens` (its reasoning
 * models reject `max_tokens`); most compatible servers (llama.cpp, Ollama, TGI, HF) read `max_tokens`.
 */
export type MaxTokensParameter = "max_completion_tokens" | "max_tokens";

/** How to build bodies for one model. */
export type BodyOptions = {
  model: string;
  maxTokensParameter: MaxTokensParameter;
  /** Fields added to every body, e.g. `{ reasoning_effort: "low" }`; ours win on conflict. */
  extraBody?: Record<string, unknown>;
};

/** The body for `request`. Fields the request does not set are left out, so server defaults apply. */
export function chatRequestBody(request: ModelRequest, options: BodyOptions): ChatRequestBody {
  const body: ChatRequestBody = {
    ...options.extraBody,
    model: options.model,
    messages: request.messages.map(toWireMessage),
  };
  if (request.tools?.length) {
    body.tools = request.tools.map(toWireTool);
    if (request.toolChoice) body.tool_choice = request.toolChoice;
  }
  if (request.stop?.length) body.stop = request.stop;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxOutputTokens !== undefined) body[options.maxTokensParameter] = request.maxOutputTokens;
  if (request.responseFormat) {
    body.response_format = {
      type: "json_schema",
      json_schema: { name: "response", schema: request.responseFormat.schema },
    };
  }
  return body;
}

function toWireMessage(message: ChatMessage): WireRequestMessage {
  switch (message.role) {
    case "system":
    case "user":
      return { role: message.role, content: message.content };
    case "tool":
      return { role: "tool", tool_call_id: message.callId, content: message.content };
    case "assistant": {
      if (!message.toolCalls?.length) return { role: "assistant", content: message.content };
      return {
        role: "assistant",
        // OpenAI's canonical form for a message that only calls tools.
        content: message.content === "" ? null : message.content,
        tool_calls: message.toolCalls.map((call) => ({
          id: call.id,
          type: "function" as const,
          function: { name: call.name, arguments: toolInputText(call.input) },
        })),
      };
    }
  }
}

function toWireTool(tool: ToolSpec) {
  return {
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  };
}
