/** `pnpm bench`: runs every benchmark and prints markdown for docs/benchmarks.md. */

import { cliStartup } from "./cli-startup.js";
import { machine, table } from "./harness.js";
import { loopOverhead } from "./loop-overhead.js";

console.log(`Machine: ${machine()}\n`);

const loop = await loopOverhead();
console.log("## Agent loop overhead per step (CodeAgent + ScriptedModel + QuickJS)\n");
console.log(table([loop.execute, loop.step, loop.model], loop.execute));
console.log(
  `\nLoop overhead per step (p50, step minus bare execute): ${(loop.step.p50 - loop.execute.p50).toFixed(3)} ms\n`,
);

const { quickjsBenchmarks } = await import("./quickjs.js");
const { quickjsReport } = await import("./quickjs-report.js");
for (const thread of ["pool", "inline"] as const) {
  const quickjs = await quickjsBenchmarks(thread);
  const where = thread === "pool" ? "in worker threads (the default)" : "inline, on the host's thread";
  console.log(`## QuickJS executor ${where}, against node:vm (same snippets, same run)\n`);
  console.log(`${quickjsReport(quickjs)}\n`);
}

const { workerThreadBenchmarks, workerThreadReport } = await import("./worker-threads.js");
console.log(
  "## Worker threads against the host's thread: event loop, parallelism, aborts, stuck built-ins\n",
);
console.log(`${workerThreadReport(await workerThreadBenchmarks())}\n`);

const { deadlineLatency, replRewrite } = await import("./call-signals.js");
const latency = await deadlineLatency();
const rewrite = await replRewrite();
console.log("## The executor contract: deadline to tool signal, REPL declarations\n");
console.log(table([latency.timer, latency.signal], latency.timer));
console.log("");
console.log(table([rewrite.plain, rewrite.declaring], rewrite.plain));
console.log("");

const { runnerBenchmarks } = await import("./runner.js");
const runner = await runnerBenchmarks();
console.log("## The codeact runner (ProcessExecutor, E2BExecutor) against QuickJS, same run\n");
for (const key of ["create", "execute", "call"] as const) {
  console.log(table([runner.quickjs[key], runner.process[key], runner.e2b[key]], runner.quickjs[key]));
  console.log("");
}

const { durableBenchmarks } = await import("./durable.js");
const durable = await durableBenchmarks();
console.log("## Durable runs: journal overhead, resume, Restate\n");
console.log(
  table([durable.perStep.plain, durable.perStep.memory, durable.perStep.file], durable.perStep.plain),
);
console.log("");
console.log(table([durable.resume.original, durable.resume.resumed], durable.resume.original));
console.log("");
console.log(table([durable.restate.calm, durable.restate.killed], durable.restate.calm));
console.log("");

const { coreSize } = await import("./code-size.js");
const size = coreSize();
console.log("## Size of @codeact/core (lines of code, tests excluded)\n");
console.log(`library: ${size.library} lines; test tooling in src/testing: ${size.testing} lines\n`);

const { firstRequest } = await import("./first-request.js");
const first = await firstRequest();
console.log("## First request: tokens before the model writes anything (o200k)\n");
console.log(
  `no tools: ${first.bare} tokens; with ${first.toolNames.join(", ")}: ${first.withTools} tokens (${(first.withTools / first.bare).toFixed(2)}x)\n`,
);

const { toolCatalogue } = await import("./tool-catalogue.js");
const catalogue = await toolCatalogue();
console.log(
  `## A ${catalogue.count}-tool MCP server: first request, every tool declared against searched on demand (o200k)\n`,
);
console.log(
  `every tool declared (toolSearch: false): ${catalogue.declared} tokens; searched on demand (the default): ${catalogue.searched} tokens (${(catalogue.searched / catalogue.declared).toFixed(3)}x)`,
);
console.log(
  `scripted find-and-call of an undeclared tool: ${catalogue.task.status} in ${catalogue.task.steps} steps, declaration found by search: ${catalogue.task.found}, output ${JSON.stringify(catalogue.task.output)}\n`,
);

const startup = await cliStartup();
console.log("## CLI start-up: launch to first model request\n");
console.log(table([startup.node, startup.cli], startup.node));
