import { describe, expect, it } from "vitest";
import type { RuntimeFields } from "./runtime-fields.js";
import { DEFAULT_STACK_BYTES, PARSE_STACK_BYTES, StackGuard } from "./stack-guard.js";

const TOP = 5_000_000;

/** Fields of a runtime whose stack top is TOP, with the default limit. */
function fakeFields(): RuntimeFields {
  return { stackTop: TOP, stackLimit: TOP - DEFAULT_STACK_BYTES } as RuntimeFields;
}

describe("StackGuard", () => {
  it("defaults to 160 KiB for calls and gives the parser a fraction of that", () => {
    expect(DEFAULT_STACK_BYTES).toBe(160 * 1024);
    expect(PARSE_STACK_BYTES).toBe(23_040);
  });

  it("gives a builtin called at the top the whole budget of its kind", () => {
    const fields = fakeFields();
    const guard = new StackGuard(fields, () => TOP, DEFAULT_STACK_BYTES);
    guard.narrow("parse");
    expect(TOP - fields.stackLimit).toBe(PARSE_STACK_BYTES);
    guard.release();
    expect(fields.stackLimit).toBe(TOP - DEFAULT_STACK_BYTES);
  });

  it("gives less the deeper the stack already is, counting each region at its own rate", () => {
    const fields = fakeFields();
    let sp = TOP - 80 * 1024;
    const guard = new StackGuard(fields, () => sp, DEFAULT_STACK_BYTES);
    guard.narrow("jsonStringify");
    // Calls used half of the safe share, so half of JSON.stringify's budget is left.
    expect(sp - fields.stackLimit).toBe(Math.floor(0.3125 * 84 * 1024));
    // 10 KiB into JSON.stringify (a toJSON calling eval), the parser gets what is left of both.
    sp -= 10 * 1024;
    guard.narrow("parse");
    expect(sp - fields.stackLimit).toBe(Math.floor((0.3125 - (10 * 1024) / (84 * 1024)) * 36 * 1024));
    guard.release();
    guard.release();
    expect(fields.stackLimit).toBe(TOP - DEFAULT_STACK_BYTES);
  });

  it("never loosens a limit: past the safe share, a builtin gets no more stack at all", () => {
    const fields = fakeFields();
    const guard = new StackGuard(fields, () => TOP - 170 * 1024, DEFAULT_STACK_BYTES);
    guard.narrow("parse");
    expect(fields.stackLimit).toBe(TOP - DEFAULT_STACK_BYTES);
  });

  it("puts the session's limit back when released regions were skipped", () => {
    const fields = fakeFields();
    const guard = new StackGuard(fields, () => TOP - 1024, DEFAULT_STACK_BYTES);
    guard.narrow("jsonParse");
    guard.narrow("parse");
    guard.reset();
    expect(fields.stackLimit).toBe(TOP - DEFAULT_STACK_BYTES);
    guard.release();
    expect(fields.stackLimit).toBe(TOP - DEFAULT_STACK_BYTES);
  });

  it("trusts only a stack pointer that starts next to the recorded top", () => {
    expect(StackGuard.check(fakeFields(), () => TOP + 16)).toBe(true);
    expect(StackGuard.check(fakeFields(), () => TOP - 16)).toBe(false);
    expect(StackGuard.check(fakeFields(), () => 0)).toBe(false);
  });
});
