/** Formats the QuickJS benchmarks as the markdown that docs/benchmarks.md records. */
import { ms, table } from "./harness.js";
import type { Batch, Comparison, QuickJSBenchmarks } from "./quickjs.js";

/** Whether a comparison meets its target: a p50 ceiling, or a ceiling on the ratio to node:vm. */
function verdict({ quickjs, vm, target }: Comparison): string {
  if (target?.p50Ms !== undefined)
    return `p50 < ${ms(target.p50Ms)}: ${quickjs.p50 < target.p50Ms ? "met" : "missed"}`;
  if (target?.ratio !== undefined) {
    return `within ${target.ratio}x of node:vm: ${quickjs.p50 / vm.p50 <= target.ratio ? "met" : "missed"}`;
  }
  return "";
}

function summaryRow(name: string, comparison: Comparison): string {
  const { quickjs, vm } = comparison;
  return `| ${name} | ${ms(quickjs.p50)} | ${ms(vm.p50)} | ${(quickjs.p50 / vm.p50).toFixed(1)}x | ${verdict(comparison)} |`;
}

function batchRow(name: string, quickjs: Batch, vm: Batch, target = ""): string {
  const mib = (value: number) => `${value.toFixed(1)} MiB`;
  return `| ${name} | ${ms(quickjs.ms)} | ${mib(quickjs.rssMiB)} | ${ms(vm.ms)} | ${mib(vm.rssMiB)} | ${target} |`;
}

/** Markdown: every timing sample, a side-by-side summary against the targets, and memory. */
export function quickjsReport(results: QuickJSBenchmarks): string {
  const { coldLoad, sessionCreate, trivialExecute, toolRoundTrip, loop, topLevelLoop, concurrent, idle } =
    results;
  const comparisons = [coldLoad, sessionCreate, trivialExecute, toolRoundTrip, loop, topLevelLoop];
  const extra = [results.sessionCreateBackToBack, ...(results.threadHop ? [results.threadHop] : [])];
  const samples = table([...comparisons.flatMap(({ quickjs, vm }) => [quickjs, vm]), ...extra]);
  const summary = [
    "| measure | QuickJS p50 | node:vm p50 | QuickJS / node:vm | target |",
    "| --- | --- | --- | --- | --- |",
    summaryRow("module load (cold process)", coldLoad),
    summaryRow("session create (warm pool)", sessionCreate),
    summaryRow("trivial execute", trivialExecute),
    summaryRow("awaited tool round-trip", toolRoundTrip),
    summaryRow("1,000,000-iteration loop in a function", loop),
    summaryRow("1,000,000-iteration loop at top level", topLevelLoop),
  ].join("\n");
  const met = concurrent.quickjs.rssMiB < concurrent.targetMiB ? "met" : "missed";
  const memory = [
    "| batch | QuickJS time | QuickJS RSS added | node:vm time | node:vm RSS added | target |",
    "| --- | --- | --- | --- | --- | --- |",
    batchRow(
      `${concurrent.quickjs.sessions} concurrent sessions, each building 100 rows and awaiting a tool`,
      concurrent.quickjs,
      concurrent.vm,
      `< ${concurrent.targetMiB} MiB: ${met}`,
    ),
    batchRow(`${idle.quickjs.sessions} idle sessions, created one by one`, idle.quickjs, idle.vm),
  ].join("\n");
  const perIdle = `Resident memory per idle session: QuickJS ${(idle.quickjs.rssMiB / idle.quickjs.sessions).toFixed(2)} MiB, node:vm context ${(idle.vm.rssMiB / idle.vm.sessions).toFixed(2)} MiB.`;
  return [samples, summary, memory, perIdle].join("\n\n");
}
