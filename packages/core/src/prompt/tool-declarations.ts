/** An agent's tools as the model is shown them: TypeScript declarations, or native tool specs. */
import type { ToolSpec } from "../model.js";
import type { JSONSchema } from "../schema/json-schema.js";
import { isSafeIntegerLimit, renderToolDeclaration, schemaToTypeScript } from "./schema-to-typescript.js";

/** One tool as it is shown: the identifier the model calls it by and its schemas. */
export type ShownTool = { identifier: string; description: string; input: JSONSchema; output?: JSONSchema };

/** The name of the function or tool that ends a run. */
export const FINAL_ANSWER = "final_answer";
const finalAnswerDescription = "Ends the task with your answer.";

/** The tools as TypeScript declarations, `final_answer` (typed by `answer`) last. */
export function declareTools(tools: readonly ShownTool[], answer: JSONSchema): string {
  const declarations = tools.map(({ identifier, description, input, output }) =>
    renderToolDeclaration({ identifier, description, inputSchema: input, outputSchema: output }),
  );
  const answerType = schemaToTypeScript(answer);
  const final = `/** ${finalAnswerDescription} */\ndeclare function ${FINAL_ANSWER}(answer: ${answerType}): Promise<void>;`;
  return [...declarations, final].join("\n\n");
}

/** The tools as native tool specs, `final_answer` (taking `{ answer }`) last. */
export function toolSpecs(tools: readonly ShownTool[], answer: JSONSchema): ToolSpec[] {
  const specs = tools.map(({ identifier, description, input }) => ({
    name: identifier,
    description,
    inputSchema: withoutNoise(input) as JSONSchema,
  }));
  return [
    ...specs,
    { name: FINAL_ANSWER, description: finalAnswerDescription, inputSchema: wrapAnswer(answer) },
  ];
}

/**
 * `{ answer }` around the answer's schema. Its definitions move to the root and its local
 * `$ref`s are rewritten, so recursive types (`$ref: "#"`) still point where they did.
 */
function wrapAnswer(answer: JSONSchema): JSONSchema {
  const { $defs, definitions, ...schema } = answer;
  const moved = (ref: string) => /^#\/(\$defs|definitions)\//.test(ref);
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== "object" || node === null) return node;
    const entries = Object.entries(node).map(([key, value]) =>
      key === "$ref" && typeof value === "string" && value.startsWith("#") && !moved(value)
        ? [key, `#/properties/answer${value.slice(1)}`]
        : [key, rewrite(value)],
    );
    return Object.fromEntries(entries);
  };
  return {
    type: "object",
    properties: { answer: rewrite(schema) as JSONSchema },
    required: ["answer"],
    ...($defs && { $defs: rewrite($defs) as JSONSchema["$defs"] }),
    ...(definitions && { definitions: rewrite(definitions) as JSONSchema["definitions"] }),
  };
}

/** A copy of `schema` without the ±(2^53 - 1) bounds of zod's `.int()`, which only cost tokens. */
function withoutNoise(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutNoise);
  if (typeof schema !== "object" || schema === null) return schema;
  const entries = Object.entries(schema).filter(
    ([key, value]) => !(["minimum", "maximum"].includes(key) && isSafeIntegerLimit(value)),
  );
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutNoise(value)]));
}
