import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type JSONSchema, jsonSchema } from "./json-schema.js";
import { resolveRef, validateJsonSchema } from "./validate-json-schema.js";

const issues = async (schema: unknown, value: unknown) => {
  const result = await validateJsonSchema(schema as JSONSchema, value);
  return "issues" in result ? result.issues : [];
};

describe("validateJsonSchema", () => {
  it("accepts anything for true and {}, nothing for false", async () => {
    expect(await issues(true, 1)).toEqual([]);
    expect(await issues({}, { a: [1] })).toEqual([]);
    expect(await issues(false, 1)).toHaveLength(1);
  });

  it("reports each problem at its path, without the findings that only say a subschema failed", async () => {
    const schema = {
      type: "object",
      properties: {
        city: { type: "string" },
        country: { type: "string" },
        days: { type: "integer", minimum: 1 },
        edits: { type: "array", items: { type: "object", required: ["newText"] } },
      },
      required: ["city", "country"],
      additionalProperties: false,
    };
    expect(
      await issues(schema, { city: "Paris", country: "FR", days: 2, edits: [{ newText: "x" }] }),
    ).toEqual([]);
    expect(await issues(schema, { city: 3, days: 0.5, edits: [{}], extra: 1 })).toEqual([
      { message: 'Instance does not have required property "country"', path: [] },
      { message: "expected string, received number", path: ["city"] },
      { message: "expected integer, received number", path: ["days"] },
      { message: "0.5 is less than 1", path: ["days"] },
      { message: 'Instance does not have required property "newText"', path: ["edits", "0"] },
      { message: 'unexpected property "extra"', path: ["extra"] },
    ]);
  });

  it("reports the closest branch of a union, or the union itself when no branch is close", async () => {
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
    expect(await issues(schema, { location: { kind: "video", url: "https://x" } })).toEqual([]);
    expect(await issues(schema, { location: { kind: "video" } })).toEqual([
      { message: 'Instance does not have required property "url"', path: ["location"] },
    ]);
    expect(await issues(schema, { location: "room" })).toEqual([
      { message: "Instance does not match exactly one subschema (0 matches)", path: ["location"] },
    ]);
  });

  it("follows local $refs, recursive ones included, and reads draft-07 tuples by $schema", async () => {
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
    expect(await issues(list, { head: { value: 1, next: { value: 2, next: null } } })).toEqual([]);
    expect(await issues(list, { head: { value: 1, next: { value: "2", next: null } } })).toEqual([
      { message: "expected number, received string", path: ["head", "next", "value"] },
    ]);
    const pair = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "array",
      items: [{ type: "string" }, { type: "number" }],
    };
    expect(await issues(pair, ["a", 1])).toEqual([]);
    expect(await issues(pair, [1, 1])).toHaveLength(1);
  });

  it("honours OpenAPI nullable and checks formats", async () => {
    expect(await issues({ type: "string", nullable: true }, null)).toEqual([]);
    expect(await issues({ type: "string", enum: ["a"], nullable: true }, null)).toEqual([]);
    expect(await issues({ type: ["string", "number"] }, null)).toEqual([
      { message: "expected string or number, received null", path: [] },
    ]);
    expect(await issues({ type: "string", format: "email" }, "a@b.co")).toEqual([]);
    expect(await issues({ type: "string", format: "email" }, "not an email")).toEqual([
      { message: 'String does not match format "email"', path: [] },
    ]);
  });

  it("accepts values when the schema itself cannot be used, and refuses what JSON cannot hold", async () => {
    expect(await issues({ type: "string", pattern: "([" }, "x")).toEqual([]);
    expect(await issues({ $ref: "https://example.com/s.json" }, 1)).toEqual([]);
    expect(await issues({ anyOf: {} }, 1)).toEqual([]);
    expect(await issues({ enum: [1] }, 10n)).toEqual([
      { message: "expected a JSON value (Do not know how to serialize a BigInt)", path: [] },
    ]);
    expect(await issues({ type: "object" }, undefined)).toEqual([
      { message: "expected a value, received undefined", path: [] },
    ]);
    expect(await issues({}, undefined)).toEqual([]);
  });

  it("validates what zod 4 emits for a realistic tool input", async () => {
    const schema = z.toJSONSchema(
      z.object({
        city: z.string().min(1),
        unit: z.enum(["c", "f"]).optional(),
        days: z.number().int().max(7),
      }),
    ) as JSONSchema;
    expect(await issues(schema, { city: "Paris", days: 2 })).toEqual([]);
    expect(await issues(schema, { city: "", unit: "k", days: 9, extra: 1 })).toEqual([
      { message: "String is too short (0 < 1)", path: ["city"] },
      { message: 'Instance does not match any of ["c","f"]', path: ["unit"] },
      { message: "9 is greater than 7", path: ["days"] },
      { message: 'unexpected property "extra"', path: ["extra"] },
    ]);
  });
});

describe("jsonSchema", () => {
  const schema = jsonSchema<{ path: string }>({
    type: "object",
    properties: { path: { type: "string" } },
    required: ["path"],
  });

  it("hands the tool a JSON copy, never the caller's object", async () => {
    const input = { path: "a", skip: undefined, __proto__: null } as Record<string, unknown>;
    Object.defineProperty(input, "__proto__", { value: 1, enumerable: true });
    const result = await schema["~standard"].validate(input);
    expect(result).toEqual({ value: { path: "a", ["__proto__"]: 1 } });
    const value = (result as { value: Record<string, unknown> }).value;
    expect(value).not.toBe(input);
    expect(Object.keys(value)).toEqual(["path", "__proto__"]);
    value.path = "changed";
    expect(input.path).toBe("a");
  });

  it("reports issues in Standard Schema form", async () => {
    expect(await schema["~standard"].validate({})).toEqual({
      issues: [{ message: 'Instance does not have required property "path"', path: [] }],
    });
  });
});

describe("resolveRef", () => {
  const root = {
    $defs: { a: { type: "string" }, "a/b": { type: "number" }, "c~d": { type: "null" }, "e f": {} },
  };

  it("resolves local JSON pointers with escapes", async () => {
    expect(resolveRef(root, "#")).toBe(root);
    expect(resolveRef(root, "#/$defs/a")).toEqual({ type: "string" });
    expect(resolveRef(root, "#/$defs/a~1b")).toEqual({ type: "number" });
    expect(resolveRef(root, "#/$defs/c~0d")).toEqual({ type: "null" });
    expect(resolveRef(root, "#/$defs/e%20f")).toEqual({});
  });

  it("returns undefined for missing, inherited and remote targets", async () => {
    expect(resolveRef(root, "#/$defs/zzz")).toBeUndefined();
    expect(resolveRef(root, "#/$defs/a/type/length")).toBeUndefined();
    expect(resolveRef(root, "#/$defs/toString")).toBeUndefined();
    expect(resolveRef(root, "other.json#/a")).toBeUndefined();
    expect(resolveRef(root, "#a")).toBeUndefined();
  });
});
