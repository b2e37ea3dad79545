/**
 * Catalogues too large to declare: past a threshold, a CodeAgent's prompt declares a search
 * function instead of every tool, and the code looks up the declarations it needs. Every tool
 * stays bound, so a tool found this way is called like any other. The system prompt does not
 * change while the model searches (results arrive as observations), so the request prefix the
 * provider caches stays the same.
 */
import { CodeActError } from "../errors/codeact-error.js";
import { renderToolDeclaration } from "../prompt/schema-to-typescript.js";
import { type JSONSchema, jsonSchema } from "../schema/json-schema.js";
import { tool } from "../tool/tool.js";
import type { ToolEntry, ToolSet } from "./tool-set.js";

/** When a CodeAgent searches its tools instead of declaring them all. */
export type ToolSearchOptions = {
  /** Declare every tool while there are at most this many. Default 30. */
  threshold?: number;
  /** Tools declared up front even past the threshold, by name. */
  alwaysDeclare?: string[];
};

/** The function the code calls to search the undeclared tools. */
export const SEARCH_TOOLS = "search_tools";

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 20;

/** The tools an agent binds and the ones its prompt declares. */
export type ToolCatalog = { tools: ToolSet; declared: ToolEntry[] };

/**
 * Splits `tools` into those declared up front and a catalogue searched on demand, once there are
 * more than the threshold. `false` declares everything.
 */
export function toolCatalog(tools: ToolSet, options: ToolSearchOptions | false = {}): ToolCatalog {
  const all = [...tools.entries.values()];
  const threshold = options === false ? Number.POSITIVE_INFINITY : (options.threshold ?? 30);
  if (!(threshold >= 0)) {
    const message = `toolSearch.threshold must be a number of tools (0 or more), not ${threshold}.`;
    throw new CodeActError({ code: "invalid_option", message });
  }
  if (all.length <= threshold) return { tools, declared: all };
  const always = new Set(options === false ? [] : (options.alwaysDeclare ?? []));
  const declared = all.filter((entry) => always.has(entry.tool.name) || always.has(entry.identifier));
  const hidden = all.filter((entry) => !declared.includes(entry));
  if (tools.entries.has(SEARCH_TOOLS)) {
    const message = `A tool is named ${SEARCH_TOOLS}, the function that searches large catalogues. Rename it, or pass toolSearch: false to declare every tool.`;
    throw new CodeActError({ code: "invalid_tool", message });
  }
  const search = searchEntry(hidden);
  const entries = new Map(tools.entries).set(SEARCH_TOOLS, search);
  return { tools: { ...tools, entries }, declared: [...declared, search] };
}

function searchEntry(hidden: readonly ToolEntry[]): ToolEntry {
  const index = hidden.map((entry) => ({ entry, terms: termsOf(entry) }));
  const input: JSONSchema = {
    type: "object",
    properties: {
      query: { type: "string", description: "Words about what the tool does, or part of its name." },
      limit: { type: "integer", minimum: 1, maximum: MAX_LIMIT, description: `Default ${DEFAULT_LIMIT}.` },
    },
    required: ["query"],
    additionalProperties: false,
  };
  const description = `Searches the ${hidden.length} tools not declared here${groupsOf(hidden)} by name, description and parameters, and returns the TypeScript declarations of the best matches. Call the tools it finds like the functions above.`;
  const search = tool({
    name: SEARCH_TOOLS,
    description,
    inputSchema: jsonSchema<{ query: string; limit?: number }>(input),
    execute: ({ query, limit = DEFAULT_LIMIT }) => {
      const ranked = rank(index, query).slice(0, limit);
      if (ranked.length === 0) {
        return `No tool matches "${query}". Try other words: a verb ("create", "list") or a thing ("issue", "file").`;
      }
      const declarations = ranked.map(({ identifier, description, input, output }) =>
        renderToolDeclaration({ identifier, description, inputSchema: input, outputSchema: output }),
      );
      return `${ranked.length} of ${hidden.length} tools match "${query}":\n\n${declarations.join("\n\n")}`;
    },
  });
  return { tool: search, identifier: SEARCH_TOOLS, description, input, output: { type: "string" } };
}

/** ` (groups: github_ 120, jira_ 80)`: name prefixes shared by several tools, so the model knows what exists. */
function groupsOf(hidden: readonly ToolEntry[]): string {
  const counts = new Map<string, number>();
  for (const { identifier } of hidden) {
    const cut = identifier.indexOf("_");
    if (cut > 0)
      counts.set(identifier.slice(0, cut + 1), (counts.get(identifier.slice(0, cut + 1)) ?? 0) + 1);
  }
  const groups = [...counts].filter(([, count]) => count > 1).sort((a, b) => b[1] - a[1]);
  if (groups.length < 2) return "";
  const shown = groups.slice(0, 12).map(([prefix, count]) => `${prefix}* ${count}`);
  return ` (${shown.join(", ")}${groups.length > 12 ? ", …" : ""})`;
}

type Indexed = { entry: ToolEntry; terms: Map<string, number> };

/** Each word of a tool with its weight: its name counts most, then its description, then its parameters. */
function termsOf({ identifier, description, input }: ToolEntry): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const word of words(text)) terms.set(word, Math.max(terms.get(word) ?? 0, weight));
  };
  add(identifier, 3);
  add(description, 1);
  for (const [name, schema] of Object.entries(input.properties ?? {})) {
    add(name, 0.5);
    const about = (schema as { description?: unknown }).description;
    if (typeof about === "string") add(about, 0.25);
  }
  return terms;
}

function rank(index: readonly Indexed[], query: string): ToolEntry[] {
  const wanted = [...new Set(words(query))];
  const whole = query.trim().toLowerCase();
  // Words most tools share ("get", "list") say less than rare ones, as in BM25's idf.
  const rarity = (word: string) => {
    const having = index.filter(({ terms }) => matchWeight(terms, word) > 0).length;
    return Math.log(1 + index.length / (1 + having));
  };
  const weights = new Map(wanted.map((word) => [word, rarity(word)]));
  return index
    .map(({ entry, terms }) => {
      let score = 0;
      for (const word of wanted) score += matchWeight(terms, word) * (weights.get(word) ?? 0);
      if (whole.length > 2 && entry.identifier.toLowerCase().includes(whole)) score += 10;
      return { entry, score };
    })
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .map(({ entry }) => entry);
}

/** How well `word` matches a tool: exactly, or as one form of the other ("issues", "issue"). */
function matchWeight(terms: Map<string, number>, word: string): number {
  const exact = terms.get(word);
  if (exact !== undefined) return exact;
  let best = 0;
  for (const [term, weight] of terms) {
    const [short, long] = term.length < word.length ? [term, word] : [word, term];
    if (short.length >= 3 && long.startsWith(short) && long.length - short.length <= 3) {
      best = Math.max(best, weight * 0.8);
    }
  }
  return best;
}

/** Lowercase words, split at spaces, punctuation, underscores and camelCase humps. */
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word));
}

const STOP_WORDS = new Set([
  "a",
  "an",
  "the",
  "of",
  "to",
  "for",
  "in",
  "on",
  "by",
  "and",
  "or",
  "with",
  "is",
]);
