/**
 * What a journaled run executes in its sandbox before each step, so that a replayed step sees
 * the same `Date`, `Math.random` and timers as the original. The clock starts at the step's
 * recorded time and moves 1 ms per reading; `Math.random` is a xorshift sequence from the
 * recorded seed; timers run in virtual time: one fires only when no host call is pending,
 * earliest due first, moving the clock to its due time, so real time never decides what runs
 * first. It is ordinary guest code, so every executor runs it the same way.
 */

const KEY = `Symbol.for("codeact.pinnedClock")`;

/**
 * Installs the pinned `Date`, `Math.random` and timers once per sandbox, and `step`, which
 * sets the clock and seed for a step and counts the pending calls of new host functions.
 */
const INSTALL = `(() => {
  const key = ${KEY};
  let pinned = globalThis[key];
  if (!pinned) {
    const RealDate = Date;
    pinned = { now: 0, seed: 1, pending: 0, wrapped: new Set(), drain: () => {} };
    const tick = () => pinned.now++;
    function PinnedDate(...args) {
      if (!new.target) return new RealDate(tick()).toString();
      return args.length === 0 ? new RealDate(tick()) : new RealDate(...args);
    }
    PinnedDate.prototype = RealDate.prototype;
    PinnedDate.now = tick;
    PinnedDate.parse = RealDate.parse;
    PinnedDate.UTC = RealDate.UTC;
    Math.random = () => {
      let s = pinned.seed;
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      pinned.seed = s >>> 0;
      return pinned.seed / 4294967296;
    };
    const realSetTimeout = globalThis.setTimeout;
    if (typeof realSetTimeout === "function") {
      const timers = [];
      let ids = 0;
      let draining = false;
      const fire = () => {
        draining = false;
        if (pinned.pending > 0 || timers.length === 0) return;
        timers.sort((a, b) => a.due - b.due || a.id - b.id);
        const timer = timers.shift();
        if (timer.due > pinned.now) pinned.now = timer.due;
        if (timer.every !== undefined) timers.push({ ...timer, due: pinned.now + timer.every });
        try {
          timer.callback(...timer.args);
        } finally {
          pinned.drain();
        }
      };
      pinned.drain = () => {
        if (draining || pinned.pending > 0 || timers.length === 0) return;
        draining = true;
        realSetTimeout(fire, 0);
      };
      const add = (callback, ms, args, every) => {
        const id = ++ids;
        const delay = Math.max(0, Number(ms) || 0);
        if (typeof callback === "function") timers.push({ id, due: pinned.now + delay, callback, args, every });
        pinned.drain();
        return id;
      };
      const clear = (id) => {
        const at = timers.findIndex((timer) => timer.id === id);
        if (at >= 0) timers.splice(at, 1);
      };
      globalThis.setTimeout = (callback, ms, ...args) => add(callback, ms, args, undefined);
      globalThis.setInterval = (callback, ms, ...args) => add(callback, ms, args, Math.max(1, Number(ms) || 0));
      globalThis.clearTimeout = clear;
      globalThis.clearInterval = clear;
      // A step's code may end with timers left: the next step's pin starts them again.
      pinned.restart = () => {
        draining = false;
        pinned.drain();
      };
    }
    pinned.step = (now, seed, hostFunctions) => {
      for (const name of hostFunctions) {
        const fn = globalThis[name];
        if (typeof fn !== "function" || pinned.wrapped.has(fn)) continue;
        const settle = () => {
          pinned.pending--;
          pinned.drain();
        };
        const counted = { [name](...args) {
          pinned.pending++;
          let result;
          try {
            result = fn.apply(this, args);
          } catch (error) {
            settle();
            throw error;
          }
          Promise.resolve(result).then(settle, settle);
          return result;
        } }[name];
        pinned.wrapped.add(counted);
        Object.defineProperty(globalThis, name, { value: counted, writable: true, configurable: true, enumerable: false });
      }
      pinned.now = now;
      pinned.seed = seed;
      pinned.restart?.();
      return true;
    };
    Object.defineProperty(globalThis, key, { value: pinned });
    globalThis.Date = PinnedDate;
  }
})()`;

/**
 * The code that pins the sandbox's clock to `now`, its random numbers to `seed`, and its timers
 * to virtual time; `hostFunctions` are the functions whose pending calls hold timers back. Its
 * value is `true` once pinned: `false` from a sandbox said to be `installed` means install again.
 */
export function pinnedClock(
  { now, seed }: { now: number; seed: number },
  hostFunctions: string[],
  { installed }: { installed: boolean },
): string {
  const step = `globalThis[${KEY}]?.step(${Number(now)}, ${Number(seed) >>> 0}, ${JSON.stringify(hostFunctions)}) === true`;
  // A sandbox that has it already is sent only the step: installing is most of the code.
  return installed ? step : `${INSTALL};\n${step}`;
}
