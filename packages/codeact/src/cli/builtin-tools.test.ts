import { mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AnyTool, ToolExecuteOptions } from "@codeact/core";
import { describe, expect, it } from "vitest";
import { builtinTools } from "./builtin-tools.js";

const options: ToolExecuteOptions = {
  signal: new AbortController().signal,
  callId: "1",
};
const byName = (tools: AnyTool[], name: string) => tools.find((tool) => tool.name === name)!;

async function sandboxFolder() {
  const root = await mkdtemp(path.join(tmpdir(), "codeact-tools-"));
  const allowed = path.join(root, "allowed");
  await mkdir(path.join(allowed, "sub"), { recursive: true });
  await writeFile(path.join(allowed, "notes.txt"), "hello");
  await writeFile(path.join(root, "secret.txt"), "do not read");
  await symlink(path.join(root, "secret.txt"), path.join(allowed, "link.txt"));
  return { root, allowed };
}

describe("built-in tools", () => {
  it("offers nothing unless a flag asks", async () => {
    expect(await builtinTools({})).toEqual([]);
    const names = (await builtinTools({ allowFetch: true })).map((tool) => tool.name);
    expect(names).toEqual(["fetch_url"]);
  });

  it("reads and lists files under the allowed folder only, links included", async () => {
    const { allowed } = await sandboxFolder();
    const tools = await builtinTools({ allowRead: allowed });
    const read = byName(tools, "read_file");
    expect(await read.execute({ path: "notes.txt" }, options)).toBe("hello");
    expect(await byName(tools, "list_files").execute({ path: "." }, options)).toEqual([
      "link.txt",
      "notes.txt",
      "sub/",
    ]);
    await expect(read.execute({ path: "../secret.txt" }, options)).rejects.toThrow(
      /outside the allowed folder/,
    );
    await expect(read.execute({ path: "link.txt" }, options)).rejects.toThrow(/outside the allowed folder/);
    await expect(read.execute({ path: "/etc/passwd" }, options)).rejects.toThrow(
      /outside the allowed folder/,
    );
  });

  it("writes new files under the allowed folder and refuses paths outside it", async () => {
    const { root, allowed } = await sandboxFolder();
    const write = byName(await builtinTools({ allowWrite: allowed }), "write_file");
    expect(await write.execute({ path: "sub/out.txt", content: "42" }, options)).toBe(
      `Wrote 2 characters to ${path.join("sub", "out.txt")}.`,
    );
    expect(await readFile(path.join(allowed, "sub", "out.txt"), "utf8")).toBe("42");
    await expect(write.execute({ path: "../escape.txt", content: "x" }, options)).rejects.toThrow(/outside/);
    await expect(readFile(path.join(root, "escape.txt"), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("refuses a folder that does not exist", async () => {
    await expect(builtinTools({ allowRead: "/no/such/folder" })).rejects.toThrow(
      "/no/such/folder is not a folder.",
    );
  });
});
