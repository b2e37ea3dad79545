/**
 * JSON text of a host value, written piece by piece against a budget. Copying the value first and
 * measuring the text afterwards let one 64 MiB `Uint8Array` grow the host by about 1.7 GB (an
 * array of 67 million numbers, its copy, then the text) before the size check could refuse it.
 * The writer keeps the copy rules of `marshal.ts` and stops as soon as the text would pass the
 * budget; arrays, typed arrays and sets are refused before they are walked when even their
 * shortest possible text (one character per item plus commas) does not fit.
 */

/** Nesting deeper than this is cut, as the guest's copy does: neither side recurses far on a value. */
export const MAX_DEPTH = 100;

/**
 * JSON text (`undefined` for `undefined`), or the length of a text too long: a lower bound, or
 * the exact length when `exact` (a string value is measured whole, which costs no copy).
 */
export type BoundedText = { text: string | undefined } | { tooLarge: number; exact: boolean };

/**
 * Thrown inside the writer to unwind at once when the budget is spent. A class of its own so that
 * telling it from what the value's own code threw is `instanceof` on our object only: a thrown
 * Proxy is never asked (its `getPrototypeOf` trap could throw in place of the original error).
 */
class OverBudget {
  constructor(
    readonly size: number,
    readonly exact = false,
  ) {}
}

function isOverBudget(error: unknown): error is OverBudget {
  return typeof error === "object" && error !== null && OVER_BUDGET.has(error);
}

/** Every OverBudget made, so recognising one reads no property of what was thrown. */
const OVER_BUDGET = new WeakSet<object>();

function overBudget(size: number, exact = false): OverBudget {
  const error = new OverBudget(size, exact);
  OVER_BUDGET.add(error);
  return error;
}

/**
 * The JSON text of a host value in at most `maxChars` characters, or `{ tooLarge }` with a lower
 * bound on its length. What JSON cannot hold is made readable as in `toJSONValue`; a key of a
 * `Map` that is not a string becomes its own JSON text (a string or number key as itself).
 * Throws what the value's getters and `toJSON` methods throw.
 *
 * @example
 * toJSONTextWithin({ a: [1, 2] }, 100); // { text: '{"a":[1,2]}' }
 * toJSONTextWithin(new Uint8Array(1 << 26), 1_000_000); // { tooLarge: 134217729, exact: false }, unwalked
 */
export function toJSONTextWithin(value: unknown, maxChars: number): BoundedText {
  const writer = new Writer(maxChars);
  try {
    return { text: writer.write(value, 0, []) ? writer.text() : undefined };
  } catch (error) {
    if (isOverBudget(error)) return { tooLarge: error.size, exact: error.exact };
    throw error;
  }
}

class Writer {
  private readonly parts: string[] = [];
  private size = 0;

  constructor(private readonly maxChars: number) {}

  text(): string {
    return this.parts.join("");
  }

  /** Writes `value`; returns false, writing nothing, for a value JSON leaves out (`undefined`). */
  write(value: unknown, depth: number, seen: object[]): boolean {
    const [resolved, at] = resolve(value, depth);
    if (resolved === undefined) return false;
    this.resolved(resolved, at, seen);
    return true;
  }

  /** Writes a value whose `toJSON` has been applied already, and which is not `undefined`. */
  private resolved(value: unknown, depth: number, seen: object[]): void {
    if (typeof value !== "object" || value === null) {
      this.primitive(value);
      return;
    }
    const object = value as Record<string, unknown>;
    const label = labelOf(object, depth, seen);
    if (label !== undefined) {
      this.string(label);
      return;
    }
    seen.push(object);
    try {
      if (Array.isArray(object) || ArrayBuffer.isView(object)) {
        // A DataView has no length and copies as [], as `Array.from` makes of it.
        const length = Number((object as ArrayLike<unknown>).length) || 0;
        this.items(length, (i) => (object as ArrayLike<unknown>)[i], depth, seen);
      } else if (object instanceof Set) {
        const iterator = object.values();
        this.items(object.size, () => iterator.next().value, depth, seen);
      } else if (object instanceof Map) {
        this.entries(object.entries(), depth, seen);
      } else {
        const keys = Object.keys(object);
        let i = 0;
        this.entries({ next: () => (i < keys.length ? nextKey(object, keys[i++]!) : DONE) }, depth, seen);
      }
    } finally {
      seen.pop();
    }
  }

