import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { ToolError } from "@codeact/core";
import { remoteAgent } from "@codeact/multi-agent";
import { openAIStream, type Reply, runNode, startFakeServer } from "@codeact/test-utils";
import { describe, expect, it } from "vitest";

// The built executable, as users run it: these tests need `pnpm build` first (turbo does it).
const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const code = (body: string): Reply => ({
  sse: openAIStream({ text: `Thought: next.\n\`\`\`js\n${body}\n\`\`\`` }),
  headers: { "content-type": "text/event-stream" },
});

describe("codeact serve --a2a", () => {
  it("serves a code agent that a manager calls with the token, refuses it without, and stops on Ctrl-C", async () => {
    const model = await startFakeServer([code("final_answer(6 * 7)")]);
    await using _ = model;
    const child = spawn(process.execPath, [cli, "serve", "--a2a", "--port", "0", "--name", "calculator"], {
      env: {
        PATH: process.env.PATH ?? "",
        OPENAI_BASE_URL: `${model.url}/v1`,
        CODEACT_MODEL: "local-test-model",
        CODEACT_A2A_TOKEN: "t0ken",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const [first] = (await once(child.stdout, "data")) as [Buffer];
    const url = first.toString().trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const refused = await remoteAgent({ url });
    const error = await Promise.resolve(
      refused.execute({ task: "What is 6 times 7?" }, { signal: new AbortController().signal, callId: "c1" }),
    ).catch((caught: unknown) => caught);
    expect(ToolError.isInstance(error)).toBe(true);
    expect(model.requests).toHaveLength(0);

    const calculator = await remoteAgent({ url, headers: { authorization: "Bearer t0ken" } });
    expect(calculator.name).toBe("calculator");
    expect(
      await calculator.execute(
        { task: "What is 6 times 7?" },
        { signal: new AbortController().signal, callId: "c2" },
      ),
    ).toBe(42);

    const exited = once(child, "exit");
    child.kill("SIGINT");
    expect((await exited)[0]).toBe(130);
    expect(stderr).toContain(`serving the agent over A2A at ${url}; requests need CODEACT_A2A_TOKEN`);
  });

  it("exits 2 saying what to add when no protocol is named", async () => {
    const result = await runNode([cli, "serve", "--port", "0"], { env: { OPENAI_API_KEY: "unused" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "codeact: serve needs a protocol: add --a2a (codeact serve --a2a --port 4000).\n",
    );
  });
});
