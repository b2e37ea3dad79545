/**
 * REPL semantics for top-level declarations, as in a browser console or Node's REPL: a later
 * execute may declare the same `const`, `let` or `class` again, and a declaration whose
 * initializer threw leaves its name free. Engines without a REPL mode (QuickJS, a plain
 * `vm.Script`) get it from this rewrite, shared by every executor of this package.
 */
import type { Program } from "acorn";

// A parser is most of the weight of this module; browsers load it with the first code that needs it.
let acorn: Promise<typeof import("acorn")> | undefined;
const DECLARES = /\b(?:const|let|class)\b/;

/**
 * Rewrites the top-level `const` and `let` declarations of `code` to `var`, and `class K {}` to
 * `var K = class K {};`, so they become global variables that can be declared again. Only
 * statements directly at the top level change, no line moves, and code that does not parse is
 * returned as it is, for the engine to report its syntax error with its line.
 *
 * `around`, when given, runs the rewrite itself (a worker thread marks itself busy meanwhile).
 *
 * @example
 * await replDeclarations("const x = 1;\nclass K {}");
 * // "var   x = 1;\nvar K = class K {};"
 */
export async function replDeclarations(
  code: string,
  around: (rewrite: () => string) => string = (rewrite) => rewrite(),
): Promise<string> {
  if (!DECLARES.test(code)) return code;
  acorn ??= import("acorn");
  const { parse } = await acorn;
  // `around` wraps the synchronous part, the one whose time grows with the code.
  return around(() => rewrite(code, parse));
}

function rewrite(code: string, parse: typeof import("acorn").parse): string {
  let program: Program;
  try {
    program = parse(code, { ecmaVersion: "latest", sourceType: "script", allowAwaitOutsideFunction: true });
  } catch {
    // A syntax error, or nesting deep enough to exhaust the host's stack: the engine reports it.
    return code;
  }
  const edits: Edit[] = [];
  for (const node of program.body) {
    if (node.type === "VariableDeclaration" && (node.kind === "const" || node.kind === "let")) {
      // `var` padded to the keyword's width keeps every column of the line where it was.
      edits.push({ at: node.start, remove: node.kind.length, insert: "var".padEnd(node.kind.length) });
      for (const { id, init } of node.declarations) {
        // `var x;` would keep an earlier value; `let x;` declared again starts undefined.
        if (!init && node.kind === "let") edits.push({ at: id.end, remove: 0, insert: " = void 0" });
      }
    } else if (node.type === "ClassDeclaration" && node.id) {
      edits.push({ at: node.start, remove: 0, insert: `var ${node.id.name} = ` });
      edits.push({ at: node.end, remove: 0, insert: ";" });
    }
  }
  return applyEdits(code, edits);
}

/** One change to a text: `remove` characters at `at`, and `insert` in their place. */
export type Edit = { at: number; remove: number; insert: string };

/**
 * `code` with `edits` (in source order, not overlapping) applied. Joining the pieces once keeps
 * it linear: splicing each edit into the whole text copied it once per edit, over a minute for
 * 50,000 `let`s.
 */
export function applyEdits(code: string, edits: readonly Edit[]): string {
  const pieces: string[] = [];
  let from = 0;
  for (const { at, remove, insert } of edits) {
    pieces.push(code.slice(from, at), insert);
    from = at + remove;
  }
  pieces.push(code.slice(from));
  return pieces.join("");
}

/**
 * Starts loading the parser now. A worker thread does it when it starts: several sessions' first
 * executes waiting on the same import would otherwise resume together and finish together.
 */
export function preloadParser(): void {
  acorn ??= import("acorn");
  acorn.catch(() => undefined);
}
