/**
 * The guest side of the sandbox boundary, as JavaScript source evaluated once per context before
 * any user code. It is a function expression called with two host functions, `hostLog(text)` and
 * `hostCall(name, jsonText)`, which it keeps in closures, so user code can reach them only through
 * `console` and the bound functions. It returns the helpers the host calls:
 * `{ toJSONText, describeError, bind, define }`.
 *
 * Why in the guest: formatting and copying need the real guest values (functions, Maps, cycles),
 * and one JSON string crossing the boundary is about 3x faster than walking handles from the host.
 * Intrinsics are captured up front, so user code that replaces `JSON` or `Object.keys` later does
 * not break the boundary (it can still break its own values, which is its business).
 */
export const PRELUDE_FILENAME = "<prelude>";

export const PRELUDE_SOURCE = String.raw`(function (hostLog, hostCall) {
  "use strict";
  const G = globalThis;
  // Shadow the globals used below, so replacing them later (say, Map = null) cannot break the boundary.
  const { Error, String, Map, Set, Date, RegExp, Promise, Object, Array, ArrayBuffer, JSON } = G;
  const { isNaN, isFinite, parseInt, parseFloat, Number } = G;
  const { stringify, parse } = JSON;
  const { keys, getPrototypeOf, getOwnPropertyDescriptor, defineProperty, is } = Object;
  const { isArray } = Array;
  const { isView } = ArrayBuffer;
  const objectTag = Object.prototype.toString;
  const functionSource = Function.prototype.toString;
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
  const MAX_ITEMS = 100;
  const INSPECT_DEPTH = 2;
  const COPY_DEPTH = 100;
  const LINE_WIDTH = 72;

  const tag = (v) => objectTag.call(v).slice(8, -1);
  const quote = (s) => "'" + stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'") + "'";
  const isList = (v) => isView(v) && typeof v.length === "number";

  function functionLabel(f) {
    let source = "";
    try { source = functionSource.call(f); } catch {}
    if (source.startsWith("class")) return "[class " + (f.name || "(anonymous)") + "]";
    return f.name ? "[" + tag(f) + ": " + f.name + "]" : "[" + tag(f) + " (anonymous)]";
  }

  function constructorName(v) {
    const proto = getPrototypeOf(v);
    if (proto === null) return null;
    const ctor = getOwnPropertyDescriptor(proto, "constructor");
    return ctor && typeof ctor.value === "function" && ctor.value.name ? ctor.value.name : "Object";
  }

  // Reads an error's fields without letting a throwing getter escape.
  function errorInfo(e) {
    const info = { name: "Error", message: "", stack: "" };
    try { if (e.name != null) info.name = String(e.name); } catch {}
    try { if (e.message != null) info.message = String(e.message); } catch {}
    try { if (typeof e.stack === "string") info.stack = e.stack; } catch {}
    try { if (typeof e.lineNumber === "number") info.lineNumber = e.lineNumber; } catch {}
    return info;
  }
  const errorHead = (i) => (i.message ? i.name + ": " + i.message : i.name);

  // Formats a value the way Node's console does for plain data; getters are shown, not run.
  function inspect(v, depth, seen) {
    switch (typeof v) {
      case "string": return quote(v);
      case "number": return is(v, -0) ? "-0" : String(v);
      case "bigint": return String(v) + "n";
      case "boolean": case "undefined": return String(v);
      case "symbol": return v.toString();
      case "function": return functionLabel(v);
    }
    if (v === null) return "null";
    if (seen.includes(v)) return "[Circular]";
    if (v instanceof Error) {
      const i = errorInfo(v);
      return depth === 0 && i.stack ? errorHead(i) + "\n" + i.stack.trimEnd() : "[" + errorHead(i) + "]";
    }
    if (v instanceof Date) return isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (v instanceof Promise) return "Promise {}";
    const array = isArray(v) || isList(v);
    if (depth > INSPECT_DEPTH) return array ? "[Array]" : "[" + (constructorName(v) || "Object") + "]";
    seen.push(v);
    try {
      let prefix = "";
      const parts = [];
      const more = (n) => n > MAX_ITEMS && parts.push("... " + (n - MAX_ITEMS) + " more items");
      if (array) {
        if (!isArray(v)) prefix = tag(v) + "(" + v.length + ") ";
        for (let i = 0; i < v.length && i < MAX_ITEMS; i++) parts.push(inspect(v[i], depth + 1, seen));
        more(v.length);
      } else if (v instanceof Map || v instanceof Set) {
        prefix = tag(v) + "(" + v.size + ") ";
        for (const entry of v) {
          if (parts.length === MAX_ITEMS) break;
          parts.push(v instanceof Map
            ? inspect(entry[0], depth + 1, seen) + " => " + inspect(entry[1], depth + 1, seen)
            : inspect(entry, depth + 1, seen));
        }
        more(v.size);
      } else {
        const name = constructorName(v);
        prefix = name === "Object" ? "" : name === null ? "[Object: null prototype] " : name + " ";
        for (const k of keys(v)) {
          const d = getOwnPropertyDescriptor(v, k);
          if (!d) continue;
          const shown = d.get || d.set
            ? (d.get && d.set ? "[Getter/Setter]" : d.get ? "[Getter]" : "[Setter]")
            : inspect(d.value, depth + 1, seen);
          parts.push((IDENTIFIER.test(k) ? k : quote(k)) + ": " + shown);
        }
      }
      const [open, close] = array ? ["[", "]"] : ["{", "}"];
      if (parts.length === 0) return prefix + open + close;
      const line = prefix + open + " " + parts.join(", ") + " " + close;
      if (line.length <= LINE_WIDTH && !line.includes("\n")) return line;
      const pad = "  ".repeat(depth + 1);
      return prefix + open + "\n" + pad + parts.join(",\n" + pad) + "\n" + "  ".repeat(depth) + close;
    } finally {
      seen.pop();
    }
  }

  const show = (v) => (typeof v === "string" ? v : inspect(v, 0, []));

  // console.log's printf-style directives, then the remaining arguments separated by spaces.
  function format(args) {
    let i = 0;
    const out = [];
    if (typeof args[0] === "string" && args.length > 1 && args[0].includes("%")) {
      i = 1;
      out.push(args[0].replace(/%([sdifjoOc%])/g, (match, c) => {
        if (c === "%") return "%";
        if (i >= args.length) return match;
        const a = args[i++];
        switch (c) {
          case "s": return typeof a === "bigint" ? a + "n" : typeof a === "object" && a !== null ? inspect(a, 1, []) : String(a);
          case "d": case "i": return typeof a === "bigint" ? a + "n" : String(c === "i" ? parseInt(a) : Number(a));
          case "f": return String(parseFloat(a));
          case "j": try { return stringify(a); } catch { return "[Circular]"; }
          case "c": return "";
          default: return inspect(a, 0, []);
        }
      }));
    }
    for (; i < args.length; i++) out.push(show(args[i]));
    return out.join(" ");
  }

  function write(args) {
    let text;
    try { text = format(args); } catch (e) { text = "[unprintable: " + errorHead(errorInfo(e)) + "]"; }
    hostLog(text);
  }
  const console = {};
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    console[level] = { [level](...args) { write(args); } }[level];
  }
  console.dir = function dir(value) { write([inspect(value, 0, [])]); };
  defineProperty(G, "console", { value: console, writable: true, configurable: true, enumerable: false });

  // A JSON-compatible copy; what JSON cannot hold becomes a readable string.
  function plain(v, depth, seen) {
    switch (typeof v) {
      case "string": case "boolean": case "undefined": return v;
      case "number": return isFinite(v) ? v : String(v);
      case "bigint": return String(v) + "n";
      case "symbol": case "function": return inspect(v, 0, []);
    }
    if (v === null) return null;
    if (typeof v.toJSON === "function") {
      const json = v.toJSON();
      if (json !== v) return plain(json, depth + 1, seen);
    }
    if (seen.includes(v)) return "[Circular]";
    if (depth >= COPY_DEPTH) return inspect(v, INSPECT_DEPTH + 1, []);
    if (v instanceof Error) return errorHead(errorInfo(v));
    if (v instanceof RegExp || v instanceof Promise) return inspect(v, 0, []);
    seen.push(v);
    try {
      if (isArray(v) || isList(v) || v instanceof Set) {
        const out = [];
        const items = v instanceof Set ? [...v] : v;
        for (let i = 0; i < items.length; i++) {
          const p = plain(items[i], depth + 1, seen);
          out.push(p === undefined ? null : p);
        }
        return out;
      }
      const out = {};
      // defineProperty, not assignment: a "__proto__" key must stay a key.
      const put = (k, x) => {
        const p = plain(x, depth + 1, seen);
        if (p !== undefined) defineProperty(out, k, { value: p, enumerable: true, writable: true, configurable: true });
      };
      if (v instanceof Map) for (const [k, x] of v) put(typeof k === "string" ? k : inspect(k, 1, []), x);
      else for (const k of keys(v)) put(k, v[k]);
      return out;
    } finally {
      seen.pop();
    }
  }
  const copyText = (v) => {
    const p = plain(v, 0, []);
    return p === undefined ? undefined : stringify(p);
  };

  function toJSONText(v) {
    try { return copyText(v); } catch (e) { return stringify("[unserializable: " + errorHead(errorInfo(e)) + "]"); }
  }

  function describeError(e) {
    if (e instanceof Error || (typeof e === "object" && e !== null && "message" in e)) return stringify(errorInfo(e));
    let message;
    try { message = show(e); } catch { message = "[unprintable]"; }
    return stringify({ name: "Error", message });
  }

  // Host functions look like ordinary async functions. The Error made at the call site gives an
  // error the host raises a stack pointing at the caller's line.
  function bind(name) {
    const fn = {
      async [name](input) {
        const site = new Error();
        const text = copyText(input);
        let result;
        try {
          result = await hostCall(name, text);
        } catch (error) {
          if (typeof error === "object" && error !== null) {
            try {
              const stack = String(site.stack).split("\n").slice(1).join("\n");
              defineProperty(error, "stack", { value: stack, writable: true, configurable: true });
            } catch {}
          }
          throw error;
        }
        return result === undefined ? undefined : parse(result);
      },
    }[name];
    defineProperty(G, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }

  function define(name, text) {
    const value = text === undefined ? undefined : parse(text);
    defineProperty(G, name, { value, writable: true, configurable: true, enumerable: true });
  }

  return { toJSONText, describeError, bind, define };
})`;
