/** Tools worth having in a terminal. Each is off until its flag turns it on. */
import { lstat, readdir, readFile, readlink, realpath, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { type AnyTool, tool } from "@codeact/core";
import { z } from "zod";

/** Which built-in tools to offer. Folders are the only places the file tools may touch. */
export type BuiltinToolFlags = { allowRead?: string; allowWrite?: string; allowFetch?: boolean };

const MAX_FILE_CHARS = 100_000;
const MAX_FETCH_CHARS = 50_000;

/** The built-in tools the flags ask for. */
export async function builtinTools(flags: BuiltinToolFlags): Promise<AnyTool[]> {
  const tools: AnyTool[] = [];
  const readRoot = flags.allowRead ? await folder(flags.allowRead) : undefined;
  if (readRoot) tools.push(...readTools(readRoot));
  if (flags.allowWrite) tools.push(writeTool(await folder(flags.allowWrite), readRoot));
  if (flags.allowFetch) tools.push(fetchTool);
  return tools;
}

function readTools(root: string): AnyTool[] {
  return [
    tool({
      name: "read_file",
      // The folder is named once, here: every prompt pays for each repetition of its path.
      description: `Reads a UTF-8 text file in ${root}. All file paths are relative to that folder.`,
      inputSchema: z.object({ path: z.string() }),
      outputSchema: z.string(),
      execute: async ({ path: file }) => {
        const text = await readFile(await inside(root, file), "utf8");
        return text.length > MAX_FILE_CHARS ? `${text.slice(0, MAX_FILE_CHARS)}\n[... file truncated]` : text;
      },
    }),
    tool({
      name: "list_files",
      description: "Lists a folder's names, with a trailing / on folders.",
      inputSchema: z.object({ path: z.string().default(".") }),
      outputSchema: z.array(z.string()),
      execute: async ({ path: dir }) => {
        const entries = await readdir(await inside(root, dir), { withFileTypes: true });
        return entries.map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name)).sort();
      },
    }),
  ];
}

function writeTool(root: string, readRoot: string | undefined): AnyTool {
  const where = root === readRoot ? "" : ` in ${root} (paths are relative to it)`;
  return tool({
    name: "write_file",
    description: `Writes a UTF-8 text file${where}, replacing any old one.`,
    inputSchema: z.object({ path: z.string(), content: z.string() }),
    outputSchema: z.string(),
    execute: async ({ path: file, content }) => {
      const target = await inside(root, file, { mayNotExist: true });
      await writeFile(target, content, "utf8");
      return `Wrote ${content.length} characters to ${path.relative(root, target)}.`;
    },
  });
}

const fetchTool = tool({
  name: "fetch_url",
  description: "Fetches a URL with GET and returns its status and text (HTML, JSON, ...), truncated.",
  inputSchema: z.object({ url: z.url() }),
  outputSchema: z.object({ status: z.number(), contentType: z.string(), text: z.string() }),
  execute: async ({ url }, { signal }) => {
    const response = await fetch(url, { signal, redirect: "follow" });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      text: text.length > MAX_FETCH_CHARS ? `${text.slice(0, MAX_FETCH_CHARS)}\n[... truncated]` : text,
    };
  },
});

async function folder(dir: string): Promise<string> {
  const resolved = await realpath(path.resolve(dir)).catch(() => undefined);
  if (!resolved || !(await stat(resolved)).isDirectory()) throw new Error(`${dir} is not a folder.`);
  return resolved;
}

/**
 * Resolves `file` under `root` one name at a time, following symbolic links itself, and refuses
 * any path, or link target, that leaves `root`. The refusal is decided before anything outside is
 * looked at, so it reads the same whether the file there exists or not: the tools tell nothing
 * about what lies outside the folder. A missing file inside is an error unless `mayNotExist`.
 */
async function inside(root: string, file: string, { mayNotExist = false } = {}): Promise<string> {
  const lexical = path.resolve(root, file);
  if (!within(root, lexical)) throw outside(file, root);
  let parts = components(root, lexical);
  let current = root;
  let links = 0;
  while (parts.length > 0) {
    const [name = "", ...rest] = parts;
    const next = path.join(current, name);
    const info = await lstat(next).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
      throw error;
    });
    if (!info) {
      if (mayNotExist) return path.join(next, ...rest);
      throw new Error(`${file} does not exist in the allowed folder ${root}.`);
    }
    if (info.isSymbolicLink()) {
      if (++links > MAX_LINKS) throw new Error(`${file} goes through too many symbolic links.`);
      const target = path.resolve(current, await readlink(next));
      if (!within(root, target)) throw outside(file, root);
      parts = [...components(root, target), ...rest];
      current = root;
    } else {
      parts = rest;
      current = next;
    }
  }
  return current;
}

const MAX_LINKS = 40;

function within(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return !(relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative));
}

function components(root: string, target: string): string[] {
  return path.relative(root, target).split(path.sep).filter(Boolean);
}

function outside(file: string, root: string): Error {
  return new Error(`${file} is outside the allowed folder ${root}.`);
}
