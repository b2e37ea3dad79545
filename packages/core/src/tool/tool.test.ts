import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ToolCallingAgent } from "../agent/tool-calling-agent.js";
import { CodeActError } from "../errors/codeact-error.js";
import { jsonSchema } from "../schema/json-schema.js";
import { ScriptedModel } from "../testing/scripted-model.js";
import { tool } from "./tool.js";

describe("tool()", () => {
  it("refuses definitions it cannot use, saying what is missing", () => {
    const base = { name: "t", description: "d", inputSchema: z.object({}), execute: async () => 1 };
    expect(() => tool({ ...base, name: "" })).toThrow(/needs a non-empty `name`/);
    expect(() => tool({ ...base, inputSchema: { parse: () => 1 } as never })).toThrow(
      /Standard Schema with a JSON Schema form \(zod 4, or jsonSchema/,
    );
    expect(() => tool({ ...base, execute: undefined as never })).toThrow(/needs an `execute` function/);
    const error = (() => {
      try {
        tool({ ...base, description: 3 as never });
      } catch (caught) {
        return caught;
      }
    })();
    expect(CodeActError.isInstance(error) && error.code).toBe("invalid_tool");
  });

  it("says which tool has a schema JSON Schema cannot express", () => {
    const dated = tool({
      name: "when",
      description: "A date.",
      inputSchema: z.object({ at: z.date() }),
      execute: async () => 1,
    });
    expect(() => new ToolCallingAgent({ model: new ScriptedModel([]), tools: [dated] })).toThrow(
      /input schema of "when" has no JSON Schema form/,
    );
  });

  it("validates raw JSON Schema input before execute and shows the model what is wrong", async () => {
    const seen: unknown[] = [];
    const readFile = tool({
      name: "read-file",
      description: "Reads a file.",
      inputSchema: jsonSchema<{ path: string }>({
        type: "object",
        properties: { path: { type: "string" } },
        required: ["path"],
        additionalProperties: false,
      }),
      execute: async (input) => {
        seen.push(input);
        return "contents";
      },
    });
    const model = new ScriptedModel([
      { toolCalls: [{ id: "1", name: "read_file", input: { path: 42, mode: "r" } }] },
      { toolCalls: [{ id: "2", name: "read_file", input: { path: "/a" } }] },
      "done",
    ]);
    const result = await new ToolCallingAgent({ model, tools: [readFile] }).run("Read /a.");
    expect(result.output).toBe("done");
    expect(seen).toEqual([{ path: "/a" }]);
    expect(model.requests[0]?.request.tools?.[0]?.name).toBe("read_file");
    expect(model.requests[1]?.request.messages.at(-1)?.content).toBe(
      'Error: Invalid input for read_file: path: expected string, received number; mode: unexpected property "mode".',
    );
  });

  it("refuses two tools that end up with the same name", () => {
    const make = (name: string) =>
      tool({ name, description: "d", inputSchema: z.object({}), execute: async () => 1 });
    expect(
      () => new ToolCallingAgent({ model: new ScriptedModel([]), tools: [make("a"), make("a")] }),
    ).toThrow(/Two tools are named "a"/);
  });
});
