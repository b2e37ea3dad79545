/**
 * Tokens (o200k, GPT-4o's encoding) in a CodeAgent's first request with the CLI's three file
 * tools: what every run pays before the model writes anything. The same agent without tools is
 * the baseline, so the tools' share shows.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AnyTool, CodeAgent } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { encode } from "gpt-tokenizer/encoding/o200k_base";

// The CLI's own tools, from its source: they are not a public export of `codeact`.
const { builtinTools } = (await import(
  new URL("../../packages/codeact/src/cli/builtin-tools.ts", import.meta.url).href
)) as { builtinTools(flags: { allowRead?: string; allowWrite?: string }): Promise<AnyTool[]> };

const task = "Count the lines of every .md file in the folder and write the totals to totals.json.";

async function firstRequestTokens(tools: AnyTool[]): Promise<number> {
  const model = new ScriptedModel(["```js\nfinal_answer(1)\n```"]);
  await new CodeAgent({ model, executor: new QuickJSExecutor(), tools }).run(task);
  const messages = model.requests[0]?.request.messages ?? [];
  return messages.reduce((sum, message) => sum + encode(message.content).length, 0);
}

/** First-request tokens with no tools and with the CLI's read_file, list_files and write_file. */
export async function firstRequest(): Promise<{ bare: number; withTools: number; toolNames: string[] }> {
  const folder = await mkdtemp(join(tmpdir(), "codeact-bench-"));
  const tools = await builtinTools({ allowRead: folder, allowWrite: folder });
  return {
    bare: await firstRequestTokens([]),
    withTools: await firstRequestTokens(tools),
    toolNames: tools.map((tool) => tool.name),
  };
}
