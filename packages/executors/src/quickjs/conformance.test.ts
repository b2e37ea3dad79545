import { executorConformance } from "@codeact/core/testing";
import { describe, it } from "vitest";
import { QuickJSExecutor } from "./quickjs-executor.js";

for (const thread of ["pool", "dedicated", "inline"] as const) {
  describe(`QuickJSExecutor conformance (thread: "${thread}")`, () => {
    for (const { name, run } of executorConformance({
      createExecutor: (limits) => new QuickJSExecutor({ ...limits, thread }),
    })) {
      it(name, run);
    }
  });
}
