import { describe, expect, it } from "vitest";
import { splitThinking, ThinkSplitter } from "./think-tags.js";

describe("think tags", () => {
  it("moves a leading <think> block out of the answer", () => {
    expect(splitThinking("<think>\nLet me add.\n</think>\n\nThe answer is 4.")).toEqual({
      text: "The answer is 4.",
      reasoning: "\nLet me add.\n",
    });
  });

  it("leaves answers without a leading block alone", () => {
    expect(splitThinking("Use <think> tags like this.")).toEqual({
      text: "Use <think> tags like this.",
      reasoning: "",
    });
    expect(splitThinking("")).toEqual({ text: "", reasoning: "" });
  });

  it("splits a streamed block whose tags are cut across deltas", () => {
    const splitter = new ThinkSplitter();
    const pieces = ["<thi", "nk>Two plus", " two.</th", "ink>", "\n\n", "Four", "."];
    const results = [...pieces.map((piece) => splitter.push(piece)), splitter.end()];
    expect(results.map((result) => result.text).join("")).toBe("Four.");
    expect(results.map((result) => result.reasoning).join("")).toBe("Two plus two.");
    // Text starts flowing as soon as it is known to be text.
    expect(results[5]).toEqual({ text: "Four", reasoning: "" });
  });

  it("treats an unclosed block as all thinking (the answer was cut by the length limit)", () => {
    expect(splitThinking("<think>still thinking")).toEqual({ text: "", reasoning: "still thinking" });
  });
});
