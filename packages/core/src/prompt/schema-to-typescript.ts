/** JSON Schema as TypeScript: models read and write typed code better than they read schemas. */
import type { JSONSchema } from "../schema/json-schema.js";
import { resolveRef } from "../schema/validate-json-schema.js";
import { isIdentifierName } from "./identifiers.js";

// A type as the alternatives of a union, deduplicated; `[]` is `never`. Each alternative is
// atomic or a parenthesized intersection, so any of them can take `[]` or `&` without parentheses.
type Union = string[];
type Context = { root: unknown; indent: string; stack: unknown[] };

const UNKNOWN: Union = ["unknown"];
// Short, undocumented objects go on one line, as do short descriptions: fewer tokens, same meaning.
const MAX_INLINE_OBJECT = 80;
const MAX_INLINE_COMMENT = 100;
// Deeper schemas are not tool inputs a model can fill in; stopping keeps the stack safe.
const MAX_DEPTH = 32;

/**
 * Renders a JSON Schema (draft-07 or 2020-12, as MCP servers and zod 4 produce it) as a
 * TypeScript type expression. Descriptions become TSDoc comments; `$ref`s are inlined, and one
 * that refers back to a schema being rendered becomes `unknown`. Never throws: keywords it does
 * not know are ignored. `indent` is the indentation of the line the type starts on.
 *
 * @example
 * schemaToTypeScript({ type: "object", properties: { city: { type: "string" } }, required: ["city"] });
 * // "{ city: string }"
 */
export function schemaToTypeScript(schema: JSONSchema | boolean, options: { indent?: string } = {}): string {
  return format(render(schema, { root: schema, indent: options.indent ?? "", stack: [] }));
}

/**
 * Renders a tool as the declaration the model sees in its prompt: the description as TSDoc,
 * the input as one object argument (optional when nothing is required), the output as a promise.
 *
 * @example
 * renderToolDeclaration({ identifier: "get_weather", description: "Current weather for a city.", inputSchema });
 * // '/** Current weather for a city. *\/\ndeclare function get_weather(input: { city: string }): Promise<unknown>;'
 */
export function renderToolDeclaration(tool: {
  identifier: string;
  description: string;
  inputSchema: JSONSchema;
  outputSchema?: JSONSchema;
}): string {
  const input = schemaToTypeScript(tool.inputSchema);
  const output = tool.outputSchema === undefined ? "unknown" : schemaToTypeScript(tool.outputSchema);
  const optional = acceptsNothing(tool.inputSchema) ? "?" : "";
  const signature = `declare function ${tool.identifier}(input${optional}: ${input}): Promise<${output}>;`;
  const description = typeof tool.description === "string" ? tool.description : "";
  return [...comment(description, ""), signature].join("\n");
}

function render(schema: unknown, ctx: Context): Union {
  if (schema === false) return [];
  if (!isObject(schema) || ctx.stack.includes(schema) || ctx.stack.length >= MAX_DEPTH) return UNKNOWN;
  const s = schema as JSONSchema;
  const inner = { ...ctx, stack: [...ctx.stack, schema] };
  let result: Union;
  if (typeof s.$ref === "string") {
    const target = resolveRef(ctx.root, s.$ref);
    result = target === undefined ? UNKNOWN : render(target, inner);
  } else if ("const" in s) {
    result = [literal(s.const)];
  } else if (Array.isArray(s.enum)) {
    result = union(s.enum.map((value) => [literal(value)]));
  } else {
    const parts = [];
    const types = typeNames(s);
    if (types.length > 0) parts.push(union(types.map((type) => renderType(type, s, inner))));
    for (const branches of [s.anyOf, s.oneOf]) {
      if (Array.isArray(branches)) parts.push(union(branches.map((branch) => render(branch, inner))));
    }
    if (Array.isArray(s.allOf)) parts.push(...s.allOf.map((branch) => render(branch, inner)));
    result = intersection(parts);
  }
  return s.nullable === true ? union([result, ["null"]]) : result;
}

// Types named by `type`, or implied by the keywords present (many hand-written schemas omit it).
function typeNames(s: JSONSchema): string[] {
  if (typeof s.type === "string") return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((type) => typeof type === "string");
  if (isObject(s.properties) || s.additionalProperties !== undefined) return ["object"];
  return s.items !== undefined || Array.isArray(s.prefixItems) ? ["array"] : [];
}

