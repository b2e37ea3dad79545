/** What an MCP client sees of codeact tools and an agent: their listing and their calls. */
import {
  type Agent,
  type AgentEvent,
  type AnyTool,
  CodeActError,
  callTool,
  type JSONSchema,
  type Schema,
  type ToolContent,
} from "@codeact/core";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type Tool as McpTool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Served } from "./served.js";

type Entry = { listed: McpTool; call(input: unknown, extra: CallExtra): Promise<CallToolResult> };
type CallExtra = {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number };
  sendNotification(notification: {
    method: "notifications/progress";
    params: Record<string, unknown>;
  }): Promise<void>;
};

/** Checks what is served once; a mistake is a `CodeActError` saying what to pass. */
export function servedEntries(served: Served): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const tool of served.tools ?? []) entries.set(tool.name, toolEntry(tool));
  if (served.agent) {
    const entry = agentEntry(served.agent);
    if (entries.has(entry.listed.name)) {
      const message = `The agent and a tool are both named "${entry.listed.name}": give the agent another name.`;
      throw new CodeActError({ code: "invalid_option", message });
    }
    entries.set(entry.listed.name, entry);
  }
  if (entries.size === 0) {
    throw new CodeActError({
      code: "invalid_option",
      message: "serveMcp needs `tools`, an `agent`, or both.",
    });
  }
  return entries;
}

/** A fresh MCP server (one per client session) answering from `entries`. */
export function createMcpServer(entries: Map<string, Entry>, name = "codeact"): Server {
  const server = new Server({ name, version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [...entries.values()].map(({ listed }) => listed),
  }));
  server.setRequestHandler(CallToolRequestSchema, async ({ params }, extra) => {
    const entry = entries.get(params.name);
    if (!entry)
      return failure(
        `There is no tool named "${params.name}". Available: ${[...entries.keys()].join(", ")}.`,
      );
    return entry.call(params.arguments ?? {}, extra as unknown as CallExtra);
  });
  return server;
}

function toolEntry(tool: AnyTool): Entry {
  const output = tool.outputSchema && objectRooted(jsonSchemaOf(tool.outputSchema, "output"));
  const listed: McpTool = {
    name: tool.name,
    description: tool.description,
    inputSchema: jsonSchemaOf(tool.inputSchema, "input") as McpTool["inputSchema"],
    ...(output && { outputSchema: output.schema as McpTool["outputSchema"] }),
  };
  return {
    listed,
    async call(input, { signal }) {
      try {
        const value = await callTool(tool, input, { signal, validateOutput: true });
        const shown = tool.toModelOutput?.(value);
        return success(value, output?.wrap, shown === undefined ? undefined : contentOf(shown));
      } catch (error) {
        if (signal.aborted) throw error;
        return failure((error as Error).message);
      }
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: any agent, whatever its output type.
function agentEntry(agent: Agent<any>): Entry {
  // An answer schema without a JSON Schema form still checks answers; it just is not advertised.
  const answer = agent.outputSchema as Partial<Schema> | undefined;
  const output = answer?.["~standard"]?.jsonSchema && objectRooted(jsonSchemaOf(answer as Schema, "output"));
  const listed: McpTool = {
    name: agent.name.replace(/[^A-Za-z0-9_.-]/g, "_"),
    description: agent.description ?? "Runs a code agent on a task and returns its answer.",
    inputSchema: {
      type: "object",
      properties: {
        task: { type: "string", description: "What the agent should do, with everything it needs to know." },
      },
      required: ["task"],
    },
    ...(output && { outputSchema: output.schema as McpTool["outputSchema"] }),
  };
  return {
    listed,
    async call(input, extra) {
      const task = (input as { task?: unknown }).task;
      if (typeof task !== "string" || task.trim() === "")
        return failure("Give the agent a `task`: a non-empty string.");
      const run = agent.stream(task, { signal: extra.signal });
      const token = extra._meta?.progressToken;
      let progress = 0;
      for await (const event of run) {
        const message = token === undefined ? undefined : progressMessage(event);
        if (message) {
          await extra
            .sendNotification({
              method: "notifications/progress",
              params: { progressToken: token, progress: ++progress, message },
            })
            .catch(() => {});
        }
      }
      const result = await run.result;
      if (result.status !== "success") {
        const why = result.error ? `: ${result.error.message}` : "";
        return failure(`The agent's run ended with status "${result.status}"${why}`);
      }
      return success(result.output, output?.wrap);
    },
  };
}

function progressMessage(event: AgentEvent): string | undefined {
  const who = event.agentPath.join(" > ");
  switch (event.type) {
    case "step-start":
      return `${who}: step ${event.step}`;
    case "tool-call":
      return `${who}: calling ${event.call.name}`;
    case "final-answer":
      return `${who}: answered`;
    default:
      return undefined;
  }
}

/** MCP wants an object at the root of `structuredContent`; other answers travel as `{ result }`. */
function objectRooted(schema: JSONSchema): { schema: JSONSchema; wrap: boolean } {
  if (schema.type === "object") return { schema, wrap: false };
  return { schema: { type: "object", properties: { result: schema }, required: ["result"] }, wrap: true };
}

function jsonSchemaOf(schema: Schema, side: "input" | "output"): JSONSchema {
  return schema["~standard"].jsonSchema[side]({ target: "draft-2020-12" }) as JSONSchema;
}

/** A tool's `toModelOutput` says how a model should see its result: so does an MCP client's model. */
function contentOf(shown: string | ToolContent[]): CallToolResult["content"] {
  return typeof shown === "string" ? [{ type: "text", text: shown }] : shown.map(mcpContent);
}

function mcpContent(part: ToolContent): CallToolResult["content"][number] {
  if (part.type === "text") return part;
  if (part.type === "json") return { type: "text", text: JSON.stringify(part.value) ?? "undefined" };
  if (part.type !== "resource") {
    if (part.data !== undefined) return { type: part.type, data: part.data, mimeType: part.mimeType };
    return { type: "text", text: `[${part.type} ${part.mimeType}] ${part.description ?? ""}`.trim() };
  }
  const { uri, mimeType, text, description } = part;
  if (text !== undefined) return { type: "resource", resource: { uri, text, ...(mimeType && { mimeType }) } };
  return {
    type: "resource_link",
    uri,
    name: uri,
    ...(mimeType && { mimeType }),
    ...(description && { description }),
  };
}

function success(
  value: unknown,
  wrap: boolean | undefined,
  content?: CallToolResult["content"],
): CallToolResult {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
  const result: CallToolResult = { content: content ?? [{ type: "text", text }] };
  if (wrap !== undefined)
    result.structuredContent = (wrap ? { result: value } : value) as Record<string, unknown>;
  return result;
}

function failure(message: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: message }] };
}
