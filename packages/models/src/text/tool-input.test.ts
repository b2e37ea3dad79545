import { describe, expect, it } from "vitest";
import { parseToolInput, toolInputText } from "./tool-input.js";

describe("parseToolInput", () => {
  it("parses JSON text", () => {
    expect(parseToolInput('{"city":"Paris"}')).toEqual({ city: "Paris" });
  });

  it("takes an object as it is (TGI sends arguments as an object)", () => {
    expect(parseToolInput({ city: "Berlin" })).toEqual({ city: "Berlin" });
  });

  it("reads empty arguments as no arguments", () => {
    expect(parseToolInput("")).toEqual({});
    expect(parseToolInput("  ")).toEqual({});
    expect(parseToolInput(null)).toEqual({});
    expect(parseToolInput(undefined)).toEqual({});
  });

  it("keeps invalid JSON as the raw string, for the agent's validation to report", () => {
    expect(parseToolInput('{"city": "Par')).toBe('{"city": "Par');
  });

  it("unwraps double-encoded JSON", () => {
    expect(parseToolInput(JSON.stringify(JSON.stringify({ a: 1 })))).toEqual({ a: 1 });
    expect(parseToolInput('"just a string"')).toBe("just a string");
  });

  it("sends raw strings back exactly as the model wrote them", () => {
    expect(toolInputText('{"city": "Par')).toBe('{"city": "Par');
    expect(toolInputText({ a: 1 })).toBe('{"a":1}');
    expect(toolInputText(undefined)).toBe("{}");
  });
});
