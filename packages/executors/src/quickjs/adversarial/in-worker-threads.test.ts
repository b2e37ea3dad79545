/**
 * The whole adversarial suite again, with every attempt in the worker threads sessions run in by
 * default. The attempt files are imported after the mode is set, so they register here with
 * module instances (and counters) of their own.
 */
import { describe } from "vitest";
import { runAttemptsIn } from "./test-utils.js";

runAttemptsIn("pool");
describe("in worker threads", async () => {
  await import("./deep-chains.test.js");
  await import("./denial-of-service.test.js");
  await import("./escape.test.js");
  await import("./fight-back.test.js");
  await import("./final-answer.test.js");
  await import("./forged-limits.test.js");
  await import("./guest-error-caps.test.js");
  await import("./host-caps.test.js");
  await import("./host-objects.test.js");
  await import("./pollution.test.js");
});
