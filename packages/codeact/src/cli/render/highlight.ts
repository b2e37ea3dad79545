/** JavaScript highlighting for the terminal: highlight.js's tokens mapped to ANSI colours. */
import type { Colors } from "picocolors/types.js";

type Painter = (text: string) => string;

/** Loads highlight.js with JavaScript only (a small, fast import) and returns a highlighter. */
export async function loadHighlighter(colors: Colors): Promise<(code: string) => string> {
  const [{ default: hljs }, { default: javascript }] = await Promise.all([
    import("highlight.js/lib/core"),
    import("highlight.js/lib/languages/javascript"),
  ]);
  hljs.registerLanguage("javascript", javascript);
  const paint: Record<string, Painter> = {
    keyword: colors.magenta,
    built_in: colors.cyan,
    literal: colors.yellow,
    number: colors.yellow,
    string: colors.green,
    "template-string": colors.green,
    regexp: colors.red,
    comment: colors.gray,
    title: colors.blue,
    "title.function": colors.blue,
    "title.class": colors.yellow,
    attr: colors.cyan,
    params: (text) => text,
  };
  return (code) => htmlToAnsi(hljs.highlight(code, { language: "javascript" }).value, paint);
}

/** highlight.js emits nested `<span class="hljs-...">`; each span's text gets its class's colour. */
function htmlToAnsi(html: string, paint: Record<string, Painter>): string {
  const stack: Painter[] = [];
  let out = "";
  for (const [, open, close, text] of html.matchAll(/<span class="hljs-([^"]+)">|(<\/span>)|([^<]+)/g)) {
    // Classes such as "title function_" name a sub-scope: look up "title.function", then "title".
    const scope = open?.split(" ").map((part) => part.replace(/_+$/, ""));
    if (scope) stack.push(paint[scope.join(".")] ?? paint[scope[0] ?? ""] ?? stack.at(-1) ?? ((t) => t));
    else if (close !== undefined) stack.pop();
    else if (text !== undefined) out += (stack.at(-1) ?? ((t: string) => t))(decodeEntities(text));
  }
  return out;
}

function decodeEntities(text: string): string {
  return text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&amp;", "&");
}
