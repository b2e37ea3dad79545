import type { ModelResponse, ModelStreamPart } from "@codeact/core";
import { describe, expect, it } from "vitest";
import { applyStop, StopCutter } from "./stop-sequences.js";

const response = (text: string): ModelResponse => ({
  text,
  toolCalls: [],
  finishReason: "length",
  usage: { inputTokens: 1, outputTokens: 2 },
});

function run(stops: string[] | undefined, deltas: string[]): ModelStreamPart[] {
  const cutter = new StopCutter(stops);
  const parts = deltas.flatMap((delta) => cutter.push({ type: "text-delta", delta }));
  return [...parts, ...cutter.push({ type: "finish", response: response(deltas.join("")) })];
}

const text = (parts: ModelStreamPart[]) =>
  parts.map((part) => (part.type === "text-delta" ? part.delta : "")).join("");

describe("applyStop", () => {
  it("cuts before the earliest stop sequence and reports a stop", () => {
    const cut = applyStop(response("code\nObservation: 42\nEND"), ["END", "Observation:"]);
    expect(cut).toMatchObject({ text: "code\n", finishReason: "stop", usage: { outputTokens: 2 } });
  });

  it("leaves text without a stop sequence alone", () => {
    const same = response("nothing to cut");
    expect(applyStop(same, ["Observation:"])).toBe(same);
    expect(applyStop(same, [""])).toBe(same);
  });
});

describe("StopCutter", () => {
  it("cuts a stop sequence split across deltas without leaking any of it", () => {
    const parts = run(["Observation:"], ["```js\nx\n```\nObs", "erva", "tion: 4", "2 and more"]);
    expect(text(parts)).toBe("```js\nx\n```\n");
    expect(parts.at(-1)).toMatchObject({
      type: "finish",
      response: { text: "```js\nx\n```\n", finishReason: "stop" },
    });
  });

  it("releases held-back text once it turns out not to be a stop sequence", () => {
    const parts = run(["Observation:"], ["I will Obs", "erve the sky."]);
    expect(text(parts)).toBe("I will Observe the sky.");
    expect(parts.map((part) => part.type)).toEqual(["text-delta", "text-delta", "finish"]);
    expect(parts[0]).toEqual({ type: "text-delta", delta: "I will " });
  });

  it("flushes held-back text at the end of the stream", () => {
    expect(text(run(["Observation:"], ["ends with Obs"]))).toBe("ends with Obs");
  });

  it("passes everything through without stop sequences", () => {
    const parts = run(undefined, ["a", "b"]);
    expect(parts.map((part) => (part.type === "text-delta" ? part.delta : part.type))).toEqual([
      "a",
      "b",
      "finish",
    ]);
  });

  it("keeps tool-call deltas", () => {
    const cutter = new StopCutter(["X"]);
    const delta: ModelStreamPart = { type: "tool-call-delta", id: "c1", name: "f", inputDelta: "{}" };
    expect(cutter.push(delta)).toEqual([delta]);
  });
});
