/** A small JSON Schema validator: checks tool inputs from raw schemas without a dependency. */
import type { JSONSchema } from "./json-schema.js";

/** A problem with a value, shaped as a Standard Schema issue so agents report it like zod's. */
export type JsonSchemaIssue = { message: string; path?: PropertyKey[] };

/**
 * Lists what is wrong with `value`, in words a model can act on (`expected string, received
 * number` at path `["city"]`); an empty list means valid. Pragmatic, not complete: it checks
 * `type` (with `integer`, type arrays, OpenAPI `nullable`), `enum`, `const`, `required`,
 * `properties`, `additionalProperties`, `items`, `prefixItems`, `anyOf`, `oneOf` (as `anyOf`),
 * `allOf`, local `$ref`, `pattern` and the length, size and range limits, and ignores the rest.
 * Pass a full validator to `jsonSchema(schema, { validate })` when that matters.
 *
 * @example
 * validateJsonSchema({ type: "object", required: ["city"] }, {});
 * // [{ message: 'missing required property "city"', path: ["city"] }]
 */
export function validateJsonSchema(schema: JSONSchema | boolean, value: unknown): JsonSchemaIssue[] {
  const issues: JsonSchemaIssue[] = [];
  check(schema, value, [], { root: schema, refs: [], issues });
  return issues;
}

