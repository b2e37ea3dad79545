import { describe, expect, it } from "vitest";
import { ParsingError } from "../errors/parsing-error.js";
import { extractCode, stripTypes } from "./parse-code.js";

describe("extractCode", () => {
  it("takes a ```js block after a thought", () => {
    const text =
      'Thought: I will look up the weather.\n```js\nconst w = await get_weather({ city: "Paris" });\nconsole.log(w);\n```\n';
    expect(extractCode(text)).toBe('const w = await get_weather({ city: "Paris" });\nconsole.log(w);');
  });

  it.each(["javascript", "ts", "typescript", "JS", "tsx", ""])("accepts a block labelled %j", (language) => {
    expect(extractCode(`Here:\n\`\`\`${language}\nfinal_answer(1)\n\`\`\``)).toBe("final_answer(1)");
  });

  it("joins several blocks in order", () => {
    const text = "First:\n```js\nconst a = 1;\n```\nThen:\n```js\nfinal_answer(a + 1);\n```";
    expect(extractCode(text)).toBe("const a = 1;\n\nfinal_answer(a + 1);");
  });

  it("keeps a block cut off by a stop sequence before its closing fence", () => {
    expect(
      extractCode(
        "Thought: sum it.\n```js\nconst total = [1, 2].reduce((a, b) => a + b);\nconsole.log(total)",
      ),
    ).toBe("const total = [1, 2].reduce((a, b) => a + b);\nconsole.log(total)");
  });

  it("skips blocks in other languages when a JavaScript block is present", () => {
    const text = 'The data:\n```json\n{"a": 1}\n```\nThe code:\n```js\nconsole.log(1)\n```';
    expect(extractCode(text)).toBe("console.log(1)");
  });

  it("keeps backticks of template literals inside a block", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the model's code holds a template literal.
    const text = "```js\nconst s = `a ${1} b`;\nconsole.log(s);\n```";
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the expected code holds a template literal.
    expect(extractCode(text)).toBe("const s = `a ${1} b`;\nconsole.log(s);");
  });

  it("accepts <code> tags, closed or cut", () => {
    expect(extractCode("Thought: go.\n<code>\nfinal_answer(2)\n</code>")).toBe("final_answer(2)");
    expect(extractCode("Thought: go.\n<code>\nfinal_answer(3)\n")).toBe("final_answer(3)");
  });

  it("accepts tilde fences and indented fences", () => {
    expect(extractCode("~~~js\nfinal_answer(4)\n~~~")).toBe("final_answer(4)");
    expect(extractCode("  ```js\n  final_answer(5)\n  ```")).toBe("  final_answer(5)");
  });

  it("rejects prose with no code, telling the model what to write", () => {
    expect(() => extractCode("The answer is probably 42.")).toThrow(ParsingError);
    expect(() => extractCode("The answer is probably 42.")).toThrow(/No code block.*```js/);
  });

  it("says so when the only code is in another language", () => {
    expect(() => extractCode("```python\nprint(1)\n```")).toThrow(/marked as python.*only runs JavaScript/);
  });

  it("rejects an empty block", () => {
    expect(() => extractCode("```js\n\n```")).toThrow(ParsingError);
  });
});

describe("stripTypes", () => {
  it("removes annotations, interfaces, type aliases, generics, casts and non-null assertions", async () => {
    const code = [
      "interface City { name: string }",
      "type Temp = number;",
      "const cities: City[] = [{ name: 'Paris' }];",
      "function first<T>(items: T[]): T { return items[0]!; }",
      "const t = (await get_weather({ city: first(cities).name } as any)) satisfies unknown;",
      "final_answer(t as Temp);",
    ].join("\n");
    const stripped = await stripTypes(code);
    expect(stripped).not.toMatch(/interface|type Temp|: City|<T>|as any|satisfies|!;/);
    // Line numbers survive, so errors point at the model's own lines.
    expect(stripped.split("\n")).toHaveLength(6);
    expect(stripped.split("\n")[5]).toBe("final_answer(t );");
    expect(() => new Function(`return (async () => { ${stripped.replace(/await /g, "")} })`)).not.toThrow();
  });

  it("leaves plain JavaScript unchanged", async () => {
    const code = "const a = { b: 1 };\nlet c = a?.b ?? 2;\nfor (const x of [1, 2]) c += x;\nc";
    expect(await stripTypes(code)).toBe(code);
  });

  it("returns code that does not parse unchanged so the sandbox reports the error", async () => {
    expect(await stripTypes("const = ;")).toBe("const = ;");
  });
});
