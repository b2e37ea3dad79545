import type { ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type AgentEvent, agentEventSchema } from "@codeact/core";
import { openAIStream, type Reply, runNode, startFakeServer } from "@codeact/test-utils";
import { describe, expect, it } from "vitest";

// The built executable, as users run it: these tests need `pnpm build` first (turbo does it).
const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

const runCli = (args: string[], options: Parameters<typeof runNode>[1] = {}) =>
  runNode([cli, ...args], options);

const reply = (text: string): Reply => ({
  sse: openAIStream({ text }),
  headers: { "content-type": "text/event-stream" },
});
const code = (body: string, thought = "Thought: next.") => reply(`${thought}\n\`\`\`js\n${body}\n\`\`\``);

async function localServer(replies: Reply[]) {
  const server = await startFakeServer(replies);
  const env = { OPENAI_BASE_URL: `${server.url}/v1`, CODEACT_MODEL: "local-test-model" };
  return { server, env };
}

describe("codeact run (the built CLI against a local OpenAI-compatible server)", () => {
  it("solves a multi-step task and prints the answer on stdout with exit 0", async () => {
    const { server, env } = await localServer([
      code(
        "const squares = [1, 2, 3, 4].map((n) => n * n);\nconsole.log(squares);",
        "Thought: square them first.",
      ),
      code("final_answer(squares.reduce((a, b) => a + b, 0));", "Thought: now add them up."),
    ]);
    await using _ = server;
    const result = await runCli(["run", "Sum the squares of 1 to 4."], { env });
    expect(result.stderr).toContain("Step 2");
    expect(result.stderr).toContain("now add them up");
    expect(result.stderr).toMatch(/Done.*2 steps/);
    expect(result.stdout).toBe("30\n");
    expect(result.code).toBe(0);
    const second = server.requests[1]?.body as {
      messages: { role: string; content: string }[];
      model: string;
    };
    expect(second.model).toBe("local-test-model");
    expect(second.messages.at(-1)?.content).toMatch(/Logs:\n\[ 1, 4, 9, 16 \]/);
  });

  it("prints every event type as JSON lines and nothing else with --json", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "codeact-cli-"));
    await writeFile(path.join(folder, "numbers.txt"), "3\n4\n5\n");
    const { server, env } = await localServer([
      reply("Plan: read the file, then add the numbers."),
      code('const text = await read_file({ path: "numbers.txt" });\ntext.trim().split("\\n").map(Number)'),
      code("final_answer(text.trim().split('\\n').map(Number).reduce((a, b) => a + b, 0))"),
    ]);
    await using _ = server;
    const result = await runCli(
      [
        "run",
        "--json",
        "--planning-interval",
        "5",
        "--allow-read",
        folder,
        "Add the numbers in numbers.txt.",
      ],
      { env },
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    const events = lines.map((line) => JSON.parse(line) as AgentEvent);
    // Checked on the far side of the pipe with the published schema, as a consumer would.
    for (const event of events)
      expect(await agentEventSchema["~standard"].validate(event)).toEqual({ value: event });
    const types = new Set(events.map((event) => event.type));
    expect([...types].sort()).toEqual(
      [
        "code",
        "final-answer",
        "model-response",
        "observation",
        "plan",
        "run-end",
        "run-start",
        "step-end",
        "step-start",
        "text-delta",
        "tool-call",
        "tool-result",
      ].sort(),
    );
    expect(events.at(-1)).toMatchObject({ type: "run-end", result: { status: "success", output: 12 } });
    expect(events.find((event) => event.type === "tool-result")).toMatchObject({
      name: "read_file",
      output: "3\n4\n5\n",
    });
  });

  it("reads the task from standard input with -, and prints only the answer with --quiet", async () => {
    const { server, env } = await localServer([code('final_answer("bonjour")')]);
    await using _ = server;
    const result = await runCli(["run", "--quiet", "-"], { env, stdin: "Say hello in French.\n" });
    expect(result).toEqual({ code: 0, stdout: "bonjour\n", stderr: "" });
    const first = server.requests[0]?.body as { messages: { content: string }[] };
    expect(first.messages[1]?.content).toBe("Task:\nSay hello in French.");
  });

  it("runs a task given without the run command, flags before it included", async () => {
    const { server, env } = await localServer([code('final_answer("hi")')]);
    await using _ = server;
    const result = await runCli(["--max-steps", "3", "--quiet", "Say hi."], { env });
    expect(result).toEqual({ code: 0, stdout: "hi\n", stderr: "" });
    const first = server.requests[0]?.body as { messages: { content: string }[] };
    expect(first.messages[1]?.content).toBe("Task:\nSay hi.");
  });

  it("shows a streamed plan once, and a call with no argument without crashing", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "codeact-cli-"));
    await writeFile(path.join(folder, "a.txt"), "");
    const { server, env } = await localServer([
      reply("1. List the folder.\n2. Count its files."),
      code("const names = await list_files();\nfinal_answer(names.length)"),
    ]);
    await using _ = server;
    const result = await runCli(["--planning-interval", "5", "--allow-read", folder, "Count the files."], {
      env,
    });
    expect(result.stderr.split("List the folder.")).toHaveLength(2);
    expect(result.stderr).toContain("Plan\n1. List the folder.\n2. Count its files.\n");
    expect(result.stderr).toContain("→ list_files({})");
    expect(result.stdout).toBe("1\n");
    expect(result.code).toBe(0);
  });

  it("exits 2 at once with guidance when no model is configured", async () => {
    const result = await runCli(["run", "What is 2+2?"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("No model is configured");
    for (const hint of [
      "OPENAI_API_KEY",
      "HF_TOKEN",
      "OPENAI_BASE_URL=http://localhost:11434/v1",
      "--base-url",
    ]) {
      expect(result.stderr).toContain(hint);
    }
  });

  it("exits 2 on usage mistakes: no task, a bad number, an unknown option", async () => {
    const env = { OPENAI_BASE_URL: "http://127.0.0.1:9/v1", CODEACT_MODEL: "m" };
    const noTask = await runCli(["run"], { env });
    expect(noTask.code).toBe(2);
    expect(noTask.stderr).toContain("No task given");
    expect((await runCli(["run", "--max-steps", "zero", "x"], { env })).code).toBe(2);
    expect((await runCli(["run", "--frobnicate", "x"], { env })).code).toBe(2);
    expect((await runCli([], { env })).code).toBe(2);
  });

  it("exits 1 with a readable error when the model server refuses", async () => {
    const { server, env } = await localServer([
      {
        json: {
          error: {
            message: "Incorrect API key provided.",
            type: "invalid_request_error",
            code: "invalid_api_key",
          },
        },
        status: 401,
      },
    ]);
    await using _ = server;
    const result = await runCli(["run", "Anything."], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/✖ error/);
    expect(result.stderr).toMatch(/Incorrect API key provided/);
  });

  it("exits 1 when the run reaches --max-steps", async () => {
    const { server, env } = await localServer([code("console.log(1)"), reply("Best guess: 1.")]);
    await using _ = server;
    const result = await runCli(["run", "--max-steps", "1", "Count."], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Out of steps/);
    expect(result.stdout).toBe("Best guess: 1.\n");
  });

  it.each([
    ["an interpreted loop", "for (;;) {}"],
    ["one built-in call", "Array.prototype.indexOf.call({ length: 2 ** 40 }, 1)"],
  ])(
    "stops model code spinning in %s on Ctrl-C, long before its deadline, and exits 130",
    async (_, body) => {
      const { server, env } = await localServer([code(body)]);
      await using _server = server;
      const result = await runCli(["run", "--json", "--timeout", "600000", "Spin."], {
        env,
        // Ctrl-C once the code is about to run: the CLI prints its event first.
        onSpawn: (child) => {
          child.stdout?.on("data", (chunk: Buffer) => {
            if (chunk.toString().includes('"type":"code"')) setTimeout(() => child.kill("SIGINT"), 50);
          });
        },
      });
      // A guest on the host's thread would hold Ctrl-C for the whole 10-minute deadline.
      expect(result.code).toBe(130);
    },
  );

  it("stops cleanly on Ctrl-C (SIGINT) and exits 130", async () => {
    let child: ChildProcess | undefined;
    // Ctrl-C as soon as the model request arrives; the server never answers it.
    const server = await startFakeServer(() => {
      child?.kill("SIGINT");
      return { hang: true };
    });
    await using _ = server;
    const env = { OPENAI_BASE_URL: `${server.url}/v1`, CODEACT_MODEL: "m" };
    const result = await runCli(["run", "Wait forever."], {
      env,
      onSpawn: (spawned) => {
        child = spawned;
      },
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/aborted/);
    expect(server.requests).toHaveLength(1);
  });
});
