/** The limits of a QuickJS session: their defaults, their validation and how they read in messages. */
import { MIN_MEMORY_BYTES } from "./module.js";
import { DEFAULT_STACK_BYTES } from "./stack-guard.js";

/** Every limit of a session, with defaults applied. See `QuickJSExecutorOptions` for each meaning. */
export type SessionLimits = {
  timeoutMs: number;
  memoryLimitBytes: number;
  stackSizeBytes: number;
  maxLogChars: number;
  maxValueChars: number;
  maxToolCalls: number;
  maxPendingJobs: number;
  maxBytesInFlight: number;
};

/** What a session may use besides its limits. */
export type SessionFeatures = { timers: boolean };

/** The defaults, documented on `QuickJSExecutorOptions`. */
export const DEFAULT_LIMITS: Readonly<SessionLimits> = {
  timeoutMs: 30_000,
  memoryLimitBytes: 64 * 1024 * 1024,
  stackSizeBytes: DEFAULT_STACK_BYTES,
  maxLogChars: 20_000,
  maxValueChars: 1_000_000,
  maxToolCalls: 1_000,
  maxPendingJobs: 100_000,
  maxBytesInFlight: 32 * 1024 * 1024,
};

/** Past QuickJS's own C stack the limit wraps around and every call overflows at once. */
const MAX_STACK_BYTES = 4 * 1024 * 1024;

/**
 * The longest delay `setTimeout` can express (2^31 - 1 ms, about 24.8 days). The deadline is a
 * host timer, and a longer delay does not wait longer: Node and browsers fire it after 1 ms.
 */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** Fills in defaults and rejects values that cannot work, naming the option. */
export function resolveLimits(options: Partial<Record<keyof SessionLimits, number>>): SessionLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof SessionLimits>) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`QuickJSExecutor: ${key} must be a positive integer, got ${value}.`);
    }
    limits[key] = value;
  }
  if (limits.timeoutMs > MAX_TIMEOUT_MS) {
    throw new RangeError(
      `QuickJSExecutor: timeoutMs must be at most ${count(MAX_TIMEOUT_MS)} (about 24.8 days, the longest ` +
        `delay a timer can wait), got ${count(limits.timeoutMs)}.`,
    );
  }
  if (limits.stackSizeBytes > MAX_STACK_BYTES) {
    throw new RangeError(`QuickJSExecutor: stackSizeBytes must be at most ${MAX_STACK_BYTES} (4 MiB).`);
  }
  if (limits.memoryLimitBytes < MIN_MEMORY_BYTES) {
    throw new RangeError(`QuickJSExecutor: memoryLimitBytes must be at least ${MIN_MEMORY_BYTES} (16 MiB).`);
  }
  return limits;
}

/**
 * How deep proxies and bound functions may wrap one another (see `prelude/wrapping.ts`): QuickJS
 * follows such chains by native recursion its own stack check does not bound. Measured on Node
 * 20 (x64) over 32 paths at call depths up to the default stack limit: 2,000 lost the session
 * (`new` through bound functions, 780 calls deep), 1,000 did not; 500 keeps that margin twice.
 */
export const MAX_WRAPPING = 500;

/** A byte count as people read it: `64 MiB`, `160 KiB`. */
export function bytes(value: number): string {
  if (value >= 1024 * 1024 && value % (1024 * 1024) === 0) return `${value / (1024 * 1024)} MiB`;
  if (value >= 1024 && value % 1024 === 0) return `${value / 1024} KiB`;
  return `${value.toLocaleString("en-US")} bytes`;
}

/** A count as people read it: `1,000,000`. */
export function count(value: number): string {
  return value.toLocaleString("en-US");
}
