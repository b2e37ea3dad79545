// Informal timings of QuickJSExecutor (not a test; belongs in bench/ once that exists).
// Run after building core and this package: `pnpm build && node packages/executors/scripts/timing.mjs`.
import { QuickJSExecutor } from "../dist/index.js";

const executor = new QuickJSExecutor();
const functions = { add: async ({ a, b }) => a + b, final_answer: async () => undefined };
const median = (times) => [...times].sort((x, y) => x - y)[times.length >> 1].toFixed(3);
const time = async (runs, fn) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
};

let started = performance.now();
await (await executor.createSession({ functions })).dispose();
console.log("first session, compile included (ms)", (performance.now() - started).toFixed(2));
console.log(
  "session create, median (ms)",
  await time(100, async () => {
    await (await executor.createSession({ functions, globals: { data: { n: 1 } } })).dispose();
  }),
);
const session = await executor.createSession({ functions });
for (let i = 0; i < 20; i++) await session.execute("1 + 1");
console.log("trivial execute, median (ms)", await time(1000, () => session.execute("1 + 1")));
console.log(
  "execute with one host call, median (ms)",
  await time(1000, () => session.execute("await add({ a: 1, b: 2 })")),
);
const loop = "var s = 0; for (let i = 0; i < 100; i++) s += await add({ a: i, b: 1 }); s";
console.log(
  "per host call in a loop of 100, median (ms)",
  ((await time(200, () => session.execute(loop))) / 100).toFixed(3),
);
started = performance.now();
await session.execute("var n = 0; for (let i = 0; i < 1e6; i++) n += i;");
console.log("1,000,000-iteration loop (ms)", (performance.now() - started).toFixed(1));
await session.dispose();
