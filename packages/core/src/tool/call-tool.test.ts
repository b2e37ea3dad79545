import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ToolCallingAgent } from "../agent/tool-calling-agent.js";
import { AbortError } from "../errors/abort-error.js";
import { ToolError } from "../errors/tool-error.js";
import { jsonSchema } from "../schema/json-schema.js";
import { ScriptedModel } from "../testing/scripted-model.js";
import { callTool } from "./call-tool.js";
import { prefixTools, tool } from "./tool.js";

const weather = tool({
  name: "get_weather",
  description: "Current weather for a city.",
  inputSchema: z.object({ city: z.string() }),
  outputSchema: z.object({ tempC: z.number() }),
  execute: async ({ city }) => (city === "Nowhere" ? { tempC: "warm" } : { tempC: 21 }) as { tempC: number },
});

describe("callTool", () => {
  it("validates the input, runs the tool and optionally checks its output", async () => {
    expect(await callTool(weather, { city: "Paris" })).toEqual({ tempC: 21 });
    await expect(callTool(weather, { city: 3 })).rejects.toMatchObject({
      name: "ToolError",
      code: "invalid_input",
      message: expect.stringMatching(/^Invalid input for get_weather: city: /),
    });
    expect(await callTool(weather, { city: "Nowhere" })).toEqual({ tempC: "warm" });
    const mismatch = await callTool(weather, { city: "Nowhere" }, { validateOutput: true }).catch((e) => e);
    expect(ToolError.isInstance(mismatch) && mismatch.code).toBe("invalid_output");
    expect(mismatch.message).toMatch(
      /get_weather returned a value that does not match its outputSchema: tempC/,
    );
  });

  it("asks for approval with the call and a signal, and refuses without an approver", async () => {
    const risky = tool({
      name: "delete_all",
      description: "Deletes everything.",
      inputSchema: z.object({}),
      needsApproval: true,
      execute: async () => "deleted",
    });
    const asked: unknown[] = [];
    const approve = async (call: unknown, { signal }: { signal: AbortSignal }) => {
      asked.push({ call, live: !signal.aborted });
      return true;
    };
    expect(await callTool(risky, {}, { callId: "c1", onApproval: approve })).toBe("deleted");
    expect(asked).toEqual([{ call: { name: "delete_all", input: {}, callId: "c1" }, live: true }]);
    await expect(callTool(risky, {})).rejects.toMatchObject({ code: "approval_denied" });
  });

  it("stops waiting for a tool that ignores its signal once the signal aborts", async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const stuck = tool({
      name: "stuck",
      description: "Never returns.",
      inputSchema: z.object({}),
      execute: () => {
        started();
        return new Promise(() => {});
      },
    });
    const controller = new AbortController();
    const call = callTool(stuck, undefined, { signal: controller.signal });
    await running;
    controller.abort();
    expect(AbortError.isInstance(await call.catch((error) => error))).toBe(true);
  });

  it("turns a tool's own failure into a ToolError naming it", async () => {
    const broken = tool({
      name: "broken",
      description: "Throws.",
      inputSchema: z.object({}),
      execute: () => {
        throw new TypeError("no such thing");
      },
    });
    await expect(callTool(broken, {})).rejects.toMatchObject({
      name: "ToolError",
      toolName: "broken",
      message: "broken failed: no such thing",
    });
  });
});

describe("tools in an agent", () => {
  const search = (description: string) =>
    tool({
      name: "search",
      description,
      inputSchema: z.object({ q: z.string() }),
      execute: async () => description,
    });

  it("refuses two tools with one name, naming both, and runs them side by side with prefixes", async () => {
    const [web, files] = [search("Searches the web."), search("Searches files.")];
    expect(() => new ToolCallingAgent({ model: new ScriptedModel([]), tools: [web, files] })).toThrow(
      'Two tools are named "search": "Searches the web." and "Searches files."',
    );
    const model = new ScriptedModel([
      {
        toolCalls: [
          { id: "1", name: "web_search", input: { q: "x" } },
          { id: "2", name: "files_search", input: { q: "x" } },
        ],
      },
      "done",
    ]);
    const tools = [...prefixTools("web_", [web]), ...prefixTools("files_", [files])];
    await new ToolCallingAgent({ model, tools }).run("Search both.");
    const results = model.requests[1]?.request.messages.filter((message) => message.role === "tool");
    expect(results?.map((message) => message.content)).toEqual(["Searches the web.", "Searches files."]);
    expect(web.name).toBe("search");
  });

  it("shows a result the way the tool renders it, describing images instead of pasting them", async () => {
    const screenshot = tool({
      name: "screenshot",
      description: "Takes a screenshot.",
      inputSchema: z.object({}),
      execute: async () => ({ png: "A".repeat(4096), title: "Home" }),
      toModelOutput: ({ png, title }) => [
        { type: "text", text: `Page: ${title}` },
        { type: "image", mimeType: "image/png", data: png, description: "the home page" },
        { type: "resource", uri: "file:///home.html", mimeType: "text/html", text: "<h1>Home</h1>" },
      ],
    });
    const model = new ScriptedModel([{ toolCalls: [{ id: "1", name: "screenshot", input: {} }] }, "done"]);
    await new ToolCallingAgent({ model, tools: [screenshot] }).run("Look.");
    expect(model.requests[1]?.request.messages.at(-1)?.content).toBe(
      "Page: Home\n[image (image/png, 3 KiB): the home page]\n[resource file:///home.html (text/html)]\n<h1>Home</h1>",
    );
  });

  it("gives a jsonSchema tool a copy, so changing it cannot rewrite the call in memory", async () => {
    const normalise = tool({
      name: "normalise",
      description: "Normalises a path.",
      inputSchema: jsonSchema<{ path: string }>({ type: "object", properties: { path: { type: "string" } } }),
      execute: async (input) => {
        input.path = input.path.toLowerCase();
        return input.path;
      },
    });
    const model = new ScriptedModel([
      { toolCalls: [{ id: "1", name: "normalise", input: { path: "/A" } }] },
      "done",
    ]);
    const result = await new ToolCallingAgent({ model, tools: [normalise] }).run("Normalise.");
    const action = result.steps.find((step) => step.type === "action");
    expect(action && "toolCalls" in action && action.toolCalls?.[0]?.input).toEqual({ path: "/A" });
  });

  it("runs many parallel calls without a MaxListenersExceededWarning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const listening = tool({
        name: "listen",
        description: "Listens to its signal.",
        inputSchema: z.object({}),
        execute: async (_, { signal }) => {
          signal.addEventListener("abort", () => {});
          await new Promise((resolve) => setTimeout(resolve, 0));
          return "ok";
        },
      });
      const toolCalls = Array.from({ length: 16 }, (_, i) => ({ id: `${i}`, name: "listen", input: {} }));
      const model = new ScriptedModel([{ toolCalls }, "done"]);
      expect((await new ToolCallingAgent({ model, tools: [listening] }).run("Listen.")).status).toBe(
        "success",
      );
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((warning) => warning.name)).not.toContain("MaxListenersExceededWarning");
  });
});
