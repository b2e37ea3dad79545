/** The default codeact executor: JavaScript in QuickJS compiled to WebAssembly, in-process. */
import {
  AbortError,
  ExecutionError,
  type Executor,
  type ExecutorSession,
  type ExecutorSessionOptions,
} from "@codeact/core";
import { ByteBudget } from "../protocol/host-calls.js";
import { RemoteSession } from "../protocol/remote-session.js";
import { resolveLimits, type SessionFeatures, type SessionLimits } from "./limits.js";
import { QuickJSSession } from "./quickjs-session.js";
import {
  hasWorkerThreads,
  placeSession,
  type QuickJSWorkerPool,
  sharedPool,
  workerThreads,
} from "./worker/pool.js";

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
  /**
   * Bytes the host holds for one session's values in flight: the inputs of host calls still
   * running (two bytes a character). A call that would pass it is an `OutputLimitError`.
   * @defaultValue 32 MiB
   */
  maxBytesInFlight?: number;
  /** The same, for all sessions of this executor together. @defaultValue 256 MiB */
  maxTotalBytesInFlight?: number;
  /**
   * Where sessions run. `"pool"`: on the worker threads of `pool`, shared by many sessions, so
   * guest code never blocks the host's event loop and sessions use every core; stopping a thread
   * stuck inside a built-in loses every session on it. `"dedicated"`: on a thread of the
   * session's own (about 8 MiB and 20 ms more per session), so such a stop loses only that
   * session. `"inline"`: on the host's own thread, where guest code blocks the host while it runs.
   * @defaultValue "pool" where worker threads exist (Node), else "inline" (browsers, edge runtimes)
   */
  thread?: "pool" | "dedicated" | "inline";
  /** The worker threads of `thread: "pool"`. @defaultValue one pool shared by the process, a thread per core */
  pool?: QuickJSWorkerPool;
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
  private readonly thread: "pool" | "dedicated" | "inline";
  private readonly pool: QuickJSWorkerPool | undefined;
  private readonly budget: ByteBudget;

  constructor(options: QuickJSExecutorOptions = {}) {
    const { timers = false, thread, pool, maxTotalBytesInFlight = 256 * 1024 * 1024, ...limits } = options;
    this.limits = resolveLimits(limits);
    this.features = { timers };
    if (thread !== undefined && !["pool", "dedicated", "inline"].includes(thread)) {
      throw new RangeError(
        `QuickJSExecutor: thread must be "pool", "dedicated" or "inline", got ${JSON.stringify(thread)}.`,
      );
    }
    this.thread = thread ?? (hasWorkerThreads() ? "pool" : "inline");
    if (this.thread !== "inline") workerThreads();
    this.pool = pool;
    if (!Number.isSafeInteger(maxTotalBytesInFlight) || maxTotalBytesInFlight <= 0) {
      throw new RangeError(
        `QuickJSExecutor: maxTotalBytesInFlight must be a positive integer, got ${maxTotalBytesInFlight}.`,
      );
    }
    this.budget = new ByteBudget(maxTotalBytesInFlight, "maxTotalBytesInFlight");
  }

  /** What the model is told about this sandbox; it follows the enabled features. */
  get environment(): string {
    // Names what the sandbox lacks without "no file system": file tools may be among the functions.
    const lacks = this.features.timers ? "network, files or imports" : "network, files, timers or imports";
    return `Your code runs in a QuickJS sandbox: modern JavaScript with top-level await${this.features.timers ? " and timers" : ""}, but no ${lacks} of its own. Only the functions below reach outside it.`;
  }

  /** A fresh, isolated session with `functions` bound as global async functions and `globals` set. */
  async createSession(options: ExecutorSessionOptions): Promise<ExecutorSession> {
    if (this.thread === "inline") {
      return QuickJSSession.create(this.limits, this.features, options, { budget: this.budget });
    }
    if (options.signal?.aborted) throw new AbortError({ cause: options.signal.reason });
    const pool = this.pool ?? sharedPool();
    for (let attempt = 1; ; attempt++) {
      const channel = await placeSession(pool, this.limits, this.features, this.thread === "dedicated");
      try {
        return await RemoteSession.open(channel, this.limits, options, this.budget);
      } catch (error) {
        // The thread was stopped for another session's stuck code while this one opened on it:
        // nothing of this session existed yet, so a fresh thread can take it.
        if (attempt > 1 || !ExecutionError.isInstance(error) || error.code !== "sandbox_lost") throw error;
      }
    }
  }
}
