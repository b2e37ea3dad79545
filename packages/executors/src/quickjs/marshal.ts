/**
 * Host side of the sandbox boundary: values cross it as JSON text, so the guest never holds a
 * host object and the host never holds a live guest handle past one call. The rules mirror the
 * guest's in `prelude.ts`: what JSON cannot hold becomes a readable string.
 */

const MAX_DEPTH = 100;

/** A JSON-compatible copy of a host value (`undefined` stays `undefined` at the top). */
export function toJSONValue(value: unknown): unknown {
  return copy(value, 0, []);
}

/** JSON text for a host value, or `undefined` for `undefined`. */
export function toJSONText(value: unknown): string | undefined {
  const copied = copy(value, 0, []);
  return copied === undefined ? undefined : JSON.stringify(copied);
}

/** Parses JSON text produced by either side; `undefined` stands for `undefined`. */
export function fromJSONText(text: string | undefined): unknown {
  return text === undefined ? undefined : JSON.parse(text);
}

/** The `name` and `message` of a host error, as the guest will see them. */
export function errorFields(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name || "Error", message: error.message };
  if (typeof error === "object" && error !== null && "message" in error) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return { name: typeof name === "string" ? name : "Error", message: String(message) };
  }
  return { name: "Error", message: typeof error === "string" ? error : String(toJSONText(error)) };
}

function copy(value: unknown, depth: number, seen: object[]): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "undefined":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return `${value}n`;
    case "symbol":
      return value.toString();
    case "function":
      return `[Function: ${value.name || "(anonymous)"}]`;
  }
  if (value === null) return null;
  const object = value as Record<string, unknown> & { toJSON?: unknown };
  if (typeof object.toJSON === "function") {
    const json: unknown = object.toJSON();
    if (json !== value) return copy(json, depth + 1, seen);
  }
  if (seen.includes(object)) return "[Circular]";
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? "[Array]" : "[Object]";
  if (object instanceof Error) return object.message ? `${object.name}: ${object.message}` : object.name;
  if (object instanceof RegExp) return String(object);
  if (object instanceof Promise) return "Promise {}";
  seen.push(object);
  try {
    if (Array.isArray(object) || object instanceof Set || ArrayBuffer.isView(object)) {
      const items: unknown[] = object instanceof Set ? [...object] : Array.from(object as ArrayLike<unknown>);
      return items.map((item) => copy(item, depth + 1, seen) ?? null);
    }
    const out: Record<string, unknown> = {};
    const put = (key: string, item: unknown): void => {
      const copied = copy(item, depth + 1, seen);
      // defineProperty, not assignment: a "__proto__" key must stay a key.
      if (copied !== undefined)
        Object.defineProperty(out, key, {
          value: copied,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    };
    if (object instanceof Map) {
      for (const [key, item] of object)
        put(typeof key === "string" ? key : String(copy(key, depth + 1, seen)), item);
    } else {
      for (const key of Object.keys(object)) put(key, object[key]);
    }
    return out;
  } finally {
    seen.pop();
  }
}
