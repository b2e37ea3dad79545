// An MCP server (stdio) whose tools fail in every way a real one can: tests start it with node.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "faulty", version: "1.0.0" });
const text = (value) => ({ content: [{ type: "text", text: value }] });

server.registerTool("refuse", { description: "Always reports an error." }, async () => ({
  isError: true,
  content: [{ type: "text", text: "the quota is used up" }],
}));
server.registerTool("hang", { description: "Never answers." }, () => new Promise(() => {}));
server.registerTool("crash", { description: "Kills the server." }, async () => process.exit(3));
server.registerTool("pid", { description: "The server's process id." }, async () =>
  text(String(process.pid)),
);
server.registerTool(
  "wrong_shape",
  { description: "Structured content that breaks its schema.", outputSchema: { total: z.number() } },
  async () => ({ content: [{ type: "text", text: "{}" }], structuredContent: { total: "many" } }),
);
const unlock = server.registerTool(
  "unlock",
  { description: "Adds the tool `secret` and removes itself." },
  async () => {
    server.registerTool(
      "secret",
      { description: "Says the secret.", inputSchema: { name: z.string() } },
      async ({ name }) => text(`the secret is for ${name}`),
    );
    unlock.remove();
    return text("unlocked");
  },
);
await server.connect(new StdioServerTransport());
// Like a server holding a database connection: it outlives its stdin closing.
if (process.env.OUTLIVE_STDIN) setInterval(() => {}, 1 << 30);
