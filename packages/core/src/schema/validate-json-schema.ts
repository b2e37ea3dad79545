/** JSON Schema validation by `@cfworker/json-schema` (no `eval`), its findings as Standard Schema issues. */
import type { OutputUnit, Schema, Validator } from "@cfworker/json-schema";
import type { JSONSchema } from "./json-schema.js";

/** A problem with a value, shaped as a Standard Schema issue so agents report it like zod's. */
export type JsonSchemaIssue = { message: string; path?: PropertyKey[] };

// Findings that only say a subschema failed: the subschema's own finding says why.
const WRAPPERS = new Set([
  "properties",
  "items",
  "prefixItems",
  "additionalItems",
  "additionalProperties",
  "$ref",
]);
const UNIONS = new Set(["anyOf", "oneOf"]);
// Findings that mean a value is of another kind altogether, not a near miss.
const MISMATCHES = new Set(["type", "const", "enum"]);
const validators = new WeakMap<object, Validator>();
// The validator is a fifth of a browser bundle of core; load it when a schema first validates.
let validatorModule: Promise<typeof import("@cfworker/json-schema")> | undefined;

/**
 * Checks a JSON copy of `value` (properties holding `undefined` dropped, as JSON drops them)
 * against `schema`: draft-07 or 2020-12 by its `$schema`, OpenAPI's `nullable` honoured. Returns
 * the copy, or what is wrong with it. A schema the validator cannot use (an invalid `pattern`, a
 * remote `$ref`) accepts the value: the tool behind it still checks its own input.
 *
 * @example
 * await validateJsonSchema({ type: "object", required: ["city"] }, {});
 * // { issues: [{ message: 'Instance does not have required property "city"', path: [] }] }
 */
export async function validateJsonSchema(
  schema: JSONSchema | boolean,
  value: unknown,
): Promise<{ value: unknown } | { issues: JsonSchemaIssue[] }> {
  if (value === undefined) {
    const open = schema === true || (typeof schema === "object" && Object.keys(schema).length === 0);
    return open ? { value } : { issues: [{ message: "expected a value, received undefined", path: [] }] };
  }
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(value));
  } catch (error) {
    return { issues: [{ message: `expected a JSON value (${(error as Error).message})`, path: [] }] };
  }
  let errors: OutputUnit[];
  try {
    validatorModule ??= import("@cfworker/json-schema");
    const { Validator } = await validatorModule;
    const key = typeof schema === "object" ? schema : { schema };
    let validator = validators.get(key);
    if (!validator) {
      const draft = /draft-0[4-7]/.test(String((schema as JSONSchema).$schema)) ? "7" : "2020-12";
      validator = new Validator(withNullable(schema) as Schema, draft, false);
      validators.set(key, validator);
    }
    errors = validator.validate(copy).errors;
  } catch {
    return { value: copy };
  }
  return errors.length === 0 ? { value: copy } : { issues: explain(errors, errors) };
}

// A failed union reports the branch the value came closest to (its type matched, fewest findings).
function explain(errors: OutputUnit[], all: OutputUnit[]): JsonSchemaIssue[] {
  const unions = errors.filter(({ keyword }) => UNIONS.has(keyword));
  const nested = (error: OutputUnit, prefix: string) => error.keywordLocation.startsWith(prefix);
  const issues: JsonSchemaIssue[] = [];
  for (const error of errors) {
    if (
      WRAPPERS.has(error.keyword) ||
      unions.some((u) => u !== error && nested(error, `${u.keywordLocation}/`))
    )
      continue;
    const branches = new Map<string, OutputUnit[]>();
    for (const other of UNIONS.has(error.keyword) ? all : []) {
      const branch = other.keywordLocation.slice(error.keywordLocation.length + 1).split("/")[0] ?? "";
      if (nested(other, `${error.keywordLocation}/`))
        branches.set(branch, [...(branches.get(branch) ?? []), other]);
    }
    const near = [...branches.values()].filter((branch) =>
      branch.every(
        (other) => other.instanceLocation !== error.instanceLocation || !MISMATCHES.has(other.keyword),
      ),
    );
    const best = near.sort((a, b) => a.length - b.length)[0];
    issues.push(...(best ? explain(best, all) : [issue(error)]));
  }
  return issues.length > 0 ? issues : [issue(errors[0] as OutputUnit)];
}

function issue(error: OutputUnit): JsonSchemaIssue {
  const path = error.instanceLocation.split("/").slice(1).map(decodePointerPart);
  const type = /^Instance type "(\w+)" is invalid\. Expected (.+)\.$/.exec(error.error);
  const message =
    error.keyword === "false"
      ? `unexpected property "${path.at(-1)}"`
      : type
        ? `expected ${type[2]?.replace(/"/g, "").replace(/,\s*/g, " or ")}, received ${type[1]}`
        : error.error.replace(/\.$/, "");
  return { message, path };
}

function withNullable(schema: unknown): unknown {
  if (typeof schema !== "object" || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map(withNullable);
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, sub]) => [key, withNullable(sub)]),
  ) as JSONSchema;
  if (copy.nullable === true && typeof copy.type === "string") copy.type = [copy.type, "null"];
  if (copy.nullable === true && Array.isArray(copy.enum)) copy.enum = [...copy.enum, null];
  return copy;
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
  for (const key of ref === "#" ? [] : ref.slice(2).split("/").map(decodePointerPart)) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
