import { describe, expect, it } from "vitest";
import { TransportFailure } from "../errors/failure.js";
import { ChatStreamAssembler } from "./stream-assembler.js";

const chunk = (delta: unknown, finish: string | null = null, index = 0) => ({
  choices: [{ index, delta, finish_reason: finish }],
});

function assemble(chunks: unknown[]) {
  const assembler = new ChatStreamAssembler();
  const parts = chunks.flatMap((item) => assembler.push(item));
  return [...parts, ...assembler.finish()];
}

describe("ChatStreamAssembler", () => {
  it("follows tool calls by id when a server leaves out `index`", () => {
    const parts = assemble([
      chunk({ tool_calls: [{ id: "a", type: "function", function: { name: "f", arguments: '{"x":' } }] }),
      chunk({ tool_calls: [{ id: "b", type: "function", function: { name: "g", arguments: "{}" } }] }),
      chunk({ tool_calls: [{ id: "a", function: { arguments: "1}" } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(parts.at(-1)).toMatchObject({
      type: "finish",
      response: {
        toolCalls: [
          { id: "a", name: "f", input: { x: 1 } },
          { id: "b", name: "g", input: {} },
        ],
      },
    });
  });

  it("starts a new call when a new id comes with an index already used", () => {
    const parts = assemble([
      chunk({ tool_calls: [{ index: 0, id: "a", function: { name: "f", arguments: "{}" } }] }),
      chunk({ tool_calls: [{ index: 0, id: "b", function: { name: "f", arguments: '{"y":2}' } }] }),
      chunk({}, "tool_calls"),
    ]);
    const response = parts.at(-1)?.type === "finish" ? parts.at(-1) : undefined;
    expect(response).toMatchObject({ response: { toolCalls: [{ id: "a" }, { id: "b", input: { y: 2 } }] } });
  });

  it("takes arguments sent as an object in a delta", () => {
    const parts = assemble([
      chunk({ tool_calls: [{ index: 0, id: "c", function: { name: "f", arguments: { city: "Rome" } } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(parts[0]).toEqual({ type: "tool-call-delta", id: "c", name: "f", inputDelta: '{"city":"Rome"}' });
    expect(parts.at(-1)).toMatchObject({ response: { toolCalls: [{ id: "c", input: { city: "Rome" } }] } });
  });

  it("reads content given as an array of text parts and ignores other choices", () => {
    const parts = assemble([
      chunk({
        content: [
          { type: "text", text: "Hel" },
          { type: "text", text: "lo" },
        ],
      }),
      chunk({ content: "ignored" }, null, 1),
      chunk({}, "stop"),
    ]);
    expect(parts.at(-1)).toMatchObject({ response: { text: "Hello", finishReason: "stop" } });
  });

  it("calls a stream that ends before any finish reason a network failure", () => {
    const assembler = new ChatStreamAssembler();
    assembler.push(chunk({ content: "Hal" }));
    expect(() => assembler.finish()).toThrow(TransportFailure);
    expect(() => assembler.finish()).toThrow(/ended before the model finished/);
  });
});
