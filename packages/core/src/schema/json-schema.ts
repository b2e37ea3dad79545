/** Raw JSON Schema as a codeact schema: how MCP tools and hand-written schemas enter. */
import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import { validateJsonSchema } from "./validate-json-schema.js";

/** A JSON Schema document (draft-07 or 2020-12). Kept loose on purpose: real schemas vary. */
export type JSONSchema = {
  type?: string | string[];
  description?: string;
  title?: string;
  properties?: Record<string, JSONSchema>;
  required?: string[];
  additionalProperties?: boolean | JSONSchema;
  items?: JSONSchema | JSONSchema[];
  prefixItems?: JSONSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JSONSchema[];
  oneOf?: JSONSchema[];
  allOf?: JSONSchema[];
  nullable?: boolean;
  default?: unknown;
  $ref?: string;
  $defs?: Record<string, JSONSchema>;
  definitions?: Record<string, JSONSchema>;
  [keyword: string]: unknown;
};

/** A schema codeact can both validate with and show to a model as JSON Schema. */
export type Schema<T = unknown> = StandardSchemaV1<T> & StandardJSONSchemaV1<T>;

/**
 * Wraps a raw JSON Schema so it can serve as a tool's `inputSchema` or `outputSchema`. Values are
 * validated against the whole schema (draft-07 or 2020-12, `$ref`s and formats included) by
 * `@cfworker/json-schema`, which needs no `eval`; the validated value is a copy, so a tool that
 * changes its input cannot change the call the agent recorded. Pass `validate` to use your own.
 *
 * @example
 * const input = jsonSchema<{ path: string }>({
 *   type: "object",
 *   properties: { path: { type: "string" } },
 *   required: ["path"],
 * });
 */
export function jsonSchema<T = unknown>(
  schema: JSONSchema,
  options: {
    validate?: (value: unknown) => StandardSchemaV1.Result<T> | Promise<StandardSchemaV1.Result<T>>;
  } = {},
): Schema<T> {
  const validate =
    options.validate ??
    ((value: unknown) => validateJsonSchema(schema, value) as Promise<StandardSchemaV1.Result<T>>);
  return {
    "~standard": {
      version: 1,
      vendor: "codeact-json-schema",
      validate,
      jsonSchema: { input: () => schema, output: () => schema },
    },
  };
}
