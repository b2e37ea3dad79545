/** E2BExecutor against E2B's cloud: runs only with E2B_API_KEY set, and says so when skipped. */
import { executorConformance } from "@codeact/core/testing";
import { describe, expect, it } from "vitest";
import { E2BExecutor } from "./e2b-executor.js";

const live = Boolean(process.env.E2B_API_KEY);

describe.skipIf(!live)(
  `E2BExecutor in a real E2B sandbox${live ? "" : " (skipped: set E2B_API_KEY to run)"}`,
  () => {
    it("runs code with full Node.js and calls a host function back", async () => {
      await using session = await new E2BExecutor({ timeoutMs: 60_000 }).createSession({
        functions: { double: async (input) => (input as number) * 2 },
      });
      const result = await session.execute("const v = await double(21);\n[v, process.platform]");
      expect(result.value).toEqual([42, "linux"]);
    }, 120_000);

    for (const { name, run } of executorConformance({
      createExecutor: (limits) => new E2BExecutor(limits),
      timeoutMs: 30_000,
    })) {
      it(name, run, 120_000);
    }
  },
);
