/**
 * A CodeAgent whose code runs through E2BExecutor (the real `e2b` SDK, a test envd on
 * 127.0.0.1) while its tools, an MCP server's included, stay on the host.
 */

import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CodeAgent, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { E2BExecutor } from "@codeact/executors/e2b";
import { connectMcp } from "@codeact/mcp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestEnvd, type TestEnvd } from "../packages/executors/src/e2b/__fixtures__/envd.js";

const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;
const memoryServer = createRequire(import.meta.url).resolve(
  "@modelcontextprotocol/server-memory/dist/index.js",
);
const SECRET = "sk-host-only-7f3a";

let envd: TestEnvd;
beforeAll(async () => {
  envd = await startTestEnvd();
});
afterAll(() => envd.close());

const executor = () => new E2BExecutor({ sandboxOptions: { debug: true, sandboxUrl: envd.url } });

describe("a CodeAgent running its code in an E2B sandbox", () => {
  it("runs a multi-step task calling host tools and an MCP tool from inside the sandbox, keeping its variables", async () => {
    const weather = tool({
      name: "get_weather",
      description: "Current temperature in °C for a city.",
      inputSchema: z.object({ city: z.string() }),
      // The key lives on the host: the sandbox only ever sees the tool's answers.
      execute: async ({ city }) => ({ city, tempC: SECRET.length + city.length }),
    });
    const memoryFile = join(await mkdtemp(join(tmpdir(), "e2b-memory-")), "memory.jsonl");
    await using memory = await connectMcp(
      {
        command: process.execPath,
        args: [memoryServer],
        env: { MEMORY_FILE_PATH: memoryFile },
        stderr: "ignore",
      },
      { prefix: "memory_" },
    );
    const model = new ScriptedModel([
      js(
        'const w = await get_weather({ city: "Oslo" });\nawait memory_create_entities({ entities: [{ name: "Oslo", entityType: "city", observations: [w.tempC + " C"] }] });\nconsole.log(w.tempC)',
      ),
      js(
        "const graph = await memory_read_graph({});\nfinal_answer({ temp: w.tempC, known: graph.entities.map((e) => e.name), node: process.version.startsWith('v') })",
      ),
    ]);
    const agent = new CodeAgent({ model, executor: executor(), tools: [weather, memory] });
    const result = await agent.run("Remember Oslo's temperature.");
    const seen = model.requests.map(({ request }) => request.messages.at(-1)?.content).join("\n---\n");
    expect(result.status, `${result.error?.message}\n${seen}`).toBe("success");
    expect(result.output).toEqual({ temp: SECRET.length + 4, known: ["Oslo"], node: true });
    expect(model.requests[1]?.request.messages.at(-1)?.content).toContain(String(SECRET.length + 4));
    // Only the runner went into the sandbox: no tool's code, no secret.
    for (const text of envd.files.values()) expect(text).not.toContain(SECRET);
    expect(agent.systemPrompt).toContain("E2B cloud sandbox");
    await agent.dispose();
  });

  it("tells the agent its state was lost when the sandbox dies, and goes on in a new one", async () => {
    let holding!: () => void;
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const hold = tool({
      name: "hold",
      description: "Waits.",
      inputSchema: z.object({}),
      execute: () => {
        holding();
        return new Promise(() => {});
      },
    });
    const model = new ScriptedModel([
      js("const before = 1;\nawait hold({})"),
      js("final_answer(typeof before)"),
    ]);
    const agent = new CodeAgent({ model, executor: executor(), tools: [hold] });
    const running = agent.run("Hold, then check.");
    await held;
    const runners = [...envd.processes.values()];
    for (const runner of runners) runner.kill("SIGKILL");
    const result = await running;
    const seen = model.requests.map(({ request }) => request.messages.at(-1)?.content).join("\n---\n");
    expect(result.status, `${result.error?.message}\n${seen}`).toBe("success");
    expect(result.output).toBe("undefined");
    expect(model.requests[1]?.request.messages.at(-1)?.content).toMatch(
      /The sandbox failed \(.*E2B sandbox.*\) and was replaced by a fresh one/,
    );
    await agent.dispose();
  });
});
