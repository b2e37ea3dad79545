import { ExecutionError } from "@codeact/core";
import { describe, expect, it } from "vitest";
import { QuickJSExecutor } from "./quickjs-executor.js";
import { controllable, openSession, until } from "./test-utils.js";

describe("dispose", () => {
  it("makes later executes throw a clear ExecutionError", async () => {
    const session = await new QuickJSExecutor().createSession({ functions: {} });
    await session.dispose();
    await session[Symbol.asyncDispose]();
    const error = await session.execute("1").catch((e: unknown) => e);
    expect(ExecutionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "disposed", sessionLost: true });
  });

  it("stops a running execute and aborts its pending host calls", async () => {
    const hang = controllable();
    const session = await openSession({ functions: { hang } });
    const running = session.execute("await Promise.all([hang(), hang()])");
    await until(() => hang.calls.length === 2);
    await session.dispose();
    await expect(running).rejects.toMatchObject({ code: "disposed", sessionLost: true });
    expect(hang.calls.every((call: { signal: AbortSignal }) => call.signal.aborted)).toBe(true);
    expect(session.disposeFailure).toBeUndefined();
  });
});
