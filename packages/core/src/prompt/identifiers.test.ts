import { describe, expect, it } from "vitest";
import { assignIdentifiers, isIdentifier, isIdentifierName, RESERVED_GLOBALS } from "./identifiers.js";

describe("isIdentifier", () => {
  it("accepts names that can be bound in strict code", () => {
    for (const name of [
      "get_file",
      "_private",
      "$el",
      "getFile2",
      "ñandú",
      "日本語",
      "eval",
      "async",
      "of",
    ]) {
      expect(isIdentifier(name), name).toBe(true);
    }
  });

  it("rejects reserved words and names that are not identifiers", () => {
    for (const name of [
      "",
      "get-file",
      "fs.read",
      "2fa",
      "my tool",
      "delete",
      "class",
      "let",
      "yield",
      "await",
      "null",
    ]) {
      expect(isIdentifier(name), name).toBe(false);
    }
  });

  it("lets reserved words be property names", () => {
    expect(isIdentifierName("class")).toBe(true);
    expect(isIdentifierName("content-type")).toBe(false);
  });
});

describe("assignIdentifiers", () => {
  it("passes valid names through unchanged", () => {
    const names = ["get_weather", "readFile", "_x", "ñandú"];
    expect([...assignIdentifiers(names)]).toEqual(names.map((name) => [name, name]));
  });

  it("sanitizes MCP-style names", () => {
    const ids = assignIdentifiers([
      "get-file",
      "fs.read",
      "2fa",
      "my tool",
      "search/web (beta)",
      "🔥hot",
      "---",
    ]);
    expect(Object.fromEntries(ids)).toEqual({
      "get-file": "get_file",
      "fs.read": "fs_read",
      "2fa": "_2fa",
      "my tool": "my_tool",
      "search/web (beta)": "search_web_beta",
      "🔥hot": "hot",
      "---": "tool",
    });
  });

  it("suffixes reserved words, eval, arguments and names the sandbox defines", () => {
    const ids = assignIdentifiers([
      "delete",
      "class",
      "eval",
      "arguments",
      "final_answer",
      "console",
      "Promise",
    ]);
    expect([...ids.values()]).toEqual([
      "delete_",
      "class_",
      "eval_",
      "arguments_",
      "final_answer_",
      "console_",
      "Promise_",
    ]);
    expect(RESERVED_GLOBALS).toEqual(expect.arrayContaining(["final_answer", "console", "globalThis"]));
  });

  it("renames a tool named after any standard global, never shadowing the builtin", () => {
    const ids = assignIdentifiers(["Function", "Reflect", "parseInt", "Intl", "setTimeout", "get_file"]);
    expect([...ids.values()]).toEqual([
      "Function_",
      "Reflect_",
      "parseInt_",
      "Intl_",
      "setTimeout_",
      "get_file",
    ]);
  });

  it("numbers names that collide after sanitizing", () => {
    expect([...assignIdentifiers(["get-file", "get.file", "get file"]).values()]).toEqual([
      "get_file",
      "get_file_2",
      "get_file_3",
    ]);
  });

  it("gives a valid name priority over a sanitized one, whatever the order", () => {
    const ids = assignIdentifiers(["get-file", "get_file", "get_file_2", "get.file"]);
    expect(Object.fromEntries(ids)).toEqual({
      "get-file": "get_file_3",
      get_file: "get_file",
      get_file_2: "get_file_2",
      "get.file": "get_file_4",
    });
  });

  it("returns unique identifiers for every input", () => {
    const names = ["a-b", "a_b", "a.b", "a b", "class", "class_", "class!", "1", "_1", "", " "];
    const ids = assignIdentifiers(names);
    expect(ids.size).toBe(names.length);
    expect(new Set(ids.values()).size).toBe(names.length);
    for (const id of ids.values()) expect(isIdentifier(id), id).toBe(true);
    expect(ids.get("class")).toBe("class__2"); // "class_" is a valid name, so it keeps it
    expect(ids.get("class!")).toBe("class__3");
  });

  it("is deterministic and ignores repeated names", () => {
    const names = ["x-y", "x-y", "x.y"];
    expect([...assignIdentifiers(names)]).toEqual([...assignIdentifiers(names)]);
    expect([...assignIdentifiers(names)]).toEqual([
      ["x-y", "x_y"],
      ["x.y", "x_y_2"],
    ]);
  });
});
