import { describe, expect, it } from "vitest";
import { CodeActError } from "../errors/codeact-error.js";
import type { ModelStreamPart } from "../model.js";
import { ScriptedModel } from "./scripted-model.js";

const ask = (content: string) => ({ messages: [{ role: "user" as const, content }] });

describe("ScriptedModel", () => {
  it("replays responses in order and records every request", async () => {
    const model = new ScriptedModel([
      "first",
      { text: "", toolCalls: [{ id: "1", name: "t", input: {} }] },
      (request) => `echo ${request.messages[0]?.content}`,
    ]);
    expect((await model.generate(ask("a"))).text).toBe("first");
    expect(await model.generate(ask("b"))).toMatchObject({
      finishReason: "tool-calls",
      toolCalls: [{ name: "t" }],
    });
    expect((await model.generate(ask("c"))).text).toBe("echo c");
    expect(model.requests.map((entry) => [entry.index, entry.request.messages[0]?.content])).toEqual([
      [0, "a"],
      [1, "b"],
      [2, "c"],
    ]);
  });

  it("says clearly when the script runs out", async () => {
    const model = new ScriptedModel(["only"]);
    await model.generate(ask("a"));
    const error = await model.generate(ask("b")).catch((caught) => caught);
    expect(CodeActError.isInstance(error)).toBe(true);
    expect(error.message).toBe("ScriptedModel has no response for call 2: it was given 1.");
  });

  it("streams text in deltas and ends with the whole response", async () => {
    const model = new ScriptedModel(["a fairly long answer that spans several deltas"]);
    const parts: ModelStreamPart[] = [];
    for await (const part of model.stream!(ask("go"))) parts.push(part);
    const deltas = parts.flatMap((part) => (part.type === "text-delta" ? [part.delta] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("a fairly long answer that spans several deltas");
    expect(parts.at(-1)).toMatchObject({ type: "finish", response: { text: deltas.join("") } });
  });

  it("offers no stream when asked not to, and throws scripted errors", async () => {
    const model = new ScriptedModel([new Error("boom")], { stream: false });
    expect(model.stream).toBeUndefined();
    await expect(model.generate(ask("x"))).rejects.toThrow("boom");
  });
});
