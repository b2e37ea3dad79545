import { describe, expect, it } from "vitest";
import { ThoughtFilter } from "./thought-filter.js";

function feed(deltas: string[]): { shown: string; rest: string } {
  const filter = new ThoughtFilter();
  const shown = deltas.map((delta) => filter.push(delta)).join("");
  return { shown, rest: filter.end() };
}

describe("ThoughtFilter", () => {
  it("streams the thought and holds back the code block, even when its fence arrives in pieces", () => {
    const { shown, rest } = feed(["Thought: add", " them up.\n`", "`", "`js\nconst a = 1;\n", "```"]);
    expect(shown).toBe("Thought: add them up.\n");
    expect(rest).toBe("");
  });

  it("prints prose at once when it cannot start a fence", () => {
    const filter = new ThoughtFilter();
    expect(filter.push("I will")).toBe("I will");
    expect(filter.push(" use `code` inline")).toBe(" use `code` inline");
  });

  it("releases a held-back line that turns out not to be a fence", () => {
    expect(feed(["Done.\n``", " is not a fence\n"]).shown).toBe("Done.\n`` is not a fence\n");
  });

  it("holds back <code> tags and returns a trailing partial line at the end", () => {
    expect(feed(["Plan:\n<co", "de>\nfinal_answer(1)\n</code>"]).shown).toBe("Plan:\n");
    expect(feed(["The answer is 4"]).shown).toBe("The answer is 4");
    expect(feed(["Hmm\n``"]).rest).toBe("``");
  });

  it("starts fresh after end()", () => {
    const filter = new ThoughtFilter();
    filter.push("```js\nx\n");
    filter.end();
    expect(filter.push("Next thought.")).toBe("Next thought.");
  });
});
