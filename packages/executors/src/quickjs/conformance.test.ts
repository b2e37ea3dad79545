import { executorConformance } from "@codeact/core/testing";
import { describe, it } from "vitest";
import { QuickJSExecutor } from "./quickjs-executor.js";

describe("QuickJSExecutor conformance", () => {
  for (const { name, run } of executorConformance({
    createExecutor: (limits) => new QuickJSExecutor(limits),
  })) {
    it(name, run);
  }
});
