import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { AnyTool } from "@codeact/core";
import { afterAll, describe, expect, it } from "vitest";
import { connectMcp } from "../index.js";

const require = createRequire(import.meta.url);
const everything = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
const v2Server = fileURLToPath(new URL("./__fixtures__/v2-stateless-server.mjs", import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill();
});

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** Starts `args` with node and resolves once its output matches `ready`. */
async function start(args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let seen = "";
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = ready.exec(seen);
      if (match) resolve(match[1] ?? match[0]);
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`exited with ${code} before it was ready: ${seen}`)));
  });
}

const call = (tools: AnyTool[], name: string, input: unknown) =>
  tools
    .find((tool) => tool.name === name)
    ?.execute(input, { signal: new AbortController().signal, callId: "c" });

describe("connectMcp over HTTP", () => {
  it("speaks Streamable HTTP to server-everything", async () => {
    const port = await freePort();
    await start([everything, "streamableHttp"], /listening on port/, { PORT: String(port) });
    await using mcp = await connectMcp({ url: `http://127.0.0.1:${port}/mcp` });
    expect(await call(await mcp.tools(), "echo", { message: "over http" })).toBe("Echo: over http");
  });

  it("falls back to SSE for a server that only speaks the older transport", async () => {
    const port = await freePort();
    await start([everything, "sse"], /running on port/, { PORT: String(port) });
    await using mcp = await connectMcp({ url: `http://127.0.0.1:${port}/sse` });
    expect(await call(await mcp.tools(), "echo", { message: "over sse" })).toBe("Echo: over sse");
  });

  it("works with a stateless server of the 2026-07-28 revision (v2 SDK), structured output included", async () => {
    const url = await start([v2Server], /(http:\/\/\S+)/);
    await using mcp = await connectMcp({ url }, { prefix: "v2_" });
    const tools = await mcp.tools();
    expect(tools.map((tool) => tool.name)).toEqual(["v2_add"]);
    expect(await call(tools, "v2_add", { a: 2, b: 40 })).toEqual({ sum: 42 });
  });

  it("says clearly when nothing at the URL is an MCP server", async () => {
    const port = await freePort();
    await expect(connectMcp({ url: `http://127.0.0.1:${port}/mcp` })).rejects.toThrow(
      new RegExp(`Could not reach an MCP server at http://127.0.0.1:${port}/mcp`),
    );
  });
});
