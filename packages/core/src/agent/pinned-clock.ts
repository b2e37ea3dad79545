/**
 * What a journaled run executes in its sandbox before each step, so that a replayed step sees
 * the same `Date` and `Math.random` as the original: the clock starts at the step's recorded
 * time and moves 1 ms per reading, and `Math.random` is a xorshift sequence from its recorded
 * seed. It is ordinary guest code, so every executor runs it the same way.
 */

/** Installs the pinned `Date` and `Math.random` once per sandbox, then sets them to `now` and `seed`. */
const PIN = `((now, seed) => {
  const key = Symbol.for("codeact.pinnedClock");
  let pinned = globalThis[key];
  if (!pinned) {
    const RealDate = Date;
    pinned = { now, seed };
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
    Object.defineProperty(globalThis, key, { value: pinned });
    globalThis.Date = PinnedDate;
  }
  pinned.now = now;
  pinned.seed = seed;
})`;

/** The code that pins the sandbox's clock to `now` and its random numbers to `seed`. */
export function pinnedClock({ now, seed }: { now: number; seed: number }): string {
  return `${PIN}(${Number(now)}, ${Number(seed) >>> 0});`;
}
