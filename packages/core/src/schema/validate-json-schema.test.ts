import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { JSONSchema } from "./json-schema.js";
import { jsonSchema } from "./json-schema.js";
import { resolveRef, validateJsonSchema } from "./validate-json-schema.js";

const validate = (schema: unknown, value: unknown) => validateJsonSchema(schema as JSONSchema, value).issues;

describe("validateJsonSchema", () => {
  it("accepts anything for true and {}, nothing for false", () => {
    expect(validate(true, 1)).toEqual([]);
    expect(validate({}, { a: [1] })).toEqual([]);
    expect(validate(false, 1)).toEqual([{ message: "no value is allowed here", path: [] }]);
  });

  it("checks types, including integer, null and type arrays", () => {
    expect(validate({ type: "string" }, 3)).toEqual([
      { message: "expected string, received number", path: [] },
    ]);
    expect(validate({ type: "integer" }, 1)).toEqual([]);
    expect(validate({ type: "integer" }, 1.5)).toEqual([
      { message: "expected integer, received number", path: [] },
    ]);
    expect(validate({ type: "number" }, "1")).toEqual([
      { message: "expected number, received string", path: [] },
    ]);
    expect(validate({ type: "null" }, null)).toEqual([]);
    expect(validate({ type: "object" }, [])).toEqual([
      { message: "expected object, received array", path: [] },
    ]);
    expect(validate({ type: "array" }, null)).toEqual([
      { message: "expected array, received null", path: [] },
    ]);
    expect(validate({ type: ["string", "null"] }, null)).toEqual([]);
    expect(validate({ type: ["string", "null"] }, true)).toEqual([
      { message: "expected string or null, received boolean", path: [] },
    ]);
    expect(validate({ type: "boolean" }, undefined)).toEqual([
      { message: "expected boolean, received undefined", path: [] },
    ]);
  });

  it("accepts null for OpenAPI nullable", () => {
    expect(validate({ type: "string", nullable: true }, null)).toEqual([]);
    expect(validate({ type: "string", enum: ["a"], nullable: true }, null)).toEqual([]);
    expect(validate({ type: "string", nullable: false }, null)).toHaveLength(1);
  });

  it("checks enum and const by deep equality", () => {
    expect(validate({ enum: ["c", "f"] }, "f")).toEqual([]);
    expect(validate({ enum: ["c", "f"] }, "k")).toEqual([
      { message: 'expected one of "c", "f", received "k"', path: [] },
    ]);
    expect(validate({ enum: [{ a: [1, 2] }] }, { a: [1, 2] })).toEqual([]);
    expect(validate({ enum: [{ a: [1, 2] }] }, { a: [2, 1] })).toHaveLength(1);
    expect(validate({ const: "room" }, "room")).toEqual([]);
    expect(validate({ const: "room" }, "video")).toEqual([
      { message: 'expected "room", received "video"', path: [] },
    ]);
    expect(validate({ const: null }, undefined)).toEqual([
      { message: "expected null, received undefined", path: [] },
    ]);
  });

  it("reports missing required properties at their path and ignores undefined ones", () => {
    const schema = {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city", "country"],
    };
    expect(validate(schema, { city: "Paris", country: "FR" })).toEqual([]);
    expect(validate(schema, { city: undefined })).toEqual([
      { message: 'missing required property "city"', path: ["city"] },
      { message: 'missing required property "country"', path: ["country"] },
    ]);
  });

  it("checks nested properties, array items and reports deep paths", () => {
    const schema = {
      type: "object",
      properties: {
        edits: {
          type: "array",
          items: {
            type: "object",
            properties: { oldText: { type: "string" }, newText: { type: "string" } },
            required: ["oldText", "newText"],
          },
        },
      },
    };
    expect(validate(schema, { edits: [{ oldText: "a", newText: "b" }] })).toEqual([]);
    expect(validate(schema, { edits: [{ oldText: "a", newText: "b" }, { oldText: 1 }] })).toEqual([
      { message: 'missing required property "newText"', path: ["edits", 1, "newText"] },
      { message: "expected string, received number", path: ["edits", 1, "oldText"] },
    ]);
  });

  it("checks additionalProperties false and schema", () => {
    const closed = { type: "object", properties: { a: { type: "string" } }, additionalProperties: false };
    expect(validate(closed, { a: "x" })).toEqual([]);
    expect(validate(closed, { a: "x", b: 1 })).toEqual([{ message: 'unexpected property "b"', path: ["b"] }]);
    expect(validate(closed, { a: "x", b: undefined })).toEqual([]);
    const record = { type: "object", additionalProperties: { type: "number" } };
    expect(validate(record, { x: 1, y: "2" })).toEqual([
      { message: "expected number, received string", path: ["y"] },
    ]);
    expect(validate({ ...closed, patternProperties: { "^x-": {} } }, { "x-extra": 1 })).toEqual([]);
  });

  it("checks tuples in both prefixItems and draft-07 items-array form", () => {
    const tuple = { type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false };
    expect(validate(tuple, ["a", 1])).toEqual([]);
    expect(validate(tuple, [1, 1])).toEqual([{ message: "expected string, received number", path: [0] }]);
    expect(validate(tuple, ["a", 1, 2])).toEqual([
      { message: "expected at most 2 items, received 3", path: [2] },
    ]);
    const rest = { type: "array", prefixItems: [{ type: "string" }], items: { type: "number" } };
    expect(validate(rest, ["a", 1, 2])).toEqual([]);
    expect(validate(rest, ["a", 1, "2"])).toEqual([
      { message: "expected number, received string", path: [2] },
    ]);
    const draft07 = { type: "array", items: [{ type: "string" }], additionalItems: false };
    expect(validate(draft07, ["a", "b"])).toEqual([
      { message: "expected at most 1 items, received 2", path: [1] },
    ]);
    expect(validate({ type: "array", items: [{ type: "string" }] }, ["a", 2])).toEqual([]);
  });

  it("checks number ranges, string lengths and array sizes", () => {
    const range = { type: "number", minimum: 1, maximum: 100 };
    expect(validate(range, 50)).toEqual([]);
    expect(validate(range, 0)).toEqual([{ message: "expected a number >= 1, received 0", path: [] }]);
    expect(validate(range, 101)).toEqual([{ message: "expected a number <= 100, received 101", path: [] }]);
    expect(validate({ exclusiveMinimum: 0, exclusiveMaximum: 10 }, 0)).toEqual([
      { message: "expected a number > 0, received 0", path: [] },
    ]);
    expect(validate({ exclusiveMaximum: 10 }, 10)).toEqual([
      { message: "expected a number < 10, received 10", path: [] },
    ]);
    expect(validate({ minLength: 2, maxLength: 3 }, "é")).toEqual([
      { message: "expected at least 2 characters, received 1", path: [] },
    ]);
    expect(validate({ maxLength: 3 }, "😀😀😀")).toEqual([]);
    expect(validate({ maxLength: 3 }, "abcd")).toEqual([
      { message: "expected at most 3 characters, received 4", path: [] },
    ]);
    expect(validate({ minItems: 1 }, [])).toEqual([
      { message: "expected at least 1 items, received 0", path: [] },
    ]);
    expect(validate({ maxItems: 1 }, [1, 2])).toEqual([
      { message: "expected at most 1 items, received 2", path: [] },
    ]);
    // Limits for one type do not apply to values of another.
    expect(validate({ minLength: 5, minimum: 3 }, [1])).toEqual([]);
  });

  it("checks pattern and ignores an invalid one", () => {
    expect(validate({ type: "string", pattern: "^[a-z]+$" }, "abc")).toEqual([]);
    expect(validate({ type: "string", pattern: "^[a-z]+$" }, "ABC")).toEqual([
      { message: "expected a string matching /^[a-z]+$/", path: [] },
    ]);
    expect(validate({ type: "string", pattern: "\\p{L}+" }, "é")).toEqual([]);
    expect(validate({ type: "string", pattern: "([unclosed" }, "x")).toEqual([]);
  });

  it("accepts a union when any branch matches and names the expected types otherwise", () => {
    const schema = { anyOf: [{ type: "string" }, { type: "null" }] };
    expect(validate(schema, "a")).toEqual([]);
    expect(validate(schema, null)).toEqual([]);
    expect(validate(schema, 3)).toEqual([{ message: "expected string or null, received 3", path: [] }]);
    expect(validate({ oneOf: [{ const: "a" }, { enum: ["b", "c"] }] }, "d")).toEqual([
      { message: 'expected "a" or "b" or "c", received "d"', path: [] },
    ]);
  });

  it("reports the closest branch of a union of objects", () => {
    const schema = {
      type: "object",
      properties: {
        location: {
          oneOf: [
            {
              type: "object",
              properties: { kind: { const: "room" }, roomId: { type: "string" } },
              required: ["kind", "roomId"],
            },
            {
              type: "object",
              properties: { kind: { const: "video" }, url: { type: "string" } },
              required: ["kind", "url"],
            },
            { type: "null" },
          ],
        },
      },
    };
    expect(validate(schema, { location: { kind: "video", url: "https://x" } })).toEqual([]);
    expect(validate(schema, { location: { kind: "video" } })).toEqual([
      { message: 'missing required property "url"', path: ["location", "url"] },
    ]);
    expect(validate(schema, { location: "room" })).toEqual([
      { message: 'expected object or null, received "room"', path: ["location"] },
    ]);
  });

  it("checks every allOf branch", () => {
    const schema = { allOf: [{ type: "object", required: ["a"] }, { required: ["b"] }] };
    expect(validate(schema, { a: 1, b: 2 })).toEqual([]);
    expect(validate(schema, { a: 1 })).toEqual([{ message: 'missing required property "b"', path: ["b"] }]);
  });

  it("follows local $refs, including recursive ones, and ignores unresolvable ones", () => {
    const list = {
      type: "object",
      properties: { head: { $ref: "#/$defs/node" } },
      $defs: {
        node: {
          type: "object",
          properties: {
            value: { type: "number" },
            next: { anyOf: [{ $ref: "#/$defs/node" }, { type: "null" }] },
          },
          required: ["value", "next"],
        },
      },
    };
    expect(validate(list, { head: { value: 1, next: { value: 2, next: null } } })).toEqual([]);
    expect(validate(list, { head: { value: 1, next: { value: "2", next: null } } })).toEqual([
      { message: "expected number, received string", path: ["head", "next", "value"] },
    ]);
    expect(validate({ definitions: { s: { type: "string" } }, $ref: "#/definitions/s" }, 1)).toHaveLength(1);
    expect(validate({ type: "array", items: { $ref: "#" } }, [[[]], []])).toEqual([]);
    expect(validate({ type: "array", items: { $ref: "#" } }, [[1]])).toEqual([
      { message: "expected array, received number", path: [0, 0] },
    ]);
    expect(validate({ $ref: "#" }, 1)).toEqual([]);
    expect(validate({ $ref: "#/$defs/missing" }, 1)).toEqual([]);
    expect(validate({ $ref: "https://example.com/s.json" }, 1)).toEqual([]);
  });

  it("checks formats, ignores unknown keywords and malformed ones instead of throwing", () => {
    expect(
      validate({ type: "string", format: "email", contentEncoding: "base64", "x-foo": 1 }, "a@b.co"),
    ).toEqual([]);
    expect(validate({ type: "string", format: "email" }, "not an email")).toEqual([
      { message: 'String does not match format "email"', path: [] },
    ]);
    expect(validate({ type: "string", pattern: "([" }, "x")).toEqual([]);
    for (const schema of [
      { type: 1 },
      { required: "a" },
      { properties: [] },
      { enum: "a" },
      { anyOf: {} },
      { items: 3 },
    ]) {
      expect(() => validate(schema, { a: [1] })).not.toThrow();
    }
    expect(validate({ enum: [1] }, 10n)).toEqual([
      { message: "expected a JSON value, received bigint", path: [] },
    ]);
  });

  it("shortens long values in messages", () => {
    const [issue] = validate({ const: "a" }, "x".repeat(100));
    expect(issue?.message).toBe(`expected "a", received "${"x".repeat(56)}...`);
  });

  it("validates what zod 4 emits for a realistic tool input", () => {
    const input = z.object({
      city: z.string().min(1),
      unit: z.enum(["c", "f"]).optional(),
      days: z.number().int().min(1).max(7).default(1),
      tags: z.array(z.string()).max(3).optional(),
      at: z.tuple([z.number(), z.number()]).nullable().optional(),
    });
    const schema = z.toJSONSchema(input) as JSONSchema;
    expect(validateJsonSchema(schema, { city: "Paris", days: 2, at: [1, 2] }).issues).toEqual([]);
    expect(
      validateJsonSchema(schema, { city: "", unit: "k", days: 1.5, tags: ["a", "b", "c", "d"], extra: 1 })
        .issues,
    ).toEqual([
      { message: "expected at least 1 characters, received 0", path: ["city"] },
      { message: 'expected one of "c", "f", received "k"', path: ["unit"] },
      { message: "expected integer, received number", path: ["days"] },
      { message: "expected at most 3 items, received 4", path: ["tags"] },
      { message: 'unexpected property "extra"', path: ["extra"] },
    ]);
  });
});

