import { type IncomingHttpHeaders, request } from "node:http";
import { fileURLToPath } from "node:url";
import { CodeAgent, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { connectMcp, type McpServerHandle, serveMcp } from "../index.js";

const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;
const add = tool({
  name: "add",
  description: "Adds two numbers.",
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  outputSchema: z.object({ sum: z.number() }),
  execute: ({ a, b }) => ({ sum: a + b }),
});
const refuse = tool({
  name: "refuse",
  description: "Always fails.",
  inputSchema: z.object({}),
  execute: () => {
    throw new Error("the vault is locked");
  },
});

const servers: McpServerHandle[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(...args: Parameters<typeof serveMcp>) {
  const server = await serveMcp(...args);
  servers.push(server);
  return server;
}

async function connect(url: string, headers?: Record<string, string>) {
  const client = new Client({ name: "test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), headers ? { requestInit: { headers } } : {}),
  );
  return client;
}

describe("serveMcp over Streamable HTTP, called with the official SDK client", () => {
  it("lists and calls tools, typed output as structuredContent, failures as isError", async () => {
    const server = await serve({ tools: [add, refuse] }, { transport: "http", port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = await connect(server.url as string);
    const { tools } = await client.listTools();
    expect(tools.map((listed) => listed.name)).toEqual(["add", "refuse"]);
    expect(tools[0]?.outputSchema).toMatchObject({ type: "object", properties: { sum: { type: "number" } } });
    expect(await client.callTool({ name: "add", arguments: { a: 2, b: 3 } })).toMatchObject({
      structuredContent: { sum: 5 },
      content: [{ type: "text", text: '{"sum":5}' }],
    });
    expect(await client.callTool({ name: "add", arguments: { a: "two" } })).toMatchObject({
      isError: true,
      content: [{ type: "text", text: expect.stringMatching(/^Invalid input for add/) }],
    });
    expect(await client.callTool({ name: "refuse", arguments: {} })).toMatchObject({
      isError: true,
      content: [{ type: "text", text: "refuse failed: the vault is locked" }],
    });
    await client.close();
  });

  it("shows a tool's result as its toModelOutput says: images, resources, links and JSON as MCP content", async () => {
    const chart = tool({
      name: "chart",
      description: "Draws a chart.",
      inputSchema: z.object({}),
      execute: () => ({ png: "iVBORw0KGgo=", points: [1, 2] }),
      toModelOutput: ({ png, points }) => [
        { type: "image", mimeType: "image/png", data: png },
        { type: "image", mimeType: "image/svg+xml", description: "the same chart, as a vector" },
        { type: "json", value: points },
        { type: "resource", uri: "file:///data.csv", mimeType: "text/csv", text: "x,y" },
        { type: "resource", uri: "https://example.com/report", description: "the full report" },
      ],
    });
    const server = await serve({ tools: [chart] }, { transport: "http", port: 0 });
    const client = await connect(server.url as string);
    expect(await client.callTool({ name: "chart", arguments: {} })).toEqual({
      content: [
        { type: "image", mimeType: "image/png", data: "iVBORw0KGgo=" },
        { type: "text", text: "[image image/svg+xml] the same chart, as a vector" },
        { type: "text", text: "[1,2]" },
        { type: "resource", resource: { uri: "file:///data.csv", mimeType: "text/csv", text: "x,y" } },
        {
          type: "resource_link",
          uri: "https://example.com/report",
          name: "https://example.com/report",
          description: "the full report",
        },
      ],
    });
    await client.close();
  });

  it("runs an agent as a tool: progress while it works, its typed answer as structuredContent", async () => {
    const model = new ScriptedModel([
      js("const s = await add({ a: 20, b: 22 });\nfinal_answer({ answer: s.sum })"),
    ]);
    const agent = new CodeAgent({
      model,
      executor: new QuickJSExecutor(),
      tools: [add],
      name: "calculator",
      description: "Does sums.",
      outputSchema: z.object({ answer: z.number() }),
    });
    const server = await serve({ agent }, { transport: "http", port: 0 });
    const client = await connect(server.url as string);
    const listed = (await client.listTools()).tools[0];
    expect(listed).toMatchObject({
      name: "calculator",
      description: "Does sums.",
      inputSchema: { required: ["task"] },
    });
    const progress: string[] = [];
    const result = await client.callTool({ name: "calculator", arguments: { task: "20 + 22?" } }, undefined, {
      onprogress: ({ message }) => progress.push(message ?? ""),
    });
    expect(result).toMatchObject({ structuredContent: { answer: 42 } });
    expect(progress).toEqual(["calculator: step 1", "calculator: calling add", "calculator: answered"]);
    await client.close();
  });

  it("aborts the agent's run when the client cancels the call, and reports a failed run as an error", async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    let stopped!: (reason: unknown) => void;
    const aborted = new Promise((resolve) => {
      stopped = resolve;
    });
    const wait = tool({
      name: "wait",
      description: "Waits until stopped.",
      inputSchema: z.object({}),
      execute: (_, { signal }) =>
        new Promise((_, reject) => {
          signal.addEventListener("abort", () => {
            stopped(signal.reason);
            reject(signal.reason);
          });
          started();
        }),
    });
    const model = new ScriptedModel([js("await wait({})")]);
    const agent = new CodeAgent({ model, executor: new QuickJSExecutor(), tools: [wait] });
    const server = await serve({ agent }, { transport: "http", port: 0 });
    const client = await connect(server.url as string);
    const controller = new AbortController();
    const call = client.callTool({ name: "agent", arguments: { task: "Wait." } }, undefined, {
      signal: controller.signal,
    });
    await running;
    controller.abort();
    await expect(call).rejects.toThrow();
    await expect(aborted).resolves.toBeDefined();

    const failing = new CodeAgent({
      model: new ScriptedModel([js("throw new Error('x')"), "I could not."]),
      executor: new QuickJSExecutor(),
      maxSteps: 1,
    });
    const other = await serve({ agent: failing }, { transport: "http", port: 0 });
    const second = await connect(other.url as string);
    expect(await second.callTool({ name: "agent", arguments: { task: "Fail." } })).toMatchObject({
      isError: true,
      content: [
        { type: "text", text: expect.stringMatching(/^The agent's run ended with status "max_steps"/) },
      ],
    });
    await Promise.all([client.close(), second.close()]);
  });

  it("refuses a foreign Host or Origin (DNS rebinding) and a missing or wrong bearer token", async () => {
    const server = await serve({ tools: [add] }, { transport: "http", port: 0, auth: { token: "s3cret" } });
    const url = server.url as string;
    // node:http, not fetch: fetch does not let a caller set Host, and a rebinding page's browser does.
    const post = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
        const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
        const req = request(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            ...headers,
          },
        });
        req.once("response", (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, headers: res.headers });
        });
        req.once("error", reject);
        req.end(body);
      });
    const bearer = { authorization: "Bearer s3cret" };
    expect((await post({ ...bearer, host: "evil.example:80" })).status).toBe(403);
    expect((await post({ ...bearer, origin: "http://evil.example" })).status).toBe(403);
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect((await post({ authorization: "Bearer s3creT" })).status).toBe(401);
    await expect(connect(url)).rejects.toThrow();
    const client = await connect(url, bearer);
    expect((await client.listTools()).tools).toHaveLength(1);
    await client.close();
  });

  it("closes while a client is connected, and refuses to serve nothing", async () => {
    const server = await serveMcp({ tools: [add] }, { transport: "http", port: 0 });
    const client = await connect(server.url as string);
    await server.close();
    await expect(client.listTools()).rejects.toThrow();
    await expect(serveMcp({}, { transport: "http", port: 0 })).rejects.toThrow(
      /needs `tools`, an `agent`, or both/,
    );
  });
});

describe("serveMcp over stdio", () => {
  it("serves a script's tools to a client that starts it as a child process", async () => {
    const script = fileURLToPath(new URL("./__fixtures__/stdio-server.mjs", import.meta.url));
    const client = await connectMcp({ command: process.execPath, args: [script] });
    const [shout] = await client.tools();
    expect(shout).toMatchObject({ name: "shout", description: "Says a word louder." });
    expect(
      await shout?.execute({ word: "hello" }, { signal: new AbortController().signal, callId: "c" }),
    ).toBe("HELLO!");
    await client.close();
  });
});
