import { expect, it } from "vitest";
import { compiledQuickJSModule, instantiateQuickJS } from "./module.js";

it("compiles the WebAssembly module once per process", async () => {
  const first = compiledQuickJSModule();
  expect(compiledQuickJSModule()).toBe(first);
  expect(await first).toBeInstanceOf(WebAssembly.Module);
});

it("gives each instance its own memory, capped at the limit, and counts refused growth", async () => {
  const a = await instantiateQuickJS(32 * 1024 * 1024);
  const b = await instantiateQuickJS(32 * 1024 * 1024);
  expect(a.module.getWasmMemory()).toBe(a.memory.memory);
  expect(a.memory.memory).not.toBe(b.memory.memory);
  expect(() => a.memory.memory.grow(512)).toThrow(RangeError);
  expect(a.memory.growFailures).toBe(1);
  expect(b.memory.growFailures).toBe(0);
});

it("exposes the stack pointer of the instance", async () => {
  const { stackPointer } = await instantiateQuickJS(32 * 1024 * 1024);
  expect(stackPointer).toBeTypeOf("function");
  expect(stackPointer!()).toBeGreaterThan(0);
});
