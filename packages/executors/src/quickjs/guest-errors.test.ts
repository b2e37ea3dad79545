import { describe, expect, it } from "vitest";
import { declarationLine } from "./guest-errors.js";
import { openSession } from "./test-utils.js";

describe("declarationLine", () => {
  it.each([
    ["const a = 1;", "a", 1],
    ["let x = 0;\n\nlet a = 2;", "a", 3],
    ["const { b, a } = obj;", "a", 1],
    ["const [a] = list;", "a", 1],
    ["class a {}", "a", 1],
    ["\nfunction* a() {}", "a", 2],
    ["let ab = 1;\nvar $a = 2;\nconst a = 3;", "a", 3],
    ["const x = a;", "a", undefined],
  ])("finds %j declaring %s on line %s", (code, name, line) => {
    expect(declarationLine(code, name)).toBe(line);
  });
});

describe("redeclaration errors", () => {
  it("carry the line of the declaration QuickJS refused", async () => {
    const session = await openSession();
    await session.execute("const total = 1;");
    const result = await session.execute("console.log('first');\n\nconst total = 2;");
    expect(result.error).toEqual({ name: "SyntaxError", message: "redeclaration of 'total'", line: 3 });
  });
});
