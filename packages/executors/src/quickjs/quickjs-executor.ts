/** The default codeact executor: JavaScript in QuickJS compiled to WebAssembly, in-process. */
import type { Executor, ExecutorSession, ExecutorSessionOptions } from "@codeact/core";
import { MIN_MEMORY_BYTES } from "./module.js";
import { QuickJSSession, type SessionLimits } from "./quickjs-session.js";

/** Limits of every session a {@link QuickJSExecutor} creates. */
export type QuickJSExecutorOptions = {
  /**
   * Wall-clock limit of one `execute`, covering the code and the host functions it awaits.
   * Past it the result carries an error named `TimeoutError` and the session lives on.
   * @defaultValue 30_000
   */
  timeoutMs?: number;
  /**
   * Cap of the session's WebAssembly memory, which holds every guest value (typed arrays
   * included). At least 16 MiB, the module's minimum. @defaultValue 64 MiB
   */
  memoryLimitBytes?: number;
  /**
   * QuickJS's stack limit, at most 4 MiB. Deep recursion past it is a catchable
   * `InternalError: stack overflow`. Each QuickJS frame also uses the host's native stack, so a
   * limit above about 384 KiB can exhaust Node's default 1 MB stack first; that loses the session
   * (`ExecutionError` with code `stack_overflow`). @defaultValue 256 KiB
   */
  stackSizeBytes?: number;
  /** Console output kept per `execute`; the rest is replaced by a marker. @defaultValue 20_000 */
  maxLogChars?: number;
};

const MAX_STACK_BYTES = 4 * 1024 * 1024;

const DEFAULTS: SessionLimits = {
  timeoutMs: 30_000,
  memoryLimitBytes: 64 * 1024 * 1024,
  stackSizeBytes: 256 * 1024,
  maxLogChars: 20_000,
};

/**
 * Runs the model's code in QuickJS compiled to WebAssembly. Each session gets its own module
 * instance, memory, runtime and context, so sessions share nothing but the compiled code. The
 * guest has no `require`, `process`, `fetch`, timers or `import()`: it reaches the outside world
 * only through the host functions it is given.
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

  constructor(options: QuickJSExecutorOptions = {}) {
    const limits = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as Array<keyof SessionLimits>) {
      const value = options[key];
      if (value === undefined) continue;
      if (!Number.isSafeInteger(value) || value <= 0) {
        throw new RangeError(`QuickJSExecutor: ${key} must be a positive integer, got ${value}.`);
      }
      limits[key] = value;
    }
    if (limits.stackSizeBytes > MAX_STACK_BYTES) {
      // Past QuickJS's C stack the limit wraps around and every call overflows at once.
      throw new RangeError(`QuickJSExecutor: stackSizeBytes must be at most ${MAX_STACK_BYTES} (4 MiB).`);
    }
    if (limits.memoryLimitBytes < MIN_MEMORY_BYTES) {
      throw new RangeError(
        `QuickJSExecutor: memoryLimitBytes must be at least ${MIN_MEMORY_BYTES} (16 MiB).`,
      );
    }
    this.limits = limits;
  }

  /** A fresh, isolated session with `functions` bound as global async functions and `globals` set. */
  createSession(options: ExecutorSessionOptions): Promise<ExecutorSession> {
    return QuickJSSession.create(this.limits, options);
  }
}
