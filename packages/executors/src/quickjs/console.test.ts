import { describe, expect, it } from "vitest";
import { LogBuffer } from "./console.js";
import { controllable, openSession, until } from "./test-utils.js";

describe("console capture", () => {
  it("collects every level into logs, one line per call, in order across awaits", async () => {
    const wait = controllable();
    const session = await openSession({ functions: { wait } });
    const running = session.execute(
      "console.log('a'); console.info('b'); const r = await wait(); console.warn('c', r); console.error('d'); console.debug('e')",
    );
    await until(() => wait.calls.length === 1);
    wait.calls[0]?.resolve(1);
    expect((await running).logs).toBe("a\nb\nc 1\nd\ne");
  });

  it("formats plain data like Node's console", async () => {
    const session = await openSession();
    const { logs } = await session.execute(`
      console.log({ a: 1, 'b-c': 'x', list: [1, 'two', null, undefined], deep: { l1: { l2: { l3: {} } } } });
      console.log([], {}, 1.5, -0, 10n, true, Symbol('s'), function named() {}, class Foo {});
      console.log(new Map([['k', 1]]), new Set([1]), new Uint8Array([1, 2]));
      const c = { name: 'c' }; c.self = c; console.log(c);
      console.log('%s is %d years', 'Ann', 42, 'extra');
    `);
    expect(logs.split("\n")).toEqual([
      "{",
      "  a: 1,",
      "  'b-c': 'x',",
      "  list: [ 1, 'two', null, undefined ],",
      "  deep: { l1: { l2: [Object] } }",
      "}",
      "[] {} 1.5 -0 10n true Symbol(s) [Function: named] [class Foo]",
      "Map(1) { 'k' => 1 } Set(1) { 1 } Uint8Array(2) [ 1, 2 ]",
      "{ name: 'c', self: [Circular] }",
      "Ann is 42 years extra",
    ]);
  });

  it("prints errors with their name, message and stack", async () => {
    const session = await openSession();
    const { logs } = await session.execute("\nconsole.error(new RangeError('bad'))");
    expect(logs).toMatch(/^RangeError: bad\n {4}at <eval> \(code-\d+\.js:2/);
  });

  it("truncates past maxLogChars with a marker", async () => {
    const session = await openSession({}, { maxLogChars: 100 });
    const { logs } = await session.execute("for (let i = 0; i < 100; i++) console.log('0123456789')");
    // 100 lines of 10 characters plus 99 newlines: 1,099 characters, the first and last 50 kept.
    const full = Array(100).fill("0123456789").join("\n");
    expect(logs).toBe(`${full.slice(0, 50)}\n... [999 characters truncated] ...\n${full.slice(-50)}`);
  });

  it("starts empty for each execute", async () => {
    const session = await openSession();
    await session.execute("console.log('first')");
    expect((await session.execute("1")).logs).toBe("");
  });
});

describe("LogBuffer", () => {
  it("keeps everything under the limit", () => {
    const buffer = new LogBuffer(10);
    buffer.append("abc");
    buffer.append("def");
    expect(buffer.toString()).toBe("abc\ndef");
  });

  it("keeps the head and the tail around one marker counting what it dropped", () => {
    const buffer = new LogBuffer(5);
    buffer.append("abcdefgh");
    buffer.append("ij");
    expect(buffer.toString()).toBe("abc\n... [6 characters truncated] ...\nij");
  });

  it("never splits a surrogate pair, and counts the half it would have kept", () => {
    // 12 characters; the head's 4th and the tail's first would each be half an emoji.
    const buffer = new LogBuffer(8);
    buffer.append("a😀😀😀😀b😀");
    expect(buffer.toString()).toBe("a😀\n... [6 characters truncated] ...\nb😀");
  });

  it("keeps no tail from before a cut the guest made, so there is one marker", () => {
    const buffer = new LogBuffer(8);
    buffer.append("12345678");
    buffer.append("abxy", 1000, 2);
    buffer.append("z");
    // 8 + "\n" + "ab" + 996 cut by the guest + "xy" + "\nz": 1,011 characters, 8 kept.
    expect(buffer.toString()).toBe("1234\n... [1003 characters truncated] ...\nxy\nz");
  });
});
