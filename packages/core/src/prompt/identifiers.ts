/** Tool names as JavaScript identifiers: MCP tools are named `get-file`, `fs.read` or `delete`. */

/**
 * Names the sandbox defines for the model's code: `final_answer`, `console`, the timers and every
 * standard global. A tool with one of these names would shadow it (a tool named `Promise` breaks
 * `Promise.all`, one named `parseInt` every number parsed), so such tools are renamed.
 */
export const RESERVED_GLOBALS: readonly string[] = (
  "final_answer console setTimeout setInterval clearTimeout clearInterval queueMicrotask structuredClone " +
  "globalThis undefined NaN Infinity eval isFinite isNaN parseFloat parseInt decodeURI decodeURIComponent " +
  "encodeURI encodeURIComponent escape unescape Object Function Array String Number Boolean Symbol BigInt " +
  "Date RegExp JSON Math Reflect Proxy Promise Map Set WeakMap WeakSet WeakRef FinalizationRegistry " +
  "Iterator Error AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError " +
  "InternalError ArrayBuffer SharedArrayBuffer DataView Atomics Int8Array Uint8Array Uint8ClampedArray " +
  "Int16Array Uint16Array Int32Array Uint32Array BigInt64Array BigUint64Array Float16Array Float32Array " +
  "Float64Array Intl"
).split(" ");

// Reserved in strict-mode code, where the model's programs run, plus the literals.
const RESERVED_WORDS = new Set(
  (
    "await break case catch class const continue debugger default delete do else enum export extends false " +
    "finally for function if implements import in instanceof interface let new null package private " +
    "protected public return static super switch this throw true try typeof var void while with yield"
  ).split(" "),
);
// Valid identifiers that strict mode still forbids as binding names.
const UNBINDABLE = new Set(["eval", "arguments", ...RESERVED_GLOBALS]);
const IDENTIFIER_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;

/**
 * Whether `name` can be written as a property key without quotes (`class` can: `{ class: 1 }`).
 * @example isIdentifierName("content-type") // false
 */
export function isIdentifierName(name: string): boolean {
  return IDENTIFIER_NAME.test(name);
}

/**
 * Whether `name` can name a variable or function in strict code: an identifier that is not a
 * reserved word. `eval` and `arguments` count as identifiers here.
 * @example isIdentifier("get_file") // true; isIdentifier("get-file") and isIdentifier("delete") are false
 */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER_NAME.test(name) && !RESERVED_WORDS.has(name);
}

/**
 * Gives every tool name a unique identifier the model can call. Usable names pass through
 * unchanged and are claimed first; others are sanitized (`fs.read` → `fs_read`, `2fa` → `_2fa`,
 * `delete` → `delete_`) and numbered on collision (`get_file_2`).
 *
 * @example
 * assignIdentifiers(["get_file", "get-file", "class"]);
 * // Map { "get_file" => "get_file", "get-file" => "get_file_2", "class" => "class_" }
 */
export function assignIdentifiers(names: string[]): Map<string, string> {
  const usable = (name: string) => isIdentifier(name) && !UNBINDABLE.has(name);
  const taken = new Set(names.filter(usable));
  const result = new Map<string, string>();
  for (const name of names) {
    if (result.has(name)) continue;
    if (usable(name)) {
      result.set(name, name);
      continue;
    }
    let base = name.replace(/[^\p{ID_Continue}$\u200C\u200D]+/gu, "_").replace(/^_+|_+$/g, "") || "tool";
    if (!isIdentifierName(base)) base = `_${base}`;
    if (!usable(base)) base = `${base}_`;
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
    taken.add(candidate);
    result.set(name, candidate);
  }
  return result;
}