describe("jsonSchema", () => {
  it("validates with validateJsonSchema and returns the value unchanged", async () => {
    const schema = jsonSchema<{ path: string }>({
      type: "object",
      properties: { path: { type: "string" } },
      required: ["path"],
    });
    expect(await schema["~standard"].validate({ path: "a" })).toEqual({ value: { path: "a" } });
    expect(await schema["~standard"].validate({})).toEqual({
      issues: [{ message: 'missing required property "path"', path: ["path"] }],
    });
  });
});

describe("resolveRef", () => {
  const root = {
    $defs: { a: { type: "string" }, "a/b": { type: "number" }, "c~d": { type: "null" }, "e f": {} },
  };

  it("resolves local JSON pointers with escapes", () => {
    expect(resolveRef(root, "#")).toBe(root);
    expect(resolveRef(root, "#/$defs/a")).toEqual({ type: "string" });
    expect(resolveRef(root, "#/$defs/a~1b")).toEqual({ type: "number" });
    expect(resolveRef(root, "#/$defs/c~0d")).toEqual({ type: "null" });
    expect(resolveRef(root, "#/$defs/e%20f")).toEqual({});
  });

  it("returns undefined for missing, inherited and remote targets", () => {
    expect(resolveRef(root, "#/$defs/zzz")).toBeUndefined();
    expect(resolveRef(root, "#/$defs/a/type/length")).toBeUndefined();
    expect(resolveRef(root, "#/$defs/toString")).toBeUndefined();
    expect(resolveRef(root, "other.json#/a")).toBeUndefined();
    expect(resolveRef(root, "#a")).toBeUndefined();
  });
});
