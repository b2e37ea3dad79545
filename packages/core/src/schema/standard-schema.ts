/** Using any Standard Schema the same way: validate with a readable error, describe as JSON Schema. */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { CodeActError } from "../errors/codeact-error.js";
import { ToolError } from "../errors/tool-error.js";
import type { JSONSchema, Schema } from "./json-schema.js";

/**
 * The validated value (with the schema's transforms applied), or a {@link ToolError} meant for
 * the model: `${problem}: city: expected string, received number.`
 */
export async function validateOrThrow(
  schema: StandardSchemaV1,
  value: unknown,
  toolName: string,
  problem: string,
  code = "invalid_input",
): Promise<unknown> {
  const result = await schema["~standard"].validate(value);
  if (!result.issues) return result.value;
  const issues = result.issues.map((issue) => {
    const path = issue.path?.map((part) => (typeof part === "object" ? part.key : part)).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const unknown = isSchema(schema) ? unknownKeys(schema, value) : "";
  throw new ToolError({
    toolName,
    code,
    message: `${problem}: ${[unknown, ...issues].filter(Boolean).join("; ")}.`,
  });
}

/**
 * Names the keys of `value` that the schema's top-level object does not have, with those it
 * expects: a model that wrote `base` for `from` fixes it in one step when told so, while a schema
 * that strips unknown keys only reports the missing `from`.
 */
function unknownKeys(schema: Schema, value: unknown): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "";
  let json: JSONSchema;
  try {
    json = schema["~standard"].jsonSchema.input({ target: "draft-2020-12" }) as JSONSchema;
  } catch {
    return "";
  }
  const properties = json.properties;
  if (typeof properties !== "object" || properties === null) return "";
  // A schema that forbids extra keys reports them itself.
  if (json.additionalProperties !== undefined) return "";
  const expected = Object.keys(properties);
  const unknown = Object.keys(value).filter((key) => !expected.includes(key));
  if (unknown.length === 0) return "";
  const list = (keys: string[]) => keys.map((key) => `\`${key}\``).join(", ");
  return `unknown key${unknown.length === 1 ? "" : "s"} ${list(unknown)}; expected ${list(expected)}`;
}

/** Whether `value` can both validate and describe itself as JSON Schema. */
export function isSchema(value: unknown): value is Schema {
  const standard = (value as { "~standard"?: { validate?: unknown; jsonSchema?: unknown } } | undefined)?.[
    "~standard"
  ];
  return typeof standard?.validate === "function" && typeof standard.jsonSchema === "object";
}

/** The JSON Schema of one side of a schema, without `$schema`; a clear error when it has none. */
export function toJsonSchema(schema: Schema, side: "input" | "output", owner: string): JSONSchema {
  try {
    const { $schema: _, ...json } = schema["~standard"].jsonSchema[side]({ target: "draft-2020-12" });
    return json as JSONSchema;
  } catch (cause) {
    throw new CodeActError({
      code: "invalid_tool",
      message: `The ${side} schema of "${owner}" has no JSON Schema form (${(cause as Error)?.message}). Use types JSON Schema can express.`,
      cause,
    });
  }
}
