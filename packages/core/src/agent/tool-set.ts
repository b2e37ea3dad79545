/** An agent's tools by the identifier the model calls them by, with their schemas as JSON Schema. */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { CodeActError } from "../errors/codeact-error.js";
import { assignIdentifiers } from "../prompt/identifiers.js";
import type { ShownTool } from "../prompt/tool-declarations.js";
import type { JSONSchema, Schema } from "../schema/json-schema.js";
import { toJsonSchema } from "../schema/standard-schema.js";
import type { AnyTool } from "../tool/tool.js";

/** One tool as the agent knows it. */
export type ToolEntry = ShownTool & { tool: AnyTool };

/** The tools of one agent, checked once when the agent is built. */
export type ToolSet = {
  readonly entries: ReadonlyMap<string, ToolEntry>;
  /** The JSON Schema of `final_answer`'s argument: the `outputSchema`'s, or anything. */
  readonly answer: JSONSchema;
};

/** Builds the tool set; two tools with one name are an error naming both. */
export function createToolSet(tools: readonly AnyTool[], outputSchema?: StandardSchemaV1): ToolSet {
  const byName = new Map<string, AnyTool>();
  for (const tool of tools) {
    const twin = byName.get(tool.name);
    if (twin) {
      const about = (t: AnyTool) => JSON.stringify(t.description.slice(0, 60));
      throw new CodeActError({
        code: "invalid_tool",
        message: `Two tools are named "${tool.name}": ${about(twin)} and ${about(tool)}. Rename one, or give each set a prefix with prefixTools().`,
      });
    }
    byName.set(tool.name, tool);
  }
  const identifiers = assignIdentifiers([...byName.keys()]);
  const entries = new Map<string, ToolEntry>();
  for (const tool of tools) {
    const identifier = identifiers.get(tool.name) ?? tool.name;
    entries.set(identifier, {
      tool,
      identifier,
      description: tool.description,
      input: toJsonSchema(tool.inputSchema, "input", tool.name),
      ...(tool.outputSchema && { output: toJsonSchema(tool.outputSchema, "output", tool.name) }),
    });
  }
  const schema = outputSchema as Partial<Schema> | undefined;
  const answer = schema?.["~standard"]?.jsonSchema
    ? toJsonSchema(schema as Schema, "input", "final_answer")
    : {};
  return { entries, answer };
}
