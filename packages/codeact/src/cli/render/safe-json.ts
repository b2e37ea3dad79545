/** JSON text of any value a run can carry, for renderers that must never throw. */

/** How {@link safeJson} writes a value. */
export type SafeJsonOptions = {
  /** Indentation, as in `JSON.stringify`. */
  space?: number;
  /** Strings longer than this are cut, with a marker saying how much was left out. */
  maxString?: number;
};

/** The cut applied when a value is too large to write whole. */
const RETRY_MAX_STRING = 10_000;

/**
 * `JSON.stringify` that always returns text: a BigInt becomes its digits, a cycle becomes
 * `"[Circular]"`, a getter or `toJSON` that throws becomes `"[unreadable: <why>]"`, and `undefined`
 * (or a function) becomes `undefined`. Text too long for the engine is retried with long strings
 * cut; what still cannot be written is described instead of thrown.
 *
 * @example
 * const a: Record<string, unknown> = { n: 1n };
 * a.self = a;
 * safeJson(a); // '{"n":"1","self":"[Circular]"}'
 */
export function safeJson(value: unknown, options: SafeJsonOptions = {}): string {
  try {
    return JSON.stringify(plain(value, "", [], options.maxString), null, options.space) ?? "undefined";
  } catch {
    try {
      const maxString = Math.min(options.maxString ?? RETRY_MAX_STRING, RETRY_MAX_STRING);
      return JSON.stringify(plain(value, "", [], maxString), null, options.space) ?? "undefined";
    } catch (error) {
      return JSON.stringify(`[value that cannot be shown: ${describe(error)}]`);
    }
  }
}

/**
 * A copy of `value` made of plain JSON data, read one property at a time so one bad property
 * spoils only itself. `ancestors` holds the objects from the root down: a value among them is a
 * cycle, while an object shared by two branches is written both times.
 */
function plain(value: unknown, key: string, ancestors: object[], maxString: number | undefined): unknown {
  let current = value;
  try {
    const toJSON = (current as { toJSON?: unknown } | null | undefined)?.toJSON;
    if (typeof toJSON === "function") current = toJSON.call(current, key);
  } catch (error) {
    return unreadable(error);
  }
  if (typeof current === "bigint") return current.toString();
  if (typeof current === "string") return cut(current, maxString);
  if (typeof current !== "object" || current === null) return current;
  if (ancestors.includes(current)) return "[Circular]";
  ancestors.push(current);
  try {
    const object = current as Record<string, unknown>;
    if (Array.isArray(object)) {
      return object.map((_, i) => plain(read(object, String(i)), String(i), ancestors, maxString) ?? null);
    }
    const copy: Record<string, unknown> = {};
    for (const name of Object.keys(object)) {
      const entry = plain(read(object, name), name, ancestors, maxString);
      if (entry !== undefined) copy[name] = entry;
    }
    return copy;
  } catch (error) {
    return unreadable(error);
  } finally {
    ancestors.pop();
  }
}

// A property whose getter throws reads as a marker that says why.
function read(object: Record<string, unknown>, name: string): unknown {
  try {
    return object[name];
  } catch (error) {
    return unreadable(error);
  }
}

function unreadable(error: unknown): string {
  return `[unreadable: ${describe(error)}]`;
}

function cut(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  return `${text.slice(0, max)}… [${(text.length - max).toLocaleString("en-US")} more characters]`;
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unknown error";
  }
}
