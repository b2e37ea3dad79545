/**
 * A 300-tool MCP server (generated, over stdio): tokens (o200k) in a CodeAgent's first request
 * when it declares every tool, against searching the catalogue on demand (the default past 30
 * tools); then a scripted task that finds a tool it was not shown and calls it through MCP.
 */
import { fileURLToPath } from "node:url";
import { type AnyTool, CodeAgent, type ToolSearchOptions } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { connectMcp } from "@codeact/mcp";
import { encode } from "gpt-tokenizer/encoding/o200k_base";

const task = "Archive refund rf_7 in billing.";
const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;

async function firstRequestTokens(tools: AnyTool[], toolSearch?: ToolSearchOptions | false) {
  const model = new ScriptedModel([js("final_answer(1)")]);
  const agent = new CodeAgent({
    model,
    executor: new QuickJSExecutor(),
    tools,
    ...(toolSearch !== undefined && { toolSearch }),
  });
  await agent.run(task);
  const messages = model.requests[0]?.request.messages ?? [];
  return messages.reduce((sum, message) => sum + encode(message.content).length, 0);
}

/** First-request tokens for the 300-tool server, declared in full and searched, and the scripted find-and-call. */
export async function toolCatalogue() {
  const server = fileURLToPath(new URL("./catalogue-server.ts", import.meta.url));
  await using mcp = await connectMcp({ command: process.execPath, args: ["--import", "tsx", server] });
  const tools = await mcp.tools();
  const declared = await firstRequestTokens(tools, false);
  const searched = await firstRequestTokens(tools);

  const model = new ScriptedModel([
    js('console.log(await search_tools({ query: "archive a refund", limit: 3 }))'),
    js('final_answer(await billing_archive_refund({ refundId: "rf_7" }))'),
  ]);
  const result = await new CodeAgent({ model, executor: new QuickJSExecutor(), tools }).run(task);
  const found = model.requests[1]?.request.messages
    .at(-1)
    ?.content.includes("declare function billing_archive_refund(");
  return {
    count: tools.length,
    declared,
    searched,
    task: { status: result.status, output: result.output, found, steps: model.requests.length },
  };
}
