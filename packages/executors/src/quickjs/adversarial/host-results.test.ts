/**
 * Adversarial suite: a tool result too large to cross is refused while its text is being written,
 * at a cost to the host bounded by the limit rather than by the result.
 */
import { describe, expect, it } from "vitest";
import { openSession } from "../test-utils.js";

for (const thread of ["inline", "pool"] as const) {
  describe(`a huge tool result (thread: "${thread}")`, () => {
    it("is an OutputLimitError found without copying it: the host grows far less than the value's JSON", async () => {
      const bytes = new Uint8Array(64 * 1024 * 1024).fill(7);
      const session = await openSession(
        { functions: { get: async () => bytes } },
        { thread, timeoutMs: 20_000 },
      );
      const before = process.memoryUsage();
      const result = await session.execute("(await get()).length");
      const after = process.memoryUsage();
      // Copying it first took about 1.7 GB of host memory (an array of 67 million numbers, its
      // copy, the text). Heap and off-heap together, measured without a forced GC.
      const grown = after.heapUsed + after.external - (before.heapUsed + before.external);
      expect(grown).toBeLessThan(200 * 1024 * 1024);
      expect(result.error).toEqual({
        name: "OutputLimitError",
        message:
          "The result of get is at least 134,217,729 characters of JSON; at most 1,000,000 (maxValueChars) can cross the sandbox boundary. Pass or return a smaller part.",
      });
      expect((await session.execute("'still here'")).value).toBe("still here");
    });

    it("is measured exactly when it is one string", async () => {
      const session = await openSession(
        { functions: { get: async () => 'say "hi"\n'.repeat(200_000) } },
        { thread },
      );
      const result = await session.execute("await get()");
      expect(result.error?.message).toMatch(/^The result of get is 2,400,002 characters of JSON;/);
    });

    it("stops an array of many small items as soon as its text is over the limit", async () => {
      let read = 0;
      const items = Array.from({ length: 1_000_000 }, (_, i) => ({
        get n() {
          read++;
          return i;
        },
      }));
      const session = await openSession(
        { functions: { get: async () => items } },
        { thread, maxValueChars: 1_000 },
      );
      const result = await session.execute("await get()");
      expect(result.error?.name).toBe("OutputLimitError");
      expect(result.error?.message).toMatch(/^The result of get is at least 2,000,001 characters of JSON;/);
      expect(read).toBe(0);
    });
  });
}