function renderType(type: string, s: JSONSchema, ctx: Context): Union {
  switch (type) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return [type];
    case "integer":
      return ["number"];
    case "array":
      return [renderArray(s, ctx)];
    case "object":
      return renderObject(s, ctx);
    default:
      return UNKNOWN;
  }
}

function renderArray(s: JSONSchema, ctx: Context): string {
  // 2020-12 tuples use `prefixItems` + `items`; draft-07 uses an `items` array + `additionalItems`.
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
  if (prefix === undefined) return `${element(s.items === undefined ? UNKNOWN : render(s.items, ctx))}[]`;
  const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
  const elements = prefix.map((item) => format(render(item, ctx)));
  // An absent rest schema allows extra items, but a model should send exactly the tuple.
  if (rest !== undefined && rest !== false) elements.push(`...${element(render(rest, ctx))}[]`);
  return `[${elements.join(", ")}]`;
}

function renderObject(s: JSONSchema, ctx: Context): Union {
  const properties = isObject(s.properties) ? Object.entries(s.properties) : [];
  const required = new Set(Array.isArray(s.required) ? s.required : []);
  const extra = s.additionalProperties;
  const inner = { ...ctx, indent: `${ctx.indent}  ` };
  const extraType = extra === undefined || extra === false ? undefined : format(render(extra, inner));
  if (properties.length === 0) {
    if (extraType !== undefined && extraType !== "unknown")
      return [members([["[key: string]", extraType]], ctx)];
    return [extra === false || isObject(s.properties) ? "{}" : "Record<string, unknown>"];
  }
  const fields = properties.map(([key, property]): [string, string, string] => {
    const name = `${isIdentifierName(key) ? key : JSON.stringify(key)}${required.has(key) ? "" : "?"}`;
    const schema = isObject(property) ? (property as JSONSchema) : {};
    const description = typeof schema.description === "string" ? schema.description : "";
    const rules = constraints(schema, description);
    const doc = [description, rules && (description ? `(${rules})` : rules), valueDescriptions(schema)]
      .filter(Boolean)
      .join(" ");
    return [name, format(render(property, inner)), doc];
  });
  if (extraType === undefined) return [members(fields, ctx)];
  // Property types need not fit a typed index signature inside one object type; an intersection
  // says the same without a type error.
  if (extraType === "unknown") return [members([...fields, ["[key: string]", "unknown"]], ctx)];
  return intersection([[members(fields, ctx)], [members([["[key: string]", extraType]], ctx)]]);
}

// An object type from [key, type, description] triples: one line when short and undocumented.
function members(fields: [string, string, string?][], ctx: Context): string {
  const line = `{ ${fields.map(([key, type]) => `${key}: ${type}`).join("; ")} }`;
  if (line.length <= MAX_INLINE_OBJECT && !line.includes("\n") && fields.every(([, , doc]) => !doc?.trim()))
    return line;
  const pad = `${ctx.indent}  `;
  const body = fields.flatMap(([key, type, doc]) => [...comment(doc ?? "", pad), `${pad}${key}: ${type};`]);
  return ["{", ...body, `${ctx.indent}}`].join("\n");
}

function comment(text: string, indent: string): string[] {
  const lines = text
    .trim()
    .replaceAll("*/", "*\\/")
    .split(/\r?\n/)
    .map((line) => line.trimEnd());
  if (lines[0] === "" && lines.length === 1) return [];
  if (lines.length === 1 && (lines[0]?.length ?? 0) <= MAX_INLINE_COMMENT)
    return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((line) => `${indent} *${line ? ` ${line}` : ""}`), `${indent} */`];
}

