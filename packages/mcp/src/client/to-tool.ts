/** An MCP tool as a codeact tool: its name made an identifier, its schemas kept, its results shaped for code. */
import { type AnyTool, type JSONSchema, jsonSchema, type ToolContent, ToolError, tool } from "@codeact/core";
import type { CallToolResult, Tool as McpTool } from "@modelcontextprotocol/sdk/types.js";

/** Decides which of a server's tools need the agent's `onApproval`, from their annotations. */
export type ApprovalPolicy =
  | boolean
  | "destructive"
  | ((tool: { name: string; annotations?: McpTool["annotations"] }) => boolean);

/** How one server's tools are converted. */
export type ToolConversion = {
  prefix: string;
  structuredOutput: boolean;
  needsApproval: ApprovalPolicy;
  call(name: string, input: unknown, signal: AbortSignal): Promise<CallToolResult>;
};

/** A piece of non-text content as code receives it: described, typed plain data it can pass on. */
export type McpContent =
  | { type: "image" | "audio"; mimeType: string; data: string }
  | { type: "resource"; uri: string; mimeType?: string; text?: string; blob?: string }
  | { type: "resource_link"; uri: string; name: string; mimeType?: string; description?: string };

/** `read-file` with prefix `fs_` becomes `fs_read_file`: a JavaScript identifier. */
export function toolName(prefix: string, name: string): string {
  const joined = `${prefix}${name}`.replace(/[^A-Za-z0-9_$]/g, "_");
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** Converts one listed MCP tool. */
export function toTool(listed: McpTool, conversion: ToolConversion): AnyTool {
  const { structuredOutput } = conversion;
  const output = structuredOutput && listed.outputSchema ? (listed.outputSchema as JSONSchema) : undefined;
  return tool({
    name: toolName(conversion.prefix, listed.name),
    description: listed.description ?? listed.title ?? "",
    inputSchema: jsonSchema(listed.inputSchema as JSONSchema),
    ...(output && { outputSchema: jsonSchema(output) }),
    needsApproval: approval(listed, conversion.needsApproval),
    execute: async (input, { signal }) => {
      const result = await conversion.call(listed.name, input, signal);
      return resultValue(listed.name, result, output !== undefined);
    },
    toModelOutput: (value: unknown) => describe(value),
  });
}

function approval(listed: McpTool, policy: ApprovalPolicy): boolean {
  if (typeof policy === "function") return policy({ name: listed.name, annotations: listed.annotations });
  if (policy !== "destructive") return policy;
  // MCP's defaults: a tool not marked read-only may write, and one that writes may destroy.
  const { readOnlyHint = false, destructiveHint = true } = listed.annotations ?? {};
  return !readOnlyHint && destructiveHint;
}

/**
 * The value code gets: `structuredContent` for a tool with an output schema (the SDK has checked
 * it against the schema), else the text joined, or the content list when it holds more than text.
 */
function resultValue(name: string, result: CallToolResult, structured: boolean): unknown {
  const content = result.content ?? [];
  const texts = content.flatMap((part) => (part.type === "text" ? [part.text] : []));
  if (result.isError) {
    throw new ToolError({
      toolName: name,
      message: `${name} failed: ${texts.join("\n") || "the server gave no reason"}`,
    });
  }
  if (structured && result.structuredContent !== undefined) return result.structuredContent;
  if (texts.length === content.length) return texts.join("\n");
  return content.map((part) => (part.type === "text" ? part.text : toContent(part)));
}

function toContent(part: Exclude<CallToolResult["content"][number], { type: "text" }>): McpContent {
  switch (part.type) {
    case "image":
    case "audio":
      return { type: part.type, mimeType: part.mimeType, data: part.data };
    case "resource": {
      const { uri, mimeType } = part.resource;
      const body =
        "text" in part.resource
          ? { text: part.resource.text as string }
          : { blob: part.resource.blob as string };
      return { type: "resource", uri, ...(mimeType && { mimeType }), ...body };
    }
    case "resource_link":
      return {
        type: "resource_link",
        uri: part.uri,
        name: part.name,
        ...(part.mimeType && { mimeType: part.mimeType }),
        ...(part.description && { description: part.description }),
      };
  }
}

/** How a result reads to a model that sees it as text: binary described, never pasted. */
function describe(value: unknown): string | ToolContent[] {
  if (!Array.isArray(value)) return typeof value === "string" ? value : JSON.stringify(value);
  return value.map((part: string | McpContent): ToolContent => {
    if (typeof part === "string") return { type: "text", text: part };
    switch (part.type) {
      case "image":
      case "audio":
        return { type: part.type, mimeType: part.mimeType, data: part.data };
      case "resource":
        return {
          type: "resource",
          uri: part.uri,
          ...(part.mimeType && { mimeType: part.mimeType }),
          ...(part.text !== undefined && { text: part.text }),
        };
      default:
        return {
          type: "resource",
          uri: part.uri,
          ...(part.description && { description: part.description }),
        };
    }
  });
}
