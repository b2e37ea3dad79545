import { mkdtemp, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AnyTool, CodeAgent, ToolCallingAgent, ToolError } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { isAlive } from "@codeact/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMcp, type McpClient } from "../index.js";

const require = createRequire(import.meta.url);
const binOf = (name: string) => require.resolve(`@modelcontextprotocol/${name}/dist/index.js`);
const faulty = fileURLToPath(new URL("./__fixtures__/faulty-server.mjs", import.meta.url));
const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;
const call = (tools: AnyTool[], name: string, input: unknown = {}) => {
  const found = tools.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found.execute(input, { signal: new AbortController().signal, callId: "c1" });
};

describe("connectMcp over stdio, against @modelcontextprotocol/server-everything", () => {
  let everything: McpClient;
  beforeAll(async () => {
    everything = await connectMcp(
      { command: process.execPath, args: [binOf("server-everything"), "stdio"], stderr: "ignore" },
      { prefix: "ev_" },
    );
  });
  afterAll(() => everything.close());

  it("turns its tools into prefixed, typed codeact tools", async () => {
    const tools = await everything.tools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["ev_echo", "ev_get_sum", "ev_get_structured_content"]));
    expect(names).toEqual(expect.arrayContaining(["ev_list_resources", "ev_read_resource"]));
    expect(tools.find((tool) => tool.name === "ev_get_structured_content")?.outputSchema).toBeDefined();
    expect(tools.find((tool) => tool.name === "ev_echo")?.outputSchema).toBeUndefined();
  });

  it("returns text as a string, structured content as an object, images as typed data", async () => {
    const tools = await everything.tools();
    expect(await call(tools, "ev_echo", { message: "hi" })).toBe("Echo: hi");
    const weather = (await call(tools, "ev_get_structured_content", { location: "Chicago" })) as object;
    expect(weather).toMatchObject({ temperature: expect.any(Number), conditions: expect.any(String) });
    const image = (await call(tools, "ev_get_tiny_image")) as unknown[];
    expect(image).toContainEqual({
      type: "image",
      mimeType: "image/png",
      data: expect.stringMatching(/^iVBOR/),
    });
    // A model that reads results as text is told of the image, not sent its bytes.
    const shown = tools.find((tool) => tool.name === "ev_get_tiny_image")?.toModelOutput?.(image);
    expect(shown).toContainEqual(expect.objectContaining({ type: "image", mimeType: "image/png" }));
  });

  it("lists and reads resources, and gives a server prompt as text", async () => {
    const tools = await everything.tools();
    const resources = (await call(tools, "ev_list_resources")) as { uri: string }[];
    expect(resources.length).toBeGreaterThan(0);
    const text = resources.find((resource) => /text|\.txt|\.md/i.test(JSON.stringify(resource)));
    expect(await call(tools, "ev_read_resource", { uri: (text ?? resources[0])?.uri })).toBeTruthy();
    const prompts = await everything.prompts();
    expect(prompts.map((prompt) => prompt.name)).toContain("simple-prompt");
    expect(await everything.prompt("simple-prompt")).toMatch(/\w+/);
  });

  it("serves a CodeAgent and a ToolCallingAgent that call its tools in code", async () => {
    const model = new ScriptedModel([
      js(
        'const [a, b] = await Promise.all([ev_get_sum({ a: 2, b: 3 }), ev_get_structured_content({ location: "New York" })]);\nfinal_answer({ a, hot: typeof b.temperature })',
      ),
    ]);
    const agent = new CodeAgent({ model, executor: new QuickJSExecutor(), tools: [everything] });
    const result = await agent.run("Add 2 and 3, and get the weather.");
    expect(result.status).toBe("success");
    expect(result.output).toEqual({ a: expect.stringContaining("5"), hot: "number" });
    expect(model.requests[0]?.request.messages[0]?.content).toMatch(
      /declare function ev_get_structured_content\(input: \{[\s\S]*\}\): Promise<\{[\s\S]*temperature: number;/,
    );

    const calling = new ScriptedModel([
      { text: "", toolCalls: [{ id: "t1", name: "ev_echo", input: { message: "yo" } }] },
      { text: "", toolCalls: [{ id: "t2", name: "final_answer", input: { answer: "done" } }] },
    ]);
    const tooling = new ToolCallingAgent({ model: calling, tools: await everything.tools() });
    expect((await tooling.run("Echo yo.")).status).toBe("success");
    expect(calling.requests[1]?.request.messages.at(-1)).toMatchObject({ role: "tool", content: "Echo: yo" });
  });
});