// What a value must satisfy beyond its type, as short words: "integer, 1 to 10, default 5".
function constraints(s: JSONSchema, description: string): string {
  const rules: string[] = [];
  const bound = (value: unknown) =>
    typeof value === "number" && !isSafeIntegerLimit(value) ? value : undefined;
  if (s.type === "integer") rules.push("integer");
  const range = (low: unknown, high: unknown, unit = "") => {
    if (low === 1 && high === undefined && unit) rules.push("non-empty");
    else if (low !== undefined && low === high) rules.push(`exactly ${low}${unit}`);
    else if (low !== undefined && high !== undefined) rules.push(`${low} to ${high}${unit}`);
    else if (low !== undefined) rules.push(`at least ${low}${unit}`);
    else if (high !== undefined) rules.push(`at most ${high}${unit}`);
  };
  range(bound(s.minimum), bound(s.maximum));
  if (bound(s.exclusiveMinimum) !== undefined) rules.push(`more than ${s.exclusiveMinimum}`);
  if (bound(s.exclusiveMaximum) !== undefined) rules.push(`less than ${s.exclusiveMaximum}`);
  range(bound(s.minLength), bound(s.maxLength), " characters");
  range(bound(s.minItems), bound(s.maxItems), " items");
  // Number formats (OpenAPI's int64, double) only restate the type.
  if (typeof s.format === "string" && !/^(int32|int64|float|double)$/.test(s.format))
    rules.push(`format ${s.format}`);
  else if (typeof s.pattern === "string") rules.push(`matching /${s.pattern}/`);
  const shownDefault =
    "default" in s && !/default/i.test(description) && !(Array.isArray(s.default) && s.default.length === 0);
  if (shownDefault) rules.push(`default ${literal(s.default)}`);
  return rules.join(", ");
}

// What each allowed value means, from `anyOf`/`oneOf` branches of described constants (zod's
// union of described literals) or VS Code's `enumDescriptions`: `"asc": oldest first; ...`.
function valueDescriptions(s: JSONSchema): string {
  const branches = ([s.anyOf, s.oneOf].find(Array.isArray) ?? []) as JSONSchema[];
  const texts = Array.isArray(s.enumDescriptions) ? (s.enumDescriptions as unknown[]) : [];
  const pairs: [unknown, unknown][] = Array.isArray(s.enum)
    ? s.enum.map((value, index) => [value, texts[index]])
    : branches.map((branch) =>
        isObject(branch) ? [branch.const, branch.description] : [undefined, undefined],
      );
  return pairs
    .filter(([value, text]) => value !== undefined && typeof text === "string" && text.trim() !== "")
    .map(([value, text]) => `${literal(value)}: ${String(text).trim()}`)
    .join("; ");
}

/** The ±(2^53 - 1) bounds zod's `.int()` adds: true of every integer a model writes, so noise. */
export function isSafeIntegerLimit(value: unknown): boolean {
  return value === Number.MAX_SAFE_INTEGER || value === Number.MIN_SAFE_INTEGER;
}

function union(parts: Union[]): Union {
  const all = [...new Set(parts.flat())];
  return all.includes("unknown") ? UNKNOWN : all;
}

// `unknown` adds nothing to an intersection, nor does a bare object type beside a more precise one.
function intersection(parts: Union[]): Union {
  if (parts.some((part) => part.length === 0)) return [];
  let kept = parts.filter((part) => format(part) !== "unknown");
  if (kept.length > 1) kept = kept.filter((part) => format(part) !== "Record<string, unknown>");
  const unique = [...new Map(kept.map((part) => [format(part), part])).values()];
  if (unique.length === 0) return UNKNOWN;
  if (unique.length === 1) return unique[0] ?? UNKNOWN;
  return [`(${unique.map(element).join(" & ")})`];
}

function element(type: Union): string {
  return type.length > 1 ? `(${format(type)})` : format(type);
}

function format(type: Union): string {
  return type.length === 0 ? "never" : type.join(" | ");
}

function literal(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "unknown";
  } catch {
    return "unknown"; // a BigInt or a cycle: not JSON, so no literal type
  }
}

// Whether a call with no argument can be valid, so the declaration makes `input` optional.
function acceptsNothing(schema: unknown): boolean {
  if (!isObject(schema)) return schema !== false;
  const s = schema as JSONSchema;
  if (["$ref", "anyOf", "oneOf", "allOf", "const", "enum"].some((key) => key in s)) return false;
  const types = typeNames(s);
  if (types.length > 0 && !types.includes("object")) return false;
  return !Array.isArray(s.required) || s.required.length === 0;
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
