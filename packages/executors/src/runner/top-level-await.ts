/**
 * Top-level `await` for engines that run scripts without it (Node's `vm`), the way Node's REPL
 * does it: code that awaits at its top level runs inside an async function, its top-level `var`
 * and function declarations become globals, and its last expression becomes the function's
 * answer. Lines stay where they were, so errors keep their line numbers.
 */
import type { Node, Pattern, Program, VariableDeclaration } from "acorn";
import { applyEdits, type Edit } from "../shared/repl-declarations.js";

/** What the wrapped code resolves to: the last expression's value, when the code ends with one. */
export const VALUE_KEY = "__codeactValue";

/**
 * `code` rewritten to run as `(async () => { … })()` when it awaits at its top level, or
 * undefined when it does not (a plain script keeps its own completion value). `code` must
 * already have its `let`, `const` and `class` declarations turned into `var` (see
 * `replDeclarations`), and `global` names the global object in the rewritten code.
 */
export function wrapTopLevelAwait(program: Program, code: string, global: string): string | undefined {
  if (!awaitsAtTop(program)) return undefined;
  const edits: Edit[] = [];
  const hoisted = new Set<string>();
  const functions: string[] = [];
  const loopHeads = new Set<Node>();
  visit(program, (node) => {
    const { init, left } = node as { init?: Node; left?: Node };
    if (node.type === "ForStatement" && init) loopHeads.add(init);
    if ((node.type === "ForInStatement" || node.type === "ForOfStatement") && left) loopHeads.add(left);
  });
  visit(program, (node, inFunction) => {
    if (inFunction || node.type !== "VariableDeclaration") return;
    declaration(node as VariableDeclaration, code, { edits, hoisted, inLoopHead: loopHeads.has(node) });
  });
  for (const statement of program.body) {
    if (statement.type === "FunctionDeclaration" && statement.id) functions.push(statement.id.name);
  }
  const last = program.body.at(-1);
  if (last?.type === "ExpressionStatement") {
    edits.push({ at: last.start, remove: 0, insert: `return { ${VALUE_KEY}: (` });
    edits.push({ at: last.expression.end, remove: last.end - last.expression.end, insert: ") };" });
  }
  // Functions are hoisted inside the async function; copying them out at its start makes them
  // globals before any of its code runs, as declarations at the top of a script would be.
  const exported = functions.map((name) => `${global}.${name} = ${name};`).join(" ");
  const declared = hoisted.size > 0 ? `var ${[...hoisted].join(", ")}; ` : "";
  edits.sort((a, b) => a.at - b.at);
  return `${declared}(async () => { ${exported}${applyEdits(code, edits)}\n})()`;
}

/** `var a = 1, { b } = o;` becomes `;(a = 1), ({ b } = o);`, its names declared outside the function. */
function declaration(
  node: VariableDeclaration,
  code: string,
  { edits, hoisted, inLoopHead }: { edits: Edit[]; hoisted: Set<string>; inLoopHead: boolean },
): void {
  if (node.kind !== "var") return;
  for (const declarator of node.declarations)
    for (const name of patternNames(declarator.id)) hoisted.add(name);
  const assignments = node.declarations.map(({ id, init, start, end }) => {
    const target = code.slice(id.start, id.end);
    if (!init) return { start, end, text: target };
    return { start, end, text: `(${target} = ${code.slice(init.start, init.end)})` };
  });
  // The text between declarators (commas, line breaks) stays; only the declarators change.
  let text = "";
  let from = node.declarations[0]?.start ?? node.end;
  for (const [index, { start, end, text: assignment }] of assignments.entries()) {
    if (index > 0) text += code.slice(from, start);
    text += assignment;
    from = end;
  }
  const tail = code.slice(from, node.end);
  const head = code.slice(node.start, node.declarations[0]?.start ?? node.end).replace(/^var/, "");
  // A statement that starts with `(` would continue the line before it without its semicolon.
  const lead = inLoopHead ? "" : ";";
  edits.push({ at: node.start, remove: node.end - node.start, insert: `${lead}${head}${text}${tail}` });
}

function patternNames(pattern: Pattern): string[] {
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name];
    case "ObjectPattern":
      return pattern.properties.flatMap((property) =>
        property.type === "RestElement" ? patternNames(property.argument) : patternNames(property.value),
      );
    case "ArrayPattern":
      return pattern.elements.flatMap((element) => (element ? patternNames(element) : []));
    case "RestElement":
      return patternNames(pattern.argument);
    case "AssignmentPattern":
      return patternNames(pattern.left);
    default:
      return [];
  }
}

/** Whether `program` has an `await` (or `for await`) outside every function. */
function awaitsAtTop(program: Program): boolean {
  let found = false;
  visit(program, (node, inFunction) => {
    if (inFunction) return;
    if (node.type === "AwaitExpression") found = true;
    if (node.type === "ForOfStatement" && (node as { await?: boolean }).await) found = true;
  });
  return found;
}

const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

/** Calls `see` on every node, saying whether it is inside a function (class bodies count). */
function visit(node: Node, see: (node: Node, inFunction: boolean) => void, inFunction = false): void {
  // An explicit stack: deeply nested code must not exhaust the runner's own stack.
  const stack: [Node, boolean][] = [[node, inFunction]];
  while (stack.length > 0) {
    const [current, inside] = stack.pop() as [Node, boolean];
    see(current, inside);
    const nested = inside || FUNCTIONS.has(current.type) || current.type === "ClassBody";
    for (const value of Object.values(current)) {
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) stack.push([item, nested]);
      } else if (isNode(value)) stack.push([value, nested]);
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as Node).type === "string";
}
