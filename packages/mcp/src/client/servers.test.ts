import { existsSync } from "node:fs";
import { mkdtemp, readFile, realpath } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CodeAgent, ToolCallingAgent } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { isAlive, runNode } from "@codeact/test-utils";
import { describe, expect, it, vi } from "vitest";
import { connectMcp } from "../index.js";

const require = createRequire(import.meta.url);
const binOf = (name: string) => require.resolve(`@modelcontextprotocol/${name}/dist/index.js`);
const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;
const node = (script: string, args: string[] = [], env?: Record<string, string>) => ({
  command: process.execPath,
  args: [script, ...args],
  stderr: "ignore" as const,
  ...(env && { env }),
});

describe("two real servers in one agent: server-filesystem and server-memory", () => {
  it("lets a CodeAgent and a ToolCallingAgent use both, typed and prefixed", async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), "mcp-fs-")));
    const memoryFile = join(await mkdtemp(join(tmpdir(), "mcp-memory-")), "memory.jsonl");
    await using files = await connectMcp(node(binOf("server-filesystem"), [dir]), {
      prefix: "fs_",
      needsApproval: "destructive",
    });
    await using memory = await connectMcp(
      node(binOf("server-memory"), [], { MEMORY_FILE_PATH: memoryFile }),
      {
        prefix: "memory_",
      },
    );
    const notes = join(dir, "notes.txt");
    const model = new ScriptedModel([
      js(`await fs_write_file({ path: ${JSON.stringify(notes)}, content: "Ada wrote the first program." });
const { content } = await fs_read_text_file({ path: ${JSON.stringify(notes)} });
await memory_create_entities({ entities: [{ name: "Ada", entityType: "person", observations: [content] }] });
const found = await memory_search_nodes({ query: "program" });
final_answer({ content, people: found.entities.map((entity) => entity.name) })`),
    ]);
    const approvals: string[] = [];
    const agent = new CodeAgent({
      model,
      executor: new QuickJSExecutor(),
      tools: [files, memory],
      onApproval: (call) => {
        approvals.push(call.name);
        return true;
      },
    });
    const result = await agent.run("Note down who wrote the first program, and remember her.");
    expect(result.status, result.error?.message).toBe("success");
    expect(result.output).toEqual({ content: "Ada wrote the first program.", people: ["Ada"] });
    expect(await readFile(notes, "utf8")).toBe("Ada wrote the first program.");
    expect(await readFile(memoryFile, "utf8")).toContain('"name":"Ada"');
    // Only the tool the server marks destructive asked for approval.
    expect(approvals).toEqual(["fs_write_file"]);
    const prompt = model.requests[0]?.request.messages[0]?.content ?? "";
    expect(prompt).toMatch(
      /declare function fs_read_text_file\(input: \{[\s\S]*?\}\): Promise<\{ content: string \}>;/,
    );
    expect(prompt).toContain("declare function memory_search_nodes(");

    const calling = new ScriptedModel([
      { text: "", toolCalls: [{ id: "t1", name: "fs_read_text_file", input: { path: notes } }] },
      { text: "", toolCalls: [{ id: "t2", name: "memory_open_nodes", input: { names: ["Ada"] } }] },
      { text: "", toolCalls: [{ id: "t3", name: "final_answer", input: { answer: "Ada" } }] },
    ]);
    const tooling = new ToolCallingAgent({ model: calling, tools: [files, memory] });
    expect(await tooling.run("Who wrote the first program?")).toMatchObject({
      status: "success",
      output: "Ada",
    });
    expect(calling.requests[1]?.request.messages.at(-1)?.content).toContain("Ada wrote the first program.");
    expect(calling.requests[2]?.request.messages.at(-1)?.content).toContain('"entityType":"person"');
  });
});

describe("a server's process, whatever happens to the host", () => {
  it("is killed mid-run: the agent is told, goes on, and its next call starts the server again", async () => {
    await using server = await connectMcp(node(fixture("faulty-server.mjs")));
    const model = new ScriptedModel([
      js("let before = await pid({});\ntry { await hang({}) } catch (error) { console.log(error.message) }"),
      js("final_answer({ before, after: await pid({}) })"),
    ]);
    const agent = new CodeAgent({ model, executor: new QuickJSExecutor(), tools: [server] });
    const run = agent.stream("Call hang, then say the server's pid.");
    let killed = 0;
    for await (const event of run) {
      if (event.type === "tool-result" && event.name === "pid" && killed === 0) {
        killed = Number(event.output);
      }
      if (event.type === "tool-call" && event.call.name === "hang") process.kill(killed, "SIGKILL");
    }
    const result = await run.result;
    expect(result.status).toBe("success");
    const { before, after } = result.output as { before: string; after: string };
    expect(Number(before)).toBe(killed);
    expect(Number(after)).not.toBe(killed);
    expect(model.requests[1]?.request.messages.at(-1)?.content).toMatch(
      /hang failed: .*stopped; the next call starts it again/,
    );
  });

  it("ends with the host when it exits without closing the connection", async () => {
    const { code, stdout, stderr } = await runNode([
      fixture("exits-without-closing.mjs"),
      fixture("faulty-server.mjs"),
    ]);
    expect(code, stderr).toBe(0);
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    // The server outlives its stdin closing: only the host's exit hook ends it.
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 10_000, interval: 50 });
  });

  it("ends when connecting is aborted, with the abort's reason", async () => {
    const pidFile = join(await mkdtemp(join(tmpdir(), "mcp-silent-")), "pid");
    const controller = new AbortController();
    const connecting = connectMcp(node(fixture("silent-server.mjs"), [pidFile]), {
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(existsSync(pidFile)).toBe(true), { timeout: 10_000, interval: 20 });
    const pid = Number(await readFile(pidFile, "utf8"));
    const reason = new Error("the user gave up");
    controller.abort(reason);
    await expect(connecting).rejects.toBe(reason);
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 10_000, interval: 50 });
  });
});
