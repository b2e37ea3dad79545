import { expect, it } from "vitest";
import { compiledQuickJSModule, instantiateQuickJS } from "./module.js";

it("compiles the WebAssembly module once per process", async () => {
  const first = compiledQuickJSModule();
  expect(compiledQuickJSModule()).toBe(first);
  expect(await first).toBeInstanceOf(WebAssembly.Module);
});

it("gives each instance its own memory, capped at the limit", async () => {
  const a = await instantiateQuickJS(32 * 1024 * 1024);
  const b = await instantiateQuickJS(32 * 1024 * 1024);
  expect(a.getWasmMemory()).not.toBe(b.getWasmMemory());
  expect(() => a.getWasmMemory().grow(512)).toThrow(RangeError);
});
