import { RESERVED_GLOBALS } from "@codeact/core";
import { describe, expect, it } from "vitest";
import { openSession } from "./test-utils.js";

describe("the sandbox's globals", () => {
  it("are all reserved, so no tool is ever named after one and shadows it", async () => {
    const session = await openSession({}, { timers: true });
    const { value } = await session.execute("Object.getOwnPropertyNames(globalThis)");
    const unreserved = (value as string[]).filter((name) => !RESERVED_GLOBALS.includes(name));
    expect(unreserved).toEqual([]);
  });
});
