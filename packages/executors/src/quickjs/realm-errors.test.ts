import { describe, expect, it } from "vitest";
import type { GuestErrorInfo, Realm } from "./realm.js";
import { openSession } from "./test-utils.js";

/** The session's realm, to read guest errors the way the host does. */
async function realmOf(): Promise<Realm> {
  return ((await openSession({}, { timeoutMs: 10_000 })) as unknown as { realm: Realm }).realm;
}

/** What the host reads of the value `expression` evaluates to in the guest. */
function describe_(realm: Realm, expression: string): GuestErrorInfo {
  const handle = realm.context.unwrapResult(realm.context.evalCode(expression));
  try {
    return realm.describeError(handle);
  } finally {
    handle.dispose();
  }
}

describe("guest error text crossing to the host", () => {
  it("is cut in the guest before it crosses: name, message, and the stack's head and tail", async () => {
    const realm = await realmOf();
    const info = describe_(
      realm,
      `(() => { const e = new Error("m".repeat(16e6)); e.name = "N".repeat(1e6);
        e.stack = "    at inner (code-1.js:2:1)\\n" + "s".repeat(4e6) + "\\n    at outer (code-1.js:9:1)"; return e; })()`,
    );
    expect(info.name).toBe(`${"N".repeat(200)}… [999,800 characters cut]`);
    expect(info.message).toBe(`${"m".repeat(10_000)}… [15,990,000 characters cut]`);
    expect(info.stack?.length).toBeLessThan(10_100);
    expect(info.stack).toMatch(
      /^ {4}at inner \(code-1\.js:2:1\)\ns+\n {4}… \[3,990,0\d\d characters cut\]\ns+\n {4}at outer \(code-1\.js:9:1\)$/,
    );
  });

  it("is cut again on the host, which does not trust the prelude's text", async () => {
    const realm = await realmOf();
    const { context } = realm;
    const text = context.newString(
      JSON.stringify({ name: "N".repeat(1e6), message: "m".repeat(1e6), stack: "s".repeat(1e6) }),
    );
    const info = (realm as unknown as { readError(text: unknown): GuestErrorInfo }).readError(text);
    expect(info.name.length).toBeLessThan(300);
    expect(info.message.length).toBeLessThan(10_100);
    expect(info.stack?.length).toBeLessThan(10_100);
    expect(info.message.endsWith("characters cut]")).toBe(true);
  });
});
