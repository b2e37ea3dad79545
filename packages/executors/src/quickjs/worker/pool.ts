/** A pool of worker threads that run QuickJS sessions off the host's thread. */
import type { SessionFeatures, SessionLimits } from "../limits.js";
import { compiledQuickJSModule } from "../module.js";
import { PoolThread, type ThreadChannel } from "./pool-thread.js";

type WorkerThreads = typeof import("node:worker_threads");
type OS = typeof import("node:os");

/** Options of a {@link QuickJSWorkerPool}. */
export type QuickJSWorkerPoolOptions = {
  /** Threads the pool runs sessions on. @defaultValue the number of available cores */
  size?: number;
};

/** Places a session on a pool (see its `#place`): `QuickJSExecutor` calls it; it is not exported from the package. */
export let placeSession: (
  pool: QuickJSWorkerPool,
  limits: SessionLimits,
  features: SessionFeatures,
  dedicated: boolean,
) => Promise<ThreadChannel>;

/**
 * Worker threads that run QuickJS sessions, so guest code never blocks the host's event loop.
 * Each session lives on one thread; a thread runs many sessions, one piece of code at a time.
 * Threads start on first use and do not keep the process alive while idle. A thread whose code
 * is stuck past its deadline inside one built-in function is stopped, which loses every session
 * on it; a fresh thread takes its place.
 *
 * Executors share one default pool per process; pass your own to size it.
 *
 * @example
 * const pool = new QuickJSWorkerPool({ size: 4 });
 * const executor = new QuickJSExecutor({ pool });
 */
export class QuickJSWorkerPool {
  readonly size: number;
  // Private fields (#), so the published declarations name none of the thread machinery.
  readonly #threads: PoolThread[] = [];
  #sessions = 0;
  #closed = false;

  static {
    placeSession = (pool, limits, features, dedicated) => pool.#place(limits, features, dedicated);
  }

  constructor(options: QuickJSWorkerPoolOptions = {}) {
    const size = options.size ?? availableCores();
    if (!Number.isSafeInteger(size) || size <= 0) {
      throw new RangeError(`QuickJSWorkerPool: size must be a positive integer, got ${options.size}.`);
    }
    this.size = size;
  }

  /** Stops every thread. Sessions still open are lost. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const thread of [...this.#threads])
      thread.kill(0, { type: "crashed", detail: "its pool was closed" });
  }

  /** Places a session on the thread with the fewest sessions, starting threads up to `size`, or on a thread of its own. */
  async #place(limits: SessionLimits, features: SessionFeatures, dedicated: boolean): Promise<ThreadChannel> {
    if (this.#closed) throw new Error("This QuickJSWorkerPool is closed; create a new one.");
    const threads = workerThreads();
    const module = await compiledQuickJSModule();
    const number = ++this.#sessions;
    if (dedicated) {
      const channel = this.#start(threads, module, false).place(number, limits, features);
      channel.dedicated = true;
      return channel;
    }
    while (this.#threads.length < this.size) this.#start(threads, module, true);
    let best = this.#threads[0]!;
    for (const thread of this.#threads) if (thread.sessions.size < best.sessions.size) best = thread;
    return best.place(number, limits, features);
  }

  #start(threads: WorkerThreads, module: WebAssembly.Module | undefined, pooled: boolean): PoolThread {
    const thread = new PoolThread(threads, threadScript(), module, (dead) => {
      const index = this.#threads.indexOf(dead);
      if (index >= 0) this.#threads.splice(index, 1);
    });
    if (pooled) this.#threads.push(thread);
    return thread;
  }
}

let defaultPool: QuickJSWorkerPool | undefined;

/** The pool executors share when they are given none. */
export function sharedPool(): QuickJSWorkerPool {
  defaultPool ??= new QuickJSWorkerPool();
  return defaultPool;
}

/** Node's `worker_threads`, where the runtime has it. */
export function workerThreads(): WorkerThreads {
  const threads = builtin<WorkerThreads>("node:worker_threads");
  if (!threads || typeof SharedArrayBuffer === "undefined") {
    throw new Error(
      'QuickJSExecutor: worker threads are not available in this runtime; pass { thread: "inline" } to run sessions on this thread.',
    );
  }
  return threads;
}

/** Whether sessions can run in worker threads here. */
export function hasWorkerThreads(): boolean {
  return builtin("node:worker_threads") !== undefined && typeof SharedArrayBuffer !== "undefined";
}

function availableCores(): number {
  const os = builtin<OS>("node:os");
  return Math.max(1, os?.availableParallelism?.() ?? os?.cpus().length ?? 1);
}

/** A Node built-in, without a static `node:` import that would keep this module from bundling for browsers. */
function builtin<T>(id: string): T | undefined {
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process?.getBuiltinModule;
  return getBuiltinModule?.(id) as T | undefined;
}

/**
 * The thread's script: the built file beside this one. Tests run this module from its
 * TypeScript source, which a worker thread cannot load, so they use the package's build.
 */
function threadScript(): URL {
  return import.meta.url.endsWith(".ts")
    ? new URL("../../../dist/quickjs-thread.js", import.meta.url)
    : new URL("./quickjs-thread.js", import.meta.url);
}
