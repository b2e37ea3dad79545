/** The default codeact executor: JavaScript in QuickJS compiled to WebAssembly, in-process. */
import type { Executor, ExecutorSession, ExecutorSessionOptions } from "@codeact/core";
import { resolveLimits, type SessionFeatures, type SessionLimits } from "./limits.js";
import { QuickJSSession } from "./quickjs-session.js";

/**
 * Limits and features of every session a {@link QuickJSExecutor} creates. Each limit, when
 * breached, ends that execute with an error named after it (see the package README); the host
 * process is never at risk.
 */
export type QuickJSExecutorOptions = {
  /**
   * Wall-clock limit of one `execute`, covering the code, the host functions it awaits and the
   * reading of its result. Past it the result's error is a `TimeoutError`. @defaultValue 30_000
   */
  timeoutMs?: number;
  /**
   * Cap of the session's WebAssembly memory, which holds every guest value (typed arrays
   * included). At least 16 MiB, the module's minimum. Reaching it is a `MemoryLimitError`.
   * @defaultValue 64 MiB
   */
  memoryLimitBytes?: number;
  /**
   * QuickJS's stack, at most 4 MiB. Deeper recursion is a `StackOverflowError`. The default,
   * 160 KiB (about 850 nested calls), is measured to stay inside Node's native stack for every
   * kind of recursion tried; a larger value lets some recursion exhaust the native stack first,
   * which loses the session. @defaultValue 160 KiB
   */
  stackSizeBytes?: number;
  /** Console output kept per `execute`; the rest is replaced by a marker. @defaultValue 20_000 */
  maxLogChars?: number;
  /**
   * Largest JSON text, in characters, of one value crossing the boundary: a host function's
   * argument or result, or the value of the last expression. Larger is an `OutputLimitError`.
   * @defaultValue 1_000_000
   */
  maxValueChars?: number;
  /**
   * Host function calls per `execute` (and timers pending at once). One more is a
   * `ToolCallLimitError`. @defaultValue 1_000
   */
  maxToolCalls?: number;
  /** Promise jobs queued at once. More is a `PendingJobLimitError`. @defaultValue 100_000 */
  maxPendingJobs?: number;
  /**
   * Give the guest `setTimeout`, `setInterval`, `clearTimeout` and `clearInterval`. Timers fire
   * only while an `execute` runs and do not keep it running. @defaultValue false
   */
  timers?: boolean;
};

/**
 * Runs the model's code in QuickJS compiled to WebAssembly. Each session gets its own module
 * instance, memory, runtime and context, so sessions share nothing but the compiled code. The
 * guest has no `require`, `process`, `fetch`, timers (unless enabled) or `import()`: it reaches
 * the outside world only through the host functions it is given, with JSON copies of values.
 *
 * @example
 * const executor = new QuickJSExecutor({ timeoutMs: 10_000 });
 * await using session = await executor.createSession({
 *   functions: { add: async (input) => (input as { a: number; b: number }).a + (input as { a: number; b: number }).b },
 * });
 * await session.execute("const x = await add({ a: 1, b: 2 })");
 * const { value } = await session.execute("x * 10"); // 30
 */
export class QuickJSExecutor implements Executor {
  private readonly limits: SessionLimits;
  private readonly features: SessionFeatures;

  constructor(options: QuickJSExecutorOptions = {}) {
    const { timers = false, ...limits } = options;
    this.limits = resolveLimits(limits);
    this.features = { timers };
  }

  /** What the model is told about this sandbox; it follows the enabled features. */
  get environment(): string {
    // Names what the sandbox lacks without "no file system": file tools may be among the functions.
    const lacks = this.features.timers ? "network, files or imports" : "network, files, timers or imports";
    return `Your code runs in a QuickJS sandbox: modern JavaScript with top-level await${this.features.timers ? " and timers" : ""}, but no ${lacks} of its own. Only the functions below reach outside it.`;
  }

  /** A fresh, isolated session with `functions` bound as global async functions and `globals` set. */
  createSession(options: ExecutorSessionOptions): Promise<ExecutorSession> {
    return QuickJSSession.create(this.limits, this.features, options);
  }
}
