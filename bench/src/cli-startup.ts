/**
 * Start-up time of the CLI: from launching `codeact run` to its first model request, against a
 * bare `node -e 0` (launch to exit) measured in the same run.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startFakeServer } from "@codeact/test-utils";
import { type Sample, summarize } from "./harness.js";

const cli = fileURLToPath(new URL("../../packages/codeact/dist/cli.js", import.meta.url));
const RUNS = 20;

/** Milliseconds from spawning the CLI to its first request reaching a local model server. */
async function timeToFirstRequest(): Promise<number> {
  const server = await startFakeServer([{ hang: true }]);
  try {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, "run", "--quiet", "What is 2 + 2?"], {
      env: { PATH: process.env.PATH ?? "", OPENAI_BASE_URL: `${server.url}/v1`, CODEACT_MODEL: "bench" },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    while (server.requests.length === 0) {
      if (child.exitCode !== null)
        throw new Error(`the CLI exited with ${child.exitCode} before asking the model`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const elapsed = performance.now() - started;
    child.kill("SIGKILL");
    await exited;
    return elapsed;
  } finally {
    await server.close();
  }
}

/** Milliseconds for `node -e 0` to start and exit. */
function bareNode(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
  return new Promise((resolve) => child.once("exit", () => resolve(performance.now() - started)));
}

/** Both start-up figures, alternated run by run so machine noise hits both alike. */
export async function cliStartup(): Promise<{ cli: Sample; node: Sample }> {
  const cliTimes: number[] = [];
  const nodeTimes: number[] = [];
  await timeToFirstRequest(); // warm the file system cache
  for (let i = 0; i < RUNS; i++) {
    nodeTimes.push(await bareNode());
    cliTimes.push(await timeToFirstRequest());
  }
  return {
    node: summarize("`node -e 0`, launch to exit (baseline)", nodeTimes),
    cli: summarize("`codeact run`, launch to first model request", cliTimes),
  };
}
