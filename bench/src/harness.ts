/** A small benchmark harness: warm up, sample, report percentiles beside a baseline from the same run. */
import os from "node:os";

/** Percentiles of one measured operation, in milliseconds. */
export type Sample = { name: string; p50: number; p90: number; mean: number; runs: number };

/** Times `fn` `runs` times after `warmup` untimed runs. */
export async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  {
    runs = 200,
    warmup = 20,
    before,
  }: { runs?: number; warmup?: number; before?: () => unknown | Promise<unknown> } = {},
): Promise<Sample> {
  for (let i = 0; i < warmup; i++) {
    await before?.();
    await fn();
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Untimed: puts every run in the same starting state (a pool that has finished its work).
    await before?.();
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return summarize(name, times);
}

/** Percentiles of already collected durations. */
export function summarize(name: string, times: number[]): Sample {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const mean = sorted.reduce((sum, t) => sum + t, 0) / sorted.length;
  return { name, p50: at(0.5), p90: at(0.9), mean, runs: sorted.length };
}

/** Formats milliseconds with a unit that keeps three significant digits. */
export function ms(value: number): string {
  if (value < 0.1) return `${(value * 1000).toFixed(1)} µs`;
  if (value < 100) return `${value.toFixed(3)} ms`;
  return `${value.toFixed(0)} ms`;
}

/** A markdown table of samples, each compared with `baseline` as a ratio of p50s. */
export function table(samples: Sample[], baseline?: Sample): string {
  const head = `| operation | p50 | p90 | mean | runs |${baseline ? " p50 vs baseline |" : ""}`;
  const rule = `| --- | --- | --- | --- | --- |${baseline ? " --- |" : ""}`;
  const rows = samples.map(
    (s) =>
      `| ${s.name} | ${ms(s.p50)} | ${ms(s.p90)} | ${ms(s.mean)} | ${s.runs} |` +
      (baseline ? ` ${(s.p50 / baseline.p50).toFixed(2)}x |` : ""),
  );
  return [head, rule, ...rows].join("\n");
}

/** The machine a figure was measured on, for docs/benchmarks.md. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `Node ${process.version}, ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`;
}

/** Resident set size in MiB. */
export function rssMiB(): number {
  return process.memoryUsage().rss / 2 ** 20;
}
