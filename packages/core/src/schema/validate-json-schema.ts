/** JSON Schema validation by `@cfworker/json-schema`, its findings worded for a model to act on. */
import { type OutputUnit, type Schema, Validator } from "@cfworker/json-schema";
import type { JSONSchema } from "./json-schema.js";

/** A problem with a value, shaped as a Standard Schema issue so agents report it like zod's. */
export type JsonSchemaIssue = { message: string; path?: PropertyKey[] };

/** What validating a value found, and the JSON copy of the value that was checked. */
export type JsonSchemaResult = { issues: JsonSchemaIssue[]; value: unknown };

// Keywords that only say a subschema failed; the subschema's own finding says why.
const WRAPPERS = new Set([
  "properties",
  "items",
  "prefixItems",
  "additionalItems",
  "$ref",
  "allOf",
  "additionalProperties",
]);
const UNIONS = new Set(["anyOf", "oneOf"]);
// Findings that mean a value is of another kind altogether, not a near miss.
const MISMATCHES = new Set(["type", "const", "enum", "false"]);
const LIMITS: Record<string, string> = {
  minimum: "a number >=",
  maximum: "a number <=",
  exclusiveMinimum: "a number >",
  exclusiveMaximum: "a number <",
  minLength: "at least {} characters",
  maxLength: "at most {} characters",
  minItems: "at least {} items",
  maxItems: "at most {} items",
};
const validators = new WeakMap<object, Validator>();

/**
 * Checks a JSON copy of `value` (absent properties dropped, as JSON would) against `schema`
 * (draft-07 or 2020-12 by its `$schema`; OpenAPI's `nullable` honoured) and lists what is wrong,
 * in words a model can act on: `expected string, received number` at `["city"]`. A schema the
 * validator cannot use (an invalid `pattern`, a remote `$ref`) accepts the value.
 *
 * @example
 * validateJsonSchema({ type: "object", required: ["city"] }, {}).issues;
 * // [{ message: 'missing required property "city"', path: ["city"] }]
 */
export function validateJsonSchema(schema: JSONSchema | boolean, value: unknown): JsonSchemaResult {
  const issues: JsonSchemaIssue[] = [];
  if (value === undefined) {
    const open = schema === true || (typeof schema === "object" && Object.keys(schema).length === 0);
    return {
      issues: open ? [] : [{ message: `expected ${describe(schema)}, received undefined`, path: [] }],
      value,
    };
  }
  const copy = toJson(value, [], issues, 0);
  if (issues.length > 0) return { issues, value: copy };
  let errors: OutputUnit[];
  try {
    const key = typeof schema === "object" ? schema : { schema };
    let validator = validators.get(key);
    if (!validator) {
      const draft = /draft-0[4-7]/.test(String((schema as JSONSchema).$schema)) ? "7" : "2020-12";
      validator = new Validator(withNullable(schema) as Schema, draft, false);
      validators.set(key, validator);
    }
    errors = validator.validate(copy).errors;
  } catch {
    return { issues, value: copy };
  }
  return { issues: explain(errors, errors, schema, copy), value: copy };
}

// Findings that say only that a subschema failed are dropped for the subschema's own. A failed
// union reports the branch the value came closest to (its own type matched, fewest findings),
// or else one line naming what the branches accept.
function explain(
  errors: OutputUnit[],
  all: OutputUnit[],
  schema: unknown,
  value: unknown,
): JsonSchemaIssue[] {
  const unions = errors.filter(({ keyword }) => UNIONS.has(keyword));
  const within = (error: OutputUnit, prefix: string) => error.keywordLocation.startsWith(prefix);
  const inBranch = (error: OutputUnit) =>
    unions.some((union) => error !== union && within(error, `${union.keywordLocation}/`));
  const found: JsonSchemaIssue[] = [];
  for (const error of errors) {
    if (WRAPPERS.has(error.keyword) || inBranch(error)) continue;
    if (!UNIONS.has(error.keyword)) {
      found.push(issue(error, schema, value));
      continue;
    }
    const branches = (schemaAt(schema, error.keywordLocation) as unknown[] | undefined)?.map((_, i) =>
      all.filter((other) => within(other, `${error.keywordLocation}/${i}/`)),
    );
    const near = (branches ?? []).filter((branch) =>
      branch.every(
        (other) => other.instanceLocation !== error.instanceLocation || !MISMATCHES.has(other.keyword),
      ),
    );
    const best = near.sort((a, b) => a.length - b.length)[0];
    found.push(...(best?.length ? explain(best, all, schema, value) : [issue(error, schema, value)]));
  }
  return found.length > 0 ? found : errors.slice(0, 1).map((error) => issue(error, schema, value));
}

