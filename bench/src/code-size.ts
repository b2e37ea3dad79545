/**
 * Lines of code of `@codeact/core`: lines that are neither blank nor only a comment, in its
 * TypeScript sources outside tests, with its test tooling (`src/testing/`) counted apart.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const src = fileURLToPath(new URL("../../packages/core/src", import.meta.url));

/** Non-blank lines outside comments; a line with code after a closing comment counts. */
export function codeLines(text: string): number {
  let inComment = false;
  let count = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (inComment) {
      if (!line.includes("*/")) continue;
      inComment = false;
      if (line.slice(line.indexOf("*/") + 2).trim()) count++;
    } else if (line.startsWith("/*")) {
      if (!line.includes("*/")) inComment = true;
      else if (line.slice(line.indexOf("*/") + 2).trim()) count++;
    } else if (line && !line.startsWith("//")) count++;
  }
  return count;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

/** Code lines of core's library and of its test tooling. */
export function coreSize(): { library: number; testing: number } {
  const size = { library: 0, testing: 0 };
  for (const file of sources(src)) {
    const part = path.relative(src, file).startsWith(`testing${path.sep}`) ? "testing" : "library";
    size[part] += codeLines(readFileSync(file, "utf8"));
  }
  return size;
}
