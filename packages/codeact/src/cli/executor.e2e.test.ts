import { fileURLToPath } from "node:url";
import { openAIStream, type Reply, runNode, startFakeServer } from "@codeact/test-utils";
import { describe, expect, it } from "vitest";
import { startTestEnvd } from "../../../executors/src/e2b/__fixtures__/envd.js";

// The built executable, as users run it: these tests need `pnpm build` first (turbo does it).
const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const code = (body: string): Reply => ({
  sse: openAIStream({ text: `Thought: next.\n\`\`\`js\n${body}\n\`\`\`` }),
  headers: { "content-type": "text/event-stream" },
});

describe("codeact run --executor e2b", () => {
  it("runs the code in an E2B sandbox (here a test envd, which E2B_DEBUG and E2B_SANDBOX_URL point at)", async () => {
    await using envd = await startTestEnvd();
    const model = await startFakeServer([code("final_answer(typeof require('node:fs').readFileSync)")]);
    await using _ = model;
    const result = await runNode([cli, "run", "--executor", "e2b", "Which type is readFileSync?"], {
      env: {
        OPENAI_BASE_URL: `${model.url}/v1`,
        CODEACT_MODEL: "local-test-model",
        E2B_DEBUG: "true",
        E2B_SANDBOX_URL: envd.url,
      },
    });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.stdout).toBe("function\n");
    expect(result.code).toBe(0);
    const body = model.requests[0]?.body as { messages: { content: string }[] } | undefined;
    expect(body?.messages[0]?.content).toContain("E2B cloud sandbox");
    expect(envd.files.size).toBe(1);
  });

  it("exits 2 saying what to set when E2B_API_KEY is missing", async () => {
    const result = await runNode([cli, "run", "--executor", "e2b", "Hi."], {
      env: { OPENAI_BASE_URL: "http://127.0.0.1:9/v1", CODEACT_MODEL: "m" },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/E2BExecutor needs an E2B API key: set E2B_API_KEY/);
  });
});
