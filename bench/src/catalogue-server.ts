/**
 * A generated 300-tool MCP server over stdio, like a company's internal one: `tsx
 * catalogue-server.ts`. Every tool answers with its own name and input, so a call is checkable.
 */
import { generateCatalogue } from "@codeact/test-utils";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const tools = generateCatalogue(Number(process.env.CATALOGUE_SIZE ?? 300));
const server = new Server({ name: "catalogue", version: "1.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, async ({ params }) => {
  if (!tools.some((tool) => tool.name === params.name)) {
    return { isError: true, content: [{ type: "text", text: `No tool ${params.name}.` }] };
  }
  return {
    content: [{ type: "text", text: JSON.stringify({ tool: params.name, input: params.arguments }) }],
  };
});
await server.connect(new StdioServerTransport());
