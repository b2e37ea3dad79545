/**
 * Prelude fragment: JSON copies of guest values, the only form in which values leave the guest.
 * What JSON cannot hold becomes a readable string; depth is capped so that neither side recurses
 * far on the copy. Uses the intrinsics and inspect fragments; defines `copyText` and `toJSONText`.
 */
export const COPY = `
  const COPY_DEPTH = 100;

  function plain(v, depth, seen) {
    switch (typeof v) {
      case "string": case "boolean": case "undefined": return v;
      case "number": return isFinite(v) ? v : String(v);
      case "bigint": return String(v) + "n";
      case "symbol": case "function": return inspect(v, 0, []);
    }
    if (v === null) return null;
    // Checked before toJSON, which can hand back a fresh object forever.
    if (depth >= COPY_DEPTH) return inspect(v, INSPECT_DEPTH + 1, []);
    if (typeof v.toJSON === "function") {
      const json = v.toJSON();
      if (json !== v) return plain(json, depth + 1, seen);
    }
    if (includes(seen, v)) return "[Circular]";
    if (v instanceof Error) return errorHead(errorInfo(v));
    if (v instanceof RegExp || v instanceof Promise) return inspect(v, 0, []);
    append(seen, v);
    try {
      const out = isArray(v) || isTyped(v) || isSet(v) ? [] : {};
      const put = (k, x) => {
        const p = plain(x, depth + 1, seen);
        if (isArray(out)) append(out, p === undefined ? null : p);
        // defineProperty, not assignment: a "__proto__" key must stay a key.
        else if (p !== undefined) setKey(out, k, p);
      };
      if (isArray(v)) for (let i = 0; i < v.length; i++) put(i, v[i]);
      else if (isTyped(v)) for (let i = 0, n = typedLength(v); i < n; i++) put(i, v[i]);
      else if (isSet(v)) setForEach(v, (x) => put(0, x));
      else if (isMap(v)) mapForEach(v, (x, k) => put(typeof k === "string" ? k : inspect(k, 1, []), x));
      else {
        const names = keys(v);
        for (let i = 0; i < names.length; i++) put(names[i], v[names[i]]);
      }
      return out;
    } finally {
      seen.length--;
    }
  }

  const copyText = (v) => {
    const p = plain(v, 0, []);
    return p === undefined ? undefined : stringify(p);
  };

  // JSON text of a value, or its length when it is too large to cross the boundary.
  function toJSONText(v) {
    let text;
    try { text = copyText(v); } catch (e) { text = stringify("[unserializable: " + errorHead(errorInfo(e)) + "]"); }
    return text !== undefined && text.length > MAX_VALUE_CHARS ? text.length : text;
  }
`;