function issue(error: OutputUnit, schema: unknown, value: unknown): JsonSchemaIssue {
  const path = instancePath(value, error.instanceLocation);
  const at = resolveRef(value, error.instanceLocation);
  const rule = schemaAt(schema, error.keywordLocation);
  const received = `received ${show(at)}`;
  const limit = LIMITS[error.keyword];
  const size = typeof at === "string" ? [...at].length : Array.isArray(at) ? at.length : at;
  switch (error.keyword) {
    case "false": {
      const parent = resolveRef(value, error.instanceLocation.replace(/\/[^/]*$/, ""));
      if (Array.isArray(parent)) {
        return { message: `expected at most ${String(path.at(-1))} items, received ${parent.length}`, path };
      }
      const extra = path.length > 0 && typeof parent === "object";
      return {
        message: extra ? `unexpected property "${String(path.at(-1))}"` : "no value is allowed here",
        path,
      };
    }
    case "type":
      return { message: `expected ${[rule].flat().join(" or ")}, received ${kind(at)}`, path };
    case "required": {
      const name = /required property "(.*)"\.$/.exec(error.error)?.[1] ?? "";
      return { message: `missing required property "${name}"`, path: [...path, name] };
    }
    case "enum":
      return { message: `expected one of ${[rule].flat().map(show).join(", ")}, ${received}`, path };
    case "const":
      return { message: `expected ${show(rule)}, ${received}`, path };
    case "pattern":
      return { message: `expected a string matching /${rule}/`, path };
  }
  if (UNIONS.has(error.keyword)) {
    const kinds = Array.isArray(rule) ? [...new Set(rule.map((branch) => describe(branch, schema)))] : [];
    return { message: `expected ${kinds.join(" or ") || "one of the alternatives"}, ${received}`, path };
  }
  if (limit?.includes("{}"))
    return { message: `expected ${limit.replace("{}", String(rule))}, received ${size}`, path };
  if (limit) return { message: `expected ${limit} ${rule}, received ${size}`, path };
  return { message: error.error.replace(/\.$/, ""), path };
}

/** The schema node a keyword location names; cfworker's locations pass through `$ref`s by name. */
function schemaAt(root: unknown, location: string): unknown {
  let node = root;
  for (const key of pointer(location)) {
    const next = (node as Record<string, unknown> | undefined)?.[key as string];
    node = key === "$ref" && typeof next === "string" ? resolveRef(root, next) : next;
  }
  return node;
}

function describe(branch: unknown, root = branch, depth = 0): string {
  const s = (typeof branch === "object" && branch !== null ? branch : {}) as JSONSchema;
  if (typeof s.$ref === "string" && depth < 8) return describe(resolveRef(root, s.$ref), root, depth + 1);
  if ("const" in s) return show(s.const);
  if (Array.isArray(s.enum)) return s.enum.map(show).join(" or ");
  return s.type === undefined ? "a value matching the schema" : [s.type].flat().join(" or ");
}

// JSON as the validator and the tool will see it: `undefined` properties are absent.
function toJson(value: unknown, path: PropertyKey[], issues: JsonSchemaIssue[], depth: number): unknown {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return value;
  if (typeof value === "object" && depth < 256) {
    if (Array.isArray(value))
      return value.map((item, i) => toJson(item, [...path, i], issues, depth + 1) ?? null);
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty, not assignment: a "__proto__" key must stay a key.
      if (item !== undefined)
        Object.defineProperty(copy, key, {
          value: toJson(item, [...path, key], issues, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return copy;
  }
  if (value !== undefined || depth === 0)
    issues.push({ message: `expected a JSON value, received ${kind(value)}`, path });
  return undefined;
}

function withNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withNullable);
  if (typeof schema !== "object" || schema === null) return schema;
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, sub]) => [key, withNullable(sub)]),
  ) as JSONSchema;
  if (copy.nullable !== true) return copy;
  if (typeof copy.type === "string") copy.type = [copy.type, "null"];
  if (Array.isArray(copy.enum)) copy.enum = [...copy.enum, null];
  return copy;
}

function kind(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

// Values are shown so the model sees what it sent; long ones are cut.
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? kind(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// Array indices as numbers, as zod reports them.
function instancePath(value: unknown, location: string): PropertyKey[] {
  let node = value;
  return pointer(location).map((key) => {
    const index = Array.isArray(node) ? Number(key) : undefined;
    node = (node as Record<string, unknown> | undefined)?.[key];
    return index ?? key;
  });
}

function pointer(location: string): string[] {
  return location.split("/").slice(1).map(decodePointerPart);
}

function decodePointerPart(part: string): string {
  try {
    part = decodeURIComponent(part);
  } catch {} // a stray `%` is part of the name
  return part.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** The schema a local `$ref` (`#`, `#/$defs/X`, any `#/...` pointer) points to; `undefined` if remote or missing. */
export function resolveRef(root: unknown, ref: string): unknown {
  if (ref !== "#" && !ref.startsWith("#/")) return undefined;
  let node = root;
  for (const key of pointer(ref)) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
