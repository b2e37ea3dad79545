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
  throw new ToolError({ toolName, code, message: `${problem}: ${issues.join("; ")}.` });
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
