/**
 * The official MCP conformance suite against `serveMcp` and `connectMcp`. Scenarios that cannot
 * pass are listed, each with its reason, in `conformance-baseline.yml`: the suite fails on a new
 * failure and on a listed scenario that starts passing.
 */
import { mkdtemp, rm } from "node:fs/promises";
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
const baseline = fileURLToPath(new URL("../conformance-baseline.yml", import.meta.url));
// The suite's CLI needs Node 22 (it imports `fs.globSync`); CI runs this file in its Node 24 pass.
const major = Number(process.versions.node.split(".")[0]);
const needsNode22 = major < 22;

let output: string;
beforeAll(async () => {
  output = await mkdtemp(join(tmpdir(), "codeact-conformance-"));
});
afterAll(() => rm(output, { recursive: true, force: true }));

function conformance(args: string[]) {
  return runNode([cli, ...args, "--expected-failures", baseline, "-o", output], {
    env: { HOME: process.env.HOME ?? tmpdir() },
  });
}

describe.skipIf(needsNode22)(`the MCP conformance suite${needsNode22 ? " (needs Node 22+)" : ""}`, () => {
  describe("serveMcp over Streamable HTTP", () => {
    let server: McpServerHandle;
    beforeAll(async () => {
      server = await serveMcp({ tools: conformanceTools }, { transport: "http", port: 0 });
    });
    afterAll(() => server.close());

    it("passes every server scenario not in the baseline, and fails every one in it", async () => {
      const { code, stdout, stderr } = await conformance(["server", "--url", server.url as string]);
      expect(`${stdout}\n${stderr}`).not.toMatch(/unexpected|stale/i);
      expect(code, `${stdout}\n${stderr}`).toBe(0);
    }, 120_000);
  });

  describe("connectMcp", () => {
    it("passes every client scenario not in the baseline, and fails every one in it", async () => {
      // The suite appends each scenario's server URL to the command.
      const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(client)}`;
      const { code, stdout, stderr } = await conformance([
        "client",
        "--command",
        command,
        "--suite",
        "all",
        "--timeout",
        "60000",
      ]);
      expect(`${stdout}\n${stderr}`).not.toMatch(/unexpected|stale/i);
      expect(code, `${stdout}\n${stderr}`).toBe(0);
    }, 180_000);
  });
});
