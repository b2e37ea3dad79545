/**
 * Prelude fragment: `console`, formatting values the way Node's console does for plain data.
 * Getters are shown, not run; Maps, Sets and typed arrays are read through captured methods.
 * Uses the intrinsics fragment; defines `inspect`, `show`, `errorInfo`, `errorHead`, `quote`.
 */
export const INSPECT = String.raw`
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
  const MAX_ITEMS = 100;
  const INSPECT_DEPTH = 2;
  const LINE_WIDTH = 72;

  const tag = (v) => slice(objectTag(v), 8, -1);
  const quote = (s) => "'" + replace(replace(slice(stringify(s), 1, -1), /\\"/g, '"'), /'/g, "\\'") + "'";

  function functionLabel(f) {
    let source = "";
    try { source = functionSource(f); } catch {}
    let name = "";
    try { name = typeof f.name === "string" ? f.name : ""; } catch {}
    if (startsWith(source, "class")) return "[class " + (name || "(anonymous)") + "]";
    return name ? "[" + tag(f) + ": " + name + "]" : "[" + tag(f) + " (anonymous)]";
  }

  function constructorName(v) {
    const proto = getPrototypeOf(v);
    if (proto === null) return null;
    const ctor = getOwnPropertyDescriptor(proto, "constructor");
    return ctor && typeof ctor.value === "function" && typeof ctor.value.name === "string" && ctor.value.name
      ? ctor.value.name
      : "Object";
  }

  // Reads an error's fields without letting a throwing getter escape.
  function errorInfo(e) {
    const info = { name: "Error", message: "", stack: "" };
    try { if (e.name != null) info.name = String(e.name); } catch {}
    try { if (e.message != null) info.message = String(e.message); } catch {}
    try { if (typeof e.stack === "string") info.stack = e.stack; } catch {}
    try { if (typeof e.lineNumber === "number") setKey(info, "lineNumber", e.lineNumber); } catch {}
    return info;
  }
  const errorHead = (i) => (i.message ? i.name + ": " + i.message : i.name);

  function inspect(v, depth, seen) {
    switch (typeof v) {
      case "string": return quote(v);
      case "number": return is(v, -0) ? "-0" : String(v);
      case "bigint": return String(v) + "n";
      case "boolean": case "undefined": return String(v);
      case "symbol": return symbolString(v);
      case "function": return functionLabel(v);
    }
    if (v === null) return "null";
    if (includes(seen, v)) return "[Circular]";
    if (v instanceof Error) {
      const i = errorInfo(v);
      return depth === 0 && i.stack ? errorHead(i) + "\n" + trimEnd(i.stack) : "[" + errorHead(i) + "]";
    }
    if (v instanceof Date) {
      try { const t = dateTime(v); return isNaN(t) ? "Invalid Date" : dateISO(v); } catch {}
    }
    if (v instanceof RegExp) return String(v);
    if (v instanceof Promise) return "Promise {}";
    const typed = isTyped(v);
    const array = isArray(v) || typed;
    if (depth > INSPECT_DEPTH) return array ? "[Array]" : "[" + (constructorName(v) || "Object") + "]";
    append(seen, v);
    try {
      let prefix = "";
      const parts = [];
      const more = (n) => { if (n > MAX_ITEMS) append(parts, "... " + (n - MAX_ITEMS) + " more items"); };
      if (array) {
        const length = typed ? typedLength(v) : v.length;
        if (typed) prefix = tag(v) + "(" + length + ") ";
        for (let i = 0; i < length && i < MAX_ITEMS; i++) append(parts, inspect(v[i], depth + 1, seen));
        more(length);
      } else if (isMap(v)) {
        prefix = "Map(" + mapSize(v) + ") ";
        mapForEach(v, (item, key) => {
          if (parts.length < MAX_ITEMS) append(parts, inspect(key, depth + 1, seen) + " => " + inspect(item, depth + 1, seen));
        });
        more(mapSize(v));
      } else if (isSet(v)) {
        prefix = "Set(" + setSize(v) + ") ";
        setForEach(v, (item) => { if (parts.length < MAX_ITEMS) append(parts, inspect(item, depth + 1, seen)); });
        more(setSize(v));
      } else {
        const name = constructorName(v);
        prefix = name === "Object" ? "" : name === null ? "[Object: null prototype] " : name + " ";
        const names = keys(v);
        for (let i = 0; i < names.length; i++) {
          const k = names[i];
          const d = getOwnPropertyDescriptor(v, k);
          if (!d) continue;
          const shown = d.get || d.set
            ? (d.get && d.set ? "[Getter/Setter]" : d.get ? "[Getter]" : "[Setter]")
            : inspect(d.value, depth + 1, seen);
          append(parts, (regexpTest(IDENTIFIER, k) ? k : quote(k)) + ": " + shown);
        }
      }
      const open = array ? "[" : "{";
      const close = array ? "]" : "}";
      if (parts.length === 0) return prefix + open + close;
      const line = prefix + open + " " + join(parts, ", ") + " " + close;
      if (line.length <= LINE_WIDTH && !stringIncludes(line, "\n")) return line;
      const pad = repeat("  ", depth + 1);
      return prefix + open + "\n" + pad + join(parts, ",\n" + pad) + "\n" + repeat("  ", depth) + close;
    } finally {
      seen.length--;
    }
  }

  const show = (v) => (typeof v === "string" ? v : inspect(v, 0, []));

  // console.log's printf-style directives, then the remaining arguments separated by spaces.
  function format(args) {
    let i = 0;
    const out = [];
    if (typeof args[0] === "string" && args.length > 1 && stringIncludes(args[0], "%")) {
      i = 1;
      append(out, replace(args[0], /%([sdifjoOc%])/g, (match, c) => {
        if (c === "%") return "%";
        if (i >= args.length) return match;
        const a = args[i++];
        switch (c) {
          case "s": return typeof a === "bigint" ? a + "n" : typeof a === "object" && a !== null ? inspect(a, 1, []) : String(a);
          case "d": case "i": return typeof a === "bigint" ? a + "n" : String(c === "i" ? parseInt(a) : Number(a));
          case "f": return String(parseFloat(a));
          case "j": try { return String(guardedStringify(a)); } catch (e) { return "[" + errorHead(errorInfo(e)) + "]"; }
          case "c": return "";
          default: return inspect(a, 0, []);
        }
      }));
    }
    for (; i < args.length; i++) append(out, show(args[i]));
    return join(out, " ");
  }

  function write(args) {
    let text;
    try { text = format(args); } catch (e) { text = "[unprintable: " + errorHead(errorInfo(e)) + "]"; }
    // Only what the log can hold crosses: its head and its tail, never half a surrogate pair.
    // The full length and the place of the cut tell the host how much was left out, and where.
    const size = text.length;
    if (size <= MAX_LOG_CHARS) return hostLog(text, size, size);
    let head = ceil(MAX_LOG_CHARS / 2);
    if (isHighSurrogate(charCodeAt(text, head - 1))) head--;
    let from = size - (MAX_LOG_CHARS - ceil(MAX_LOG_CHARS / 2));
    if (isLowSurrogate(charCodeAt(text, from))) from++;
    hostLog(slice(text, 0, head) + slice(text, from), size, head);
  }
  const console = {};
  const levels = ["log", "info", "warn", "error", "debug", "trace"];
  for (let l = 0; l < levels.length; l++) {
    const level = levels[l];
    setKey(console, level, { [level](...args) { write(args); } }[level]);
  }
  setKey(console, "dir", function dir(value) { write([inspect(value, 0, [])]); });
  hidden(G, "console", console);
`;