  /** A value that is not an object: functions become labels, what JSON lacks becomes a string. */
  private primitive(value: unknown): void {
    if (typeof value === "string") this.string(value);
    else if (typeof value === "boolean") this.emit(value ? "true" : "false");
    else if (typeof value === "number" && Number.isFinite(value)) this.emit(JSON.stringify(value));
    else if (typeof value === "number") this.string(String(value));
    else if (typeof value === "bigint") this.string(`${value}n`);
    else if (typeof value === "symbol") this.string(value.toString());
    else if (typeof value === "function") this.string(`[Function: ${value.name || "(anonymous)"}]`);
    else this.emit("null");
  }

  /** An array of `length` items, refused unwalked when even one character per item cannot fit. */
  private items(length: number, item: (i: number) => unknown, depth: number, seen: object[]): void {
    const shortest = length === 0 ? 2 : 2 * length + 1;
    if (this.size + shortest > this.maxChars) throw overBudget(this.size + shortest);
    this.emit("[");
    for (let i = 0; i < length; i++) {
      if (i > 0) this.emit(",");
      if (!this.write(item(i), depth + 1, seen)) this.emit("null");
    }
    this.emit("]");
  }

  /** An object of key-value pairs; a pair whose value JSON leaves out is not written at all. */
  private entries(
    entries: { next(): IteratorResult<[unknown, unknown]> },
    depth: number,
    seen: object[],
  ): void {
    this.emit("{");
    let first = true;
    for (let entry = entries.next(); !entry.done; entry = entries.next()) {
      const [key, item] = entry.value;
      // Resolved before the key is written, so a key is never written for nothing.
      const [value, at] = resolve(item, depth + 1);
      if (value === undefined) continue;
      if (!first) this.emit(",");
      first = false;
      this.string(this.keyText(key, depth, seen));
      this.emit(":");
      this.resolved(value, at, seen);
    }
    this.emit("}");
  }

  private keyText(key: unknown, depth: number, seen: object[]): string {
    if (typeof key === "string") return key;
    if (typeof key === "number" || typeof key === "boolean") return String(key);
    // Written by a writer of its own within what is left of the budget, so a huge key is refused too.
    const nested = new Writer(this.maxChars - this.size);
    try {
      if (!nested.write(key, depth + 1, seen)) return "undefined";
    } catch (error) {
      if (isOverBudget(error)) throw overBudget(this.size + error.size);
      throw error;
    }
    const text = nested.text();
    return text.startsWith('"') ? (JSON.parse(text) as string) : text;
  }

  /**
   * A string as JSON; one that cannot fit even unescaped is refused before it is escaped, with
   * its escaped length counted (exact when nothing was written before it: it is the whole value).
   */
  private string(value: string): void {
    if (this.size + value.length + 2 > this.maxChars) {
      throw overBudget(this.size + jsonLength(value), this.size === 0);
    }
    this.emit(JSON.stringify(value));
  }

  private emit(text: string): void {
    this.size += text.length;
    if (this.size > this.maxChars) throw overBudget(this.size);
    this.parts.push(text);
  }
}

/** The length of `JSON.stringify(text)`, counted without building it. */
function jsonLength(text: string): number {
  let length = 2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (
      code === 0x22 ||
      code === 0x5c ||
      code === 0x08 ||
      code === 0x0c ||
      (code >= 0x09 && code <= 0x0d && code !== 0x0b)
    ) {
      length += 2;
    } else if (code < 0x20) {
      length += 6;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // A well-formed pair is kept as it is; a lone surrogate is written as \uXXXX.
      const pair = code <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1));
      length += pair ? 2 : 6;
      if (pair) i++;
    } else {
      length += 1;
    }
  }
  return length;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The string an object is written as instead of its contents, if it is one of those. */
function labelOf(object: object, depth: number, seen: object[]): string | undefined {
  if (seen.includes(object)) return "[Circular]";
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? "[Array]" : "[Object]";
  if (object instanceof Error) return object.message ? `${object.name}: ${object.message}` : object.name;
  if (object instanceof RegExp) return String(object);
  if (object instanceof Promise) return "Promise {}";
  return undefined;
}

/**
 * `value` after its `toJSON` chain, and the depth it ends at. The depth is checked before each
 * call: a `toJSON` can hand back a fresh object forever.
 */
function resolve(value: unknown, depth: number): [unknown, number] {
  let current = value;
  let at = depth;
  while (at < MAX_DEPTH && typeof current === "object" && current !== null) {
    const toJSON = (current as { toJSON?: unknown }).toJSON;
    if (typeof toJSON !== "function") break;
    const json: unknown = toJSON.call(current);
    if (json === current) break;
    current = json;
    at++;
  }
  return [current, at];
}

const DONE: IteratorResult<[unknown, unknown]> = { done: true, value: undefined };

function nextKey(object: Record<string, unknown>, key: string): IteratorResult<[unknown, unknown]> {
  return { done: false, value: [key, object[key]] };
}