/** The schema a local `$ref` (`#`, `#/$defs/X`, any `#/...` pointer) points to; `undefined` if remote or missing. */
export function resolveRef(root: unknown, ref: string): unknown {
  if (ref !== "#" && !ref.startsWith("#/")) return undefined;
  let node = root;
  for (const raw of ref === "#" ? [] : ref.slice(2).split("/")) {
    let key = raw;
    try {
      key = decodeURIComponent(raw);
    } catch {} // a stray `%` is part of the name
    key = key.replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

// `refs` lists the refs followed without descending into the value, to stop `{ $ref: "#" }` loops.
type Context = { root: unknown; refs: string[]; issues: JsonSchemaIssue[] };
type Path = PropertyKey[];

const TYPES: Record<string, (value: unknown) => boolean> = {
  integer: Number.isInteger,
  number: Number.isFinite,
  string: (value) => typeof value === "string",
  boolean: (value) => typeof value === "boolean",
  null: (value) => value === null,
  array: Array.isArray,
  object: isObject,
};
const LIMITS: [string, string, (value: number, bound: number) => boolean][] = [
  ["minimum", ">=", (value, bound) => value >= bound],
  ["maximum", "<=", (value, bound) => value <= bound],
  ["exclusiveMinimum", ">", (value, bound) => value > bound],
  ["exclusiveMaximum", "<", (value, bound) => value < bound],
];

function check(schema: unknown, value: unknown, path: Path, ctx: Context) {
  const fail = (message: string, at: Path = path) => void ctx.issues.push({ message, path: at });
  const child = (sub: unknown, item: unknown, key: PropertyKey) =>
    check(sub, item, [...path, key], { ...ctx, refs: [] });
  const size = (actual: number, min: unknown, max: unknown, unit: string) => {
    if (typeof min === "number" && actual < min) fail(`expected at least ${min} ${unit}, received ${actual}`);
    if (typeof max === "number" && actual > max) fail(`expected at most ${max} ${unit}, received ${actual}`);
  };
  if (!isObject(schema)) {
    if (schema === false) fail("no value is allowed here");
    return;
  }
  const s = schema as JSONSchema;
  if (typeof s.$ref === "string" && !ctx.refs.includes(s.$ref)) {
    const target = resolveRef(ctx.root, s.$ref);
    if (target !== undefined) check(target, value, path, { ...ctx, refs: [...ctx.refs, s.$ref] });
  }
  if (value === null && s.nullable === true) return;
  const types = typeof s.type === "string" ? [s.type] : Array.isArray(s.type) ? s.type : undefined;
  // A wrong type, enum or const makes the other keywords moot: report it alone.
  const mismatch =
    types && !types.some((type) => TYPES[type]?.(value) ?? true) // an unknown type name rejects nothing
      ? `expected ${types.join(" or ")}, received ${typeOf(value)}`
      : Array.isArray(s.enum) && !s.enum.some((option) => equal(option, value))
        ? `expected one of ${s.enum.map(show).join(", ")}, received ${show(value)}`
        : "const" in s && !equal(s.const, value)
          ? `expected ${show(s.const)}, received ${show(value)}`
          : undefined;
  if (mismatch !== undefined) {
    fail(mismatch);
    return;
  }
  for (const sub of Array.isArray(s.allOf) ? s.allOf : []) check(sub, value, path, ctx);
  for (const branches of [s.anyOf, s.oneOf]) {
    if (Array.isArray(branches) && branches.length > 0) checkUnion(branches, value, path, ctx);
  }
  if (typeof value === "string") {
    size([...value].length, s.minLength, s.maxLength, "characters");
    const pattern = typeof s.pattern === "string" ? toRegExp(s.pattern) : undefined;
    if (pattern && !pattern.test(value)) fail(`expected a string matching /${s.pattern}/`);
  } else if (typeof value === "number") {
    for (const [key, words, ok] of LIMITS) {
      const bound = s[key];
      if (typeof bound === "number" && !ok(value, bound))
        fail(`expected a number ${words} ${bound}, received ${value}`);
    }
  } else if (Array.isArray(value)) {
    size(value.length, s.minItems, s.maxItems, "items");
    // 2020-12 tuples use `prefixItems` + `items`; draft-07 uses an `items` array + `additionalItems`.
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : [];
    const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
    value.forEach((item, i) => {
      if (i < prefix.length) child(prefix[i], item, i);
      else if (rest === false)
        fail(`expected at most ${prefix.length} items, received ${value.length}`, [...path, i]);
      else child(rest, item, i);
    });
  } else if (isObject(value)) {
    const record = value as Record<string, unknown>;
    const properties = isObject(s.properties) ? s.properties : {};
    for (const key of Array.isArray(s.required) ? s.required : []) {
      if (typeof key === "string" && record[key] === undefined)
        fail(`missing required property "${key}"`, [...path, key]);
    }
    for (const [key, item] of Object.entries(record)) {
      if (item === undefined) continue; // absent, as far as JSON is concerned
      if (Object.hasOwn(properties, key)) child(properties[key], item, key);
      // `patternProperties` is not checked, and a key it matches is not "additional".
      else if (s.patternProperties !== undefined) continue;
      else if (s.additionalProperties === false) fail(`unexpected property "${key}"`, [...path, key]);
      else child(s.additionalProperties, item, key);
    }
  }
}

// A failed union reports the branch the value came closest to (its own type matched, and it had
// the fewest problems), or else one line naming what the branches accept.
function checkUnion(branches: unknown[], value: unknown, path: Path, ctx: Context) {
  const results = branches.map((branch) => {
    const found: JsonSchemaIssue[] = [];
    check(branch, value, path, { ...ctx, issues: found });
    return found;
  });
  if (results.some((found) => found.length === 0)) return;
  const near = results.filter((found) => found.every((issue) => (issue.path?.length ?? 0) > path.length));
  const best = near.sort((a, b) => a.length - b.length)[0];
  const expected = [...new Set(branches.map((branch) => describe(branch, ctx.root)))].join(" or ");
  ctx.issues.push(...(best ?? [{ message: `expected ${expected}, received ${show(value)}`, path }]));
}

function describe(schema: unknown, root: unknown, depth = 0): string {
  if (!isObject(schema)) return schema === false ? "nothing" : "any value";
  const s = schema as JSONSchema;
  if (typeof s.$ref === "string" && depth < 8) return describe(resolveRef(root, s.$ref), root, depth + 1);
  if ("const" in s) return show(s.const);
  if (Array.isArray(s.enum)) return s.enum.map(show).join(" or ");
  if (s.type !== undefined) return [s.type].flat().join(" or ");
  return "a value matching the schema";
}

function typeOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

// Values are shown so the model sees what it sent; long ones are cut.
function show(value: unknown): string {
  let text = typeOf(value);
  try {
    text = JSON.stringify(value) ?? text;
  } catch {} // a BigInt or a cycle: the type name will do
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && equal(x[k], y[k]));
}

// JSON Schema patterns are ECMA-262 regexes; try Unicode mode first, and skip one that is invalid.
function toRegExp(pattern: string): RegExp | undefined {
  for (const flags of ["u", ""]) {
    try {
      return new RegExp(pattern, flags);
    } catch {}
  }
  return undefined;
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
