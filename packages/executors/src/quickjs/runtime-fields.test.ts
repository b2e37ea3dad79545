import { describe, expect, it } from "vitest";
import { instantiateQuickJS } from "./module.js";
import { RuntimeFields } from "./runtime-fields.js";

async function probed(stackSizeBytes: number) {
  const instance = await instantiateQuickJS(32 * 1024 * 1024);
  const runtime = instance.module.newRuntime();
  const context = runtime.newContext();
  const fields = RuntimeFields.probe(instance.memory.memory, runtime, context, stackSizeBytes);
  const dispose = () => {
    context.dispose();
    runtime.dispose();
  };
  return { instance, runtime, context, fields, dispose };
}

describe("RuntimeFields", () => {
  it("finds the stack limit QuickJS checks against, and leaves the configured size set", async () => {
    const { fields, context, dispose } = await probed(100 * 1024);
    expect(fields).toBeDefined();
    expect(fields!.stackLimit).toBe(fields!.stackTop - 100 * 1024);
    // Raising the limit to the top makes the next call overflow.
    fields!.stackLimit = fields!.stackTop;
    const result = context.evalCode("(function f() { return 1; })()");
    fields!.stackLimit = fields!.stackTop - 100 * 1024;
    expect(result.error).toBeDefined();
    expect(context.getProp(result.error!, "message").consume(context.getString)).toBe("stack overflow");
    result.error?.dispose();
    if (!result.error) result.dispose();
    dispose();
  });

  it("counts queued promise jobs, stopping one past the maximum", async () => {
    const { fields, runtime, context, dispose } = await probed(100 * 1024);
    context
      .unwrapResult(context.evalCode("for (let i = 0; i < 5; i++) Promise.resolve().then(() => {})"))
      .dispose();
    expect(fields!.countJobs(100)).toBe(5);
    expect(fields!.countJobs(2)).toBe(3);
    runtime.executePendingJobs();
    expect(fields!.countJobs(100)).toBe(0);
    dispose();
  });

  it("keeps reading the right words after the memory grows", async () => {
    const { fields, context, dispose } = await probed(100 * 1024);
    context.unwrapResult(context.evalCode("globalThis.keep = new Uint8Array(8 << 20); 1")).dispose();
    expect(fields!.stackLimit).toBe(fields!.stackTop - 100 * 1024);
    context.unwrapResult(context.evalCode("keep = null")).dispose();
    dispose();
  });
});
