/**
 * The official MCP conformance suite against `serveMcp` and `connectMcp`. Scenarios that cannot
 * pass are listed, each with its reason, in `conformance-baseline.yml`: the test fails on a new
 * failure and on a listed scenario that starts passing. It reads each scenario's checks itself,
 * rather than the CLI's verdict, so that a check timed by the wall clock cannot fail it on a
 * loaded machine.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runNode } from "@codeact/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpServerHandle, serveMcp } from "./index.js";
import { conformanceTools } from "./server/__fixtures__/conformance-tools.js";

const cli = createRequire(import.meta.url).resolve("@modelcontextprotocol/conformance/dist/index.js");
const client = fileURLToPath(new URL("./client/__fixtures__/conformance-client.mjs", import.meta.url));
const baselineFile = fileURLToPath(new URL("../conformance-baseline.yml", import.meta.url));
// The suite's CLI needs Node 22 (it imports `fs.globSync`); CI runs this file in its Node 24 pass.
const major = Number(process.versions.node.split(".")[0]);
const needsNode22 = major < 22;
/** Checks that measure elapsed time: a busy machine makes them late, whatever the client does. */
const timed = new Set(["client-sse-retry-timing"]);

let output: string;
beforeAll(async () => {
  output = await mkdtemp(join(tmpdir(), "codeact-conformance-"));
});
afterAll(() => rm(output, { recursive: true, force: true }));

/** Runs the suite and returns the scenarios that failed a check (or warned, outside `timed`). */
async function failedScenarios(mode: "server" | "client", args: string[]): Promise<string[]> {
  const results = join(output, mode);
  const run = await runNode([cli, mode, ...args, "-o", results], {
    env: { HOME: process.env.HOME ?? tmpdir() },
  });
  const files = (await readdir(results, { recursive: true })).filter((file) => file.endsWith("checks.json"));
  expect(files.length, `${run.stdout}\n${run.stderr}`).toBeGreaterThan(0);
  const failed: string[] = [];
  for (const file of files) {
    const checks = JSON.parse(await readFile(join(results, file), "utf8")) as {
      id: string;
      status: string;
    }[];
    const bad = checks.some(
      ({ id, status }) => status === "FAILURE" || (status === "WARNING" && !timed.has(id)),
    );
    // A result folder is `<scenario>-<timestamp>`, under `server-` for server scenarios.
    const scenario = file.replace(/-\d{4}-\d\d-\d\dT[\d-]+Z[\\/]checks\.json$/, "").replace(/^server-/, "");
    if (bad) failed.push(scenario.replaceAll("\\", "/"));
  }
  return failed.sort();
}

/** The scenarios `conformance-baseline.yml` lists under `mode`. */
async function baseline(mode: "server" | "client"): Promise<string[]> {
  const text = await readFile(baselineFile, "utf8");
  const section = text.split(/^(?=\w+:)/m).find((part) => part.startsWith(`${mode}:`)) ?? "";
  return [...section.matchAll(/^\s+-\s+(\S+)/gm)].map((match) => match[1] as string).sort();
}

describe.skipIf(needsNode22)(`the MCP conformance suite${needsNode22 ? " (needs Node 22+)" : ""}`, () => {
  describe("serveMcp over Streamable HTTP", () => {
    let server: McpServerHandle;
    beforeAll(async () => {
      server = await serveMcp({ tools: conformanceTools }, { transport: "http", port: 0 });
    });
    afterAll(() => server.close());

    it("passes every server scenario not in the baseline, and fails every one in it", async () => {
      const failed = await failedScenarios("server", ["--url", server.url as string]);
      expect(failed).toEqual(await baseline("server"));
    }, 120_000);
  });

  describe("connectMcp", () => {
    it("passes every client scenario not in the baseline, and fails every one in it", async () => {
      // The suite appends each scenario's server URL to the command.
      const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(client)}`;
      const failed = await failedScenarios("client", [
        "--command",
        command,
        "--suite",
        "all",
        "--timeout",
        "60000",
      ]);
      expect(failed).toEqual(await baseline("client"));
    }, 180_000);
  });
});
