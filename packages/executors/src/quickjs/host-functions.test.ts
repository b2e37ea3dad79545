import { ToolError } from "@codeact/core";
import { describe, expect, it, vi } from "vitest";
import { controllable, openSession, until } from "./test-utils.js";

describe("host functions", () => {
  it("are global async functions that take and return JSON copies", async () => {
    const getWeather = vi.fn(async (input: unknown) => ({
      city: (input as { city: string }).city,
      tempC: 21,
    }));
    const session = await openSession({ functions: { get_weather: getWeather } });
    const result = await session.execute(
      "const w = await get_weather({ city: 'Paris' }); w.city + ': ' + w.tempC",
    );
    expect(result.value).toBe("Paris: 21");
    expect(getWeather).toHaveBeenCalledWith({ city: "Paris" }, { signal: expect.any(AbortSignal) });
  });

  it("accept undefined as the argument", async () => {
    const fn = vi.fn(async (_input: unknown) => "ok");
    const session = await openSession({ functions: { ping: fn } });
    expect((await session.execute("await ping()")).value).toBe("ok");
    expect(fn.mock.calls[0]?.[0]).toBeUndefined();
  });

  it("run concurrently under Promise.all", async () => {
    const slow = controllable();
    const session = await openSession({ functions: { slow } });
    const running = session.execute("await Promise.all([slow(1), slow(2), slow(3)])");
    await until(() => slow.calls.length === 3);
    // Settle them in reverse order: each result must still land in its own slot.
    for (const call of [...slow.calls].reverse()) call.resolve((call.input as number) * 10);
    expect((await running).value).toEqual([10, 20, 30]);
  });

  it("reject in the guest with the host error's name and message, which the guest can catch", async () => {
    const session = await openSession({
      functions: {
        search: async () => {
          throw new ToolError({ toolName: "search", message: "The index is offline." });
        },
      },
    });
    const caught = await session.execute(
      "try { await search({}) } catch (e) { (e instanceof Error) + ' ' + e.name + ': ' + e.message }",
    );
    expect(caught.value).toBe("true ToolError: The index is offline.");
    const uncaught = await session.execute("const a = 1;\nawait search({});");
    expect(uncaught.error).toEqual({ name: "ToolError", message: "The index is offline.", line: 2 });
  });

  it("turn a synchronous throw of the host function into a rejection", async () => {
    const session = await openSession({
      functions: {
        broken: (() => {
          throw new Error("sync");
        }) as never,
      },
    });
    expect((await session.execute("await broken()")).error).toMatchObject({ message: "sync" });
  });

  it("never share objects: mutations on either side stay on that side", async () => {
    const hostObject = { list: [1, 2], nested: { n: 1 } };
    const received: unknown[] = [];
    const session = await openSession({
      functions: {
        get: async () => hostObject,
        put: async (input: unknown) => {
          received.push(input);
          (input as { list: number[] }).list.push(99);
        },
      },
      globals: { config: hostObject },
    });
    await session.execute(
      "const copy = await get(); copy.list.push(3); copy.nested.n = 2; config.list.length = 0;",
    );
    expect(hostObject).toEqual({ list: [1, 2], nested: { n: 1 } });
    hostObject.nested.n = 100;
    expect((await session.execute("[copy.nested.n, config.nested.n]")).value).toEqual([2, 1]);
    await session.execute("const mine = { list: [1] }; await put(mine);");
    expect((await session.execute("mine.list")).value).toEqual([1]);
    expect(received).toEqual([{ list: [1, 99] }]);
  });

  it("receive non-JSON arguments converted to readable values", async () => {
    const echo = vi.fn(async (input: unknown) => input);
    const session = await openSession({ functions: { echo } });
    const { value } = await session.execute(
      "const o = { f() {}, b: 2n, u: undefined }; o.o = o; await echo(o)",
    );
    expect(echo.mock.calls[0]?.[0]).toEqual({ f: "[Function: f]", b: "2n", o: "[Circular]" });
    expect(value).toEqual({ f: "[Function: f]", b: "2n", o: "[Circular]" });
  });

  it("give the guest a copy of non-JSON host results", async () => {
    const cyclic: Record<string, unknown> = { when: new Date(0), big: 5n };
    cyclic.self = cyclic;
    const session = await openSession({ functions: { get: async () => cyclic } });
    expect((await session.execute("await get()")).value).toEqual({
      when: "1970-01-01T00:00:00.000Z",
      big: "5n",
      self: "[Circular]",
    });
  });

  it("are waited for when the code does not await them", async () => {
    const record = vi.fn(async () => "done");
    const session = await openSession({ functions: { record } });
    await session.execute("record(1); record(2);");
    expect(record).toHaveBeenCalledTimes(2);
  });
});

describe("final_answer", () => {
  it("is recorded with the value the guest passed when its host function resolves", async () => {
    const session = await openSession({ functions: { final_answer: async () => undefined } });
    const result = await session.execute(
      "const answer = { city: 'Paris', tempC: 21 };\nawait final_answer(answer);",
    );
    expect(result.finalAnswer).toEqual({ value: { city: "Paris", tempC: 21 } });
    expect(result.error).toBeUndefined();
  });

  it("is recorded when the call is not awaited", async () => {
    const session = await openSession({ functions: { final_answer: async () => undefined } });
    expect((await session.execute("final_answer(42)")).finalAnswer).toEqual({ value: 42 });
  });

  it("is absent from executes that do not call it", async () => {
    const session = await openSession({ functions: { final_answer: async () => undefined } });
    expect((await session.execute("1")).finalAnswer).toBeUndefined();
  });

  it("is not recorded when the host rejects it; the rejection is the guest error", async () => {
    const rejecting = async () => {
      throw new Error("The final answer must be a number.");
    };
    const session = await openSession({ functions: { final_answer: rejecting } });
    const awaited = await session.execute("await final_answer('x')");
    expect(awaited).toMatchObject({ error: { message: "The final answer must be a number." } });
    expect(awaited.finalAnswer).toBeUndefined();
    const notAwaited = await session.execute("final_answer('x'); console.log('after')");
    expect(notAwaited).toMatchObject({
      logs: "after",
      error: { message: "The final answer must be a number." },
    });
  });
});
