import { executorConformance } from "@codeact/core/testing";
import { describe, it } from "vitest";
import { ProcessExecutor } from "./process-executor.js";

describe("ProcessExecutor conformance (the runner in a child process)", () => {
  for (const { name, run } of executorConformance({
    createExecutor: (limits) => new ProcessExecutor(limits),
  })) {
    it(name, run);
  }
});
