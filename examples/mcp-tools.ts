/**
 * An MCP server's tools in the agent's code: the reference memory server, started with npx.
 * Passing the connection itself (not a snapshot of its tools) lets the agent follow the
 * server's tool list as it changes. Needs OPENAI_API_KEY, or OPENAI_BASE_URL and CODEACT_MODEL.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectMcp } from "@codeact/mcp";
import { CodeAgent, openai } from "codeact";

await using memory = await connectMcp(
  {
    command: "npx",
    args: ["-y", "@modelcontextprotocol/server-memory"],
    env: { MEMORY_FILE_PATH: join(tmpdir(), "codeact-memory.jsonl") },
  },
  { prefix: "memory_" },
);
const agent = new CodeAgent({
  model: openai({ model: process.env.CODEACT_MODEL ?? "gpt-4.1-mini" }),
  tools: [memory],
});
const result = await agent.run(
  "Remember that Ada Lovelace wrote the first program, then say whom you know of.",
);
console.log(result.status, JSON.stringify(result.output));
await agent.dispose();
