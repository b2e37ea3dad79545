/**
 * The codeact runner against QuickJS, in the same run: creating a session, a trivial execute and
 * an awaited tool call, for QuickJS in worker threads (the baseline), `ProcessExecutor` (a local
 * `node` child) and `E2BExecutor` through the real `e2b` SDK to a test envd on 127.0.0.1 (so
 * the figure is the SDK and protocol's own cost, without E2B's network).
 */
import type { Executor } from "@codeact/core";
import { QuickJSExecutor } from "@codeact/executors";
import { E2BExecutor } from "@codeact/executors/e2b";
import { ProcessExecutor } from "@codeact/executors/process";
import { startTestEnvd } from "../../packages/executors/src/e2b/__fixtures__/envd.js";
import { measure, type Sample } from "./harness.js";

type Row = { create: Sample; execute: Sample; call: Sample };

async function rows(name: string, executor: Executor): Promise<Row> {
  const functions = { echo: async (input: unknown) => input };
  const create = await measure(
    `${name}: createSession + dispose`,
    async () => (await executor.createSession({ functions })).dispose(),
    { runs: 15, warmup: 2 },
  );
  const session = await executor.createSession({ functions });
  const execute = await measure(`${name}: execute \`1 + 1\``, () => session.execute("1 + 1"), {
    runs: 200,
    warmup: 20,
  });
  const call = await measure(`${name}: execute \`await echo(1)\``, () => session.execute("await echo(1)"), {
    runs: 200,
    warmup: 20,
  });
  await session.dispose();
  return { create, execute, call };
}

/** The three executors' rows; QuickJS's is the baseline of each comparison. */
export async function runnerBenchmarks(): Promise<{ quickjs: Row; process: Row; e2b: Row }> {
  const quickjs = await rows("QuickJS (worker threads)", new QuickJSExecutor());
  const process = await rows("ProcessExecutor (local node child)", new ProcessExecutor());
  await using envd = await startTestEnvd();
  const e2b = await rows(
    "E2BExecutor (real SDK, test envd on 127.0.0.1)",
    new E2BExecutor({ sandboxOptions: { debug: true, sandboxUrl: envd.url } }),
  );
  return { quickjs, process, e2b };
}