describe("connectMcp when things go wrong", () => {
  const start = (options: Parameters<typeof connectMcp>[1] = {}) =>
    connectMcp({ command: process.execPath, args: [faulty], stderr: "ignore" }, options);

  it("makes an isError result and a structured result that breaks its schema ToolErrors with the server's words", async () => {
    await using server = await start();
    const tools = await server.tools();
    const refused = await Promise.resolve(call(tools, "refuse")).catch((error: unknown) => error);
    expect(ToolError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toBe("refuse failed: the quota is used up");
    await expect(call(tools, "wrong_shape")).rejects.toThrow(/wrong_shape failed: .*(schema|validat)/i);
  });

  it("fails a hung call at the timeout, and a crashed server's call clearly; the next call starts it again", async () => {
    await using hung = await start({ timeoutMs: 300 });
    await expect(call(await hung.tools(), "hang")).rejects.toThrow(/hang failed: Request timed out/);
    // No deadline here: a loaded machine must not turn the crash into a timeout.
    await using server = await start();
    const tools = await server.tools();
    const before = Number(await call(tools, "pid"));
    await expect(call(tools, "crash")).rejects.toThrow(
      /crash failed: .*stopped; the next call starts it again/,
    );
    const after = Number(await call(tools, "pid"));
    expect(after).not.toBe(before);
    expect(isAlive(before)).toBe(false);
  });

  it("follows list changes: the agent is told of the new tool and calls it in the same sandbox", async () => {
    await using server = await start();
    const model = new ScriptedModel([
      js("const word = await unlock({});\nconsole.log(word)"),
      js('final_answer(word + ", " + (await secret({ name: "Ada" })))'),
    ]);
    const agent = new CodeAgent({ model, executor: new QuickJSExecutor(), tools: [server] });
    const result = await agent.run("Unlock the secret and say it for Ada.");
    expect(result.output).toBe("unlocked, the secret is for Ada");
    const observation = model.requests[1]?.request.messages.at(-1)?.content ?? "";
    expect(observation).toContain("declare function secret(input: { name: string }): Promise<unknown>;");
    expect(observation).toContain("No longer available: unlock.");
  });

  it("ends the server's process on close, and refuses calls after it", async () => {
    const server = await start();
    const tools = await server.tools();
    const pid = Number(await call(tools, "pid"));
    await server.close();
    expect(isAlive(pid)).toBe(false);
    await expect(call(tools, "pid")).rejects.toThrow(/closed/);
  });

  it("says what to check when the command cannot start", async () => {
    const missing = join(await mkdtemp(join(tmpdir(), "mcp-")), "no-such-server");
    await expect(connectMcp({ command: missing })).rejects.toThrow(
      /Could not start the MCP server `.*no-such-server`: .*Check the command/,
    );
    const script = join(await mkdtemp(join(tmpdir(), "mcp-")), "exits.mjs");
    await writeFile(script, "process.exit(1)");
    await expect(
      connectMcp({ command: process.execPath, args: [script] }, { timeoutMs: 5_000 }),
    ).rejects.toThrow(/Could not start the MCP server/);
  });

  it("derives needsApproval from annotations when asked", async () => {
    await using server = await start({ needsApproval: (listed) => listed.name === "crash" });
    const tools = await server.tools();
    expect(tools.filter((tool) => tool.needsApproval).map((tool) => tool.name)).toEqual(["crash"]);
    await using strict = await start({ needsApproval: "destructive" });
    // None of the fixture's tools is annotated, and MCP's defaults count them destructive.
    expect((await strict.tools()).every((tool) => tool.needsApproval === true)).toBe(true);
  });
});
