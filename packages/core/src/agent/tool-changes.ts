/** What changed between two versions of a CodeAgent's tools, as the model should hear of it. */
import { renderToolDeclaration } from "../prompt/schema-to-typescript.js";
import type { PromptTemplates } from "../prompt/templates.js";
import type { ToolCatalog } from "./tool-search.js";
import type { ToolEntry } from "./tool-set.js";

/** The functions to bind and the note for the model; no note when nothing the model sees changed. */
export type ToolChanges = { added: string[]; note?: string };

/**
 * Compares by declaration, not by object: a source that rebuilds its tools on every listing
 * (an MCP client does) changes nothing the model needs to hear about.
 */
export function toolChanges(before: ToolCatalog, after: ToolCatalog, prompts: PromptTemplates): ToolChanges {
  const old = before.tools.entries;
  const added = [...after.tools.entries.keys()].filter((name) => !old.has(name));
  const removed = [...old.keys()].filter((name) => !after.tools.entries.has(name));
  const declared = new Set(after.declared);
  const changed = [...after.tools.entries.values()].filter((entry) => {
    const previous = old.get(entry.identifier);
    return previous ? declare(previous) !== declare(entry) : false;
  });
  const shown = [...added.map((name) => after.tools.entries.get(name) as ToolEntry), ...changed].filter(
    (entry) => declared.has(entry) || old.has(entry.identifier),
  );
  const searchable = added.length - shown.filter((entry) => !old.has(entry.identifier)).length;
  if (shown.length === 0 && searchable === 0 && removed.length === 0) return { added };
  const declarations = shown.map(declare).join("\n\n");
  return { added, note: prompts.toolsChanged({ declarations, removed, searchable }) };
}

function declare({ identifier, description, input, output }: ToolEntry): string {
  return renderToolDeclaration({ identifier, description, inputSchema: input, outputSchema: output });
}
