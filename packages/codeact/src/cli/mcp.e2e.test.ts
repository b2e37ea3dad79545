import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tool } from "@codeact/core";
import { connectMcp, serveMcp } from "@codeact/mcp";
import { openAIStream, type Reply, runNode, startFakeServer } from "@codeact/test-utils";
import { describe, expect, it } from "vitest";
import { z } from "zod";

// The built executable, as users run it: these tests need `pnpm build` first (turbo does it).
const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const require = createRequire(import.meta.url);
const everything = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
const inspector = require.resolve("@modelcontextprotocol/inspector-cli/build/cli.js");

const code = (body: string): Reply => ({
  sse: openAIStream({ text: `Thought: next.\n\`\`\`js\n${body}\n\`\`\`` }),
  headers: { "content-type": "text/event-stream" },
});

async function localModel(replies: Reply[]) {
  const server = await startFakeServer(replies);
  return { server, env: { OPENAI_BASE_URL: `${server.url}/v1`, CODEACT_MODEL: "local-test-model" } };
}

describe("the CLI and MCP", () => {
  it("codeact run --mcp gives the agent an MCP server's tools", async () => {
    const { server, env } = await localModel([code('final_answer(await echo({ message: "from MCP" }))')]);
    await using _ = server;
    const result = await runNode(
      [cli, "run", "--mcp", `"${process.execPath}" ${everything} stdio`, "Echo."],
      { env },
    );
    expect(result.stdout).toBe("Echo: from MCP\n");
    expect(result.code).toBe(0);
    const body = server.requests[0]?.body as { messages: { content: string }[] } | undefined;
    const system = body?.messages[0]?.content;
    expect(system).toContain("declare function echo(");
  });

  it("codeact run --mcp-url gives the agent the tools of a server over Streamable HTTP", async () => {
    const add = tool({
      name: "add",
      description: "Adds two numbers.",
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      outputSchema: z.object({ sum: z.number() }),
      execute: ({ a, b }) => ({ sum: a + b }),
    });
    await using mcp = await serveMcp({ tools: [add] }, { transport: "http", port: 0 });
    const { server, env } = await localModel([code("final_answer((await add({ a: 40, b: 2 })).sum)")]);
    await using _ = server;
    const result = await runNode([cli, "run", "--mcp-url", mcp.url as string, "Add 40 and 2."], { env });
    expect(result.stdout).toBe("42\n");
    expect(result.code).toBe(0);
    const body = server.requests[0]?.body as { messages: { content: string }[] } | undefined;
    expect(body?.messages[0]?.content).toContain(
      "declare function add(input: { a: number; b: number }): Promise<{ sum: number }>;",
    );
  });

  it("exits 2 with a clear message when an --mcp server cannot start", async () => {
    const { server, env } = await localModel([]);
    await using _ = server;
    const result = await runNode([cli, "run", "--mcp", "/no/such/mcp-server --flag", "Echo."], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /codeact: Could not use an MCP server: Could not start the MCP server `\/no\/such\/mcp-server --flag`/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("codeact mcp serves a code agent on stdio, to our client and to the MCP Inspector's CLI", async () => {
    const { server, env } = await localModel([code("final_answer(6 * 7)"), code('final_answer("listed")')]);
    await using _ = server;
    await using agent = await connectMcp({
      command: process.execPath,
      args: [cli, "mcp"],
      env: { ...process.env, ...env } as Record<string, string>,
      stderr: "ignore",
    });
    const [run] = await agent.tools();
    expect(run?.name).toBe("agent");
    expect(
      await run?.execute(
        { task: "What is 6 times 7?" },
        { signal: new AbortController().signal, callId: "c" },
      ),
    ).toBe("42");

    // The Inspector's CLI looks for its own package.json relative to the working directory.
    const listed = await runNode(
      [
        inspector,
        "--cli",
        process.execPath,
        cli,
        "mcp",
        "--method",
        "tools/call",
        "--tool-name",
        "agent",
        "--tool-arg",
        "task=List.",
      ],
      { env, cwd: path.dirname(inspector) },
    );
    expect(JSON.parse(listed.stdout.slice(listed.stdout.indexOf("{")))).toEqual({
      content: [{ type: "text", text: "listed" }],
    });
  });
});
