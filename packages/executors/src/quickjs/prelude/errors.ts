/**
 * Prelude fragment: guest errors as the host reads them. `describeError` turns a thrown value
 * into JSON text of its name, message and stack, each cut to a bounded size before it leaves the
 * guest (the host cuts again without trusting this), plus `engine` when the value is an error
 * the engine raised at a limit (see `error-origins.ts`). Uses the intrinsics, error-origins and
 * inspect fragments; defines `describeError` and `cutText`.
 */
import { MAX_ERROR_CHARS, MAX_ERROR_NAME_CHARS } from "../marshal.js";

export const ERRORS = `
  const MAX_ERROR_CHARS = ${MAX_ERROR_CHARS};
  const MAX_ERROR_NAME_CHARS = ${MAX_ERROR_NAME_CHARS};

  // 15990000 as "15,990,000", as the host writes counts (QuickJS has no locale formatting).
  const grouped = (n) => {
    let digits = String(n);
    let out = "";
    while (digits.length > 3) { out = "," + slice(digits, -3) + out; digits = slice(digits, 0, -3); }
    return digits + out;
  };

  // The first max characters and a marker saying how many were cut; never half a surrogate pair.
  const cutText = (text, max) => {
    if (text.length <= max) return text;
    let end = max;
    if (isHighSurrogate(charCodeAt(text, end - 1))) end--;
    return slice(text, 0, end) + "… [" + grouped(text.length - end) + " characters cut]";
  };

  // A stack keeps its head and its tail: the innermost frames, and the outermost, where the
  // top-level code of the execute is when the recursion ran through functions of earlier ones.
  const cutStack = (text) => {
    if (text.length <= MAX_ERROR_CHARS) return text;
    let head = ceil(MAX_ERROR_CHARS / 2);
    if (isHighSurrogate(charCodeAt(text, head - 1))) head--;
    let from = text.length - (MAX_ERROR_CHARS - ceil(MAX_ERROR_CHARS / 2));
    if (isLowSurrogate(charCodeAt(text, from))) from++;
    return slice(text, 0, head) + "\\n    … [" + grouped(from - head) + " characters cut]\\n" + slice(text, from);
  };

  const bounded = (info) => {
    info.name = cutText(info.name, MAX_ERROR_NAME_CHARS);
    info.message = cutText(info.message, MAX_ERROR_CHARS);
    if (typeof info.stack === "string") info.stack = cutStack(info.stack);
    return stringify(info);
  };

  // Never throws (short of an interrupt): a thrown Proxy's traps or a hostile getter become text.
  // origin is "parser" when the host passes the error its own parse of the code returned.
  function describeError(e, origin) {
    try {
      if (typeof e === "object" && e !== null && (isErrorObject(e) || "message" in e)) {
        if (origin === "parser") noteParserOverflow(e);
        const info = errorInfo(e);
        const limit = engineLimit(e);
        if (limit) setKey(info, "engine", limit);
        return bounded(info);
      }
      return bounded({ name: "Error", message: show(e), thrown: e === null ? "null" : typeof e });
    } catch (inner) {
      return bounded({ name: "Error", message: "[unprintable: " + errorHead(errorInfo(inner)) + "]" });
    }
  }
`;
