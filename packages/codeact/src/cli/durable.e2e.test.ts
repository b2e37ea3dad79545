/**
 * `codeact run --durable` killed with SIGKILL in the middle of a run, then `codeact resume`: the
 * built CLI, a local OpenAI-compatible server, and a local page server that counts every fetch.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readdir } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  openAIStream,
  type RecordedRequest,
  type Reply,
  runNode,
  startFakeServer,
} from "@codeact/test-utils";
import { describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

const code = (body: string): Reply => ({
  sse: openAIStream({ text: `Thought: next.\n\`\`\`js\n${body}\n\`\`\`` }),
  headers: { "content-type": "text/event-stream" },
});

/** The conversation a model request carried. */
const messages = (request: RecordedRequest | undefined) =>
  (request?.body as { messages: { role: string; content: string }[] } | undefined)?.messages;

/** A page server whose every GET is one real execution of the fetch_url tool. */
async function pageServer() {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? "");
    response.end(`page ${hits.length}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hits,
    url: `http://127.0.0.1:${port}`,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("codeact run --durable, killed, then codeact resume", () => {
  it("finishes the run with no tool executed twice and the same sandbox variables as before the kill", async () => {
    await using pages = await pageServer();
    const cwd = await mkdtemp(path.join(tmpdir(), "codeact-durable-"));
    const replies = [
      code(
        `const first = (await fetch_url({ url: "${pages.url}/a" })).text;\nconst roll = Math.random();\nconst at = new Date().toISOString();\nconsole.log(JSON.stringify({ first, roll, at }))`,
      ),
      code(`const second = (await fetch_url({ url: "${pages.url}/b" })).text;\nconsole.log(second)`),
      // Request 3 never gets its answer: the CLI is killed as it arrives.
      { hang: true } as Reply,
      code("final_answer(JSON.stringify({ first, second, roll, at }))"),
    ];
    let child: ChildProcess | undefined;
    const server = await startFakeServer((_, index) => {
      if (index === 2) child?.kill("SIGKILL");
      return replies[index] ?? { json: { error: "no more replies" }, status: 500 };
    });
    await using _ = server;
    const env = { OPENAI_BASE_URL: `${server.url}/v1`, CODEACT_MODEL: "local-test-model" };

    const killed = await runNode([cli, "run", "--durable", "--allow-fetch", "Fetch two pages."], {
      env,
      cwd,
      onSpawn: (spawned) => {
        child = spawned;
      },
    });
    expect(killed.code).toBeNull();
    const runId = /durable run ([\w-]+); .*codeact resume \1/.exec(killed.stderr)?.[1];
    expect(runId, killed.stderr).toBeDefined();
    expect(pages.hits).toEqual(["/a", "/b"]);
    expect(await readdir(path.join(cwd, ".codeact", "runs"))).toEqual(
      [`${runId}.cli.json`, `${runId}.jsonl`].sort(),
    );

    const resumed = await runNode([cli, "resume", String(runId), "--quiet"], { env, cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    // Both fetches came from the journal; the model was asked only for the step after the kill.
    expect(pages.hits).toEqual(["/a", "/b"]);
    expect(server.requests).toHaveLength(4);
    // The replayed sandbox rebuilt the same conversation the killed process had sent.
    expect(messages(server.requests[3])).toEqual(messages(server.requests[2]));
    const logged = /Logs:\n(.*)/.exec(messages(server.requests[1])?.at(-1)?.content ?? "")?.[1];
    const before = JSON.parse(logged ?? "null") as { first: string; roll: number; at: string };
    expect(JSON.parse(resumed.stdout)).toEqual({ ...before, second: "page 2" });
    expect(before.first).toBe("page 1");
  });

  it("refuses to resume a run it does not have, and says where it looked", async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), "codeact-durable-"));
    const result = await runNode([cli, "resume", "no-such-run"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No durable run no-such-run in \.codeact[/\\]runs/);
  });
});
