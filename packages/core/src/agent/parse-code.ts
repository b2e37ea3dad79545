/** Finds the code in a model's answer and makes it plain JavaScript. */
import { ParsingError } from "../errors/parsing-error.js";

const runnable = new Set(["", "js", "javascript", "mjs", "ts", "typescript", "jsx", "tsx"]);
// A fence opens a line; its closing fence may be missing when a stop sequence or the length limit cut it.
const fence = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)(?:^[ \t]*\1[ \t]*$|(?![\s\S]))/gm;
const codeTag = /<code>([\s\S]*?)(?:<\/code>|(?![\s\S]))/g;

const howTo =
  "Answer with a short thought, then your JavaScript in one ```js code block. Call final_answer(value) when you have the answer.";

/**
 * Extracts the JavaScript of a model answer: every ```js/```ts (or unlabelled) fenced block, in
 * order, else every `<code>` block. A block cut off before its closing fence still counts.
 * Throws a {@link ParsingError} written for the model when there is no code to run.
 */
export function extractCode(text: string): string {
  const blocks: string[] = [];
  const foreign = new Set<string>();
  for (const [, , language = "", body = ""] of text.matchAll(fence)) {
    if (runnable.has(language.toLowerCase())) blocks.push(body);
    else foreign.add(language);
  }
  if (blocks.length === 0) {
    for (const [, body = ""] of text.matchAll(codeTag)) blocks.push(body);
  }
  const code = blocks
    .map((block) => block.replace(/^\n+|\s+$/g, ""))
    .filter((block) => block.trim() !== "")
    .join("\n\n");
  if (code) return code;
  const problem =
    text.trim() === ""
      ? "Your reply was empty."
      : foreign.size > 0
        ? `Your code block is marked as ${[...foreign].join(", ")}, but this sandbox only runs JavaScript.`
        : "No code block was found in your answer.";
  throw new ParsingError({ message: `${problem} ${howTo}` });
}

// Sucrase is most of the weight of a browser bundle of core; load it when code first arrives.
let sucrase: Promise<typeof import("sucrase")> | undefined;

/**
 * Removes TypeScript syntax (annotations, interfaces, `as`, generics) so the sandbox runs plain
 * JavaScript; line numbers are kept. Code that does not parse is returned unchanged so the
 * sandbox reports the syntax error itself, with its line.
 */
export async function stripTypes(code: string): Promise<string> {
  sucrase ??= import("sucrase");
  const { transform } = await sucrase;
  try {
    return transform(code, { transforms: ["typescript"], disableESTransforms: true }).code;
  } catch {
    return code;
  }
}
