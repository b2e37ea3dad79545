import { describe, expect, it } from "vitest";
import { replDeclarations } from "./repl-declarations.js";

describe("replDeclarations", () => {
  it("turns top-level const, let and class into var, keeping every line where it was", async () => {
    const code = "const a = 1, { b } = o;\nlet c;\nlet d = 2;\nclass K extends Base {}\n(go)()";
    const rewritten = await replDeclarations(code);
    expect(rewritten).toBe(
      "var   a = 1, { b } = o;\nvar c = void 0;\nvar d = 2;\nvar K = class K extends Base {};\n(go)()",
    );
    expect(rewritten.split("\n")).toHaveLength(code.split("\n").length);
  });

  it("leaves declarations inside blocks, loops and functions alone", async () => {
    const code =
      "for (let i = 0; i < 2; i++) { const x = i; }\nfunction f() { let y; class Z {} }\n{ const z = 1; }";
    expect(await replDeclarations(code)).toBe(code);
  });

  it("keeps top-level await working and passes code that does not parse through unchanged", async () => {
    expect(await replDeclarations("const r = await get();")).toBe("var   r = await get();");
    for (const code of ["const = ;", "let x = 1;\nlet x = 2;", "import x from 'y'; const a = 1;"]) {
      expect(await replDeclarations(code)).toBe(code);
    }
  });

  it("does not parse code that declares nothing", async () => {
    expect(await replDeclarations("console.log(constant, letter)")).toBe("console.log(constant, letter)");
  });
});
