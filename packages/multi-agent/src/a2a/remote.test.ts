import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { TaskState } from "@a2a-js/sdk";
import { ClientFactory } from "@a2a-js/sdk/client";
import { type AgentEvent, CodeAgent, ToolError } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentTool, remoteAgent, serveAgent } from "../index.js";

const fixture = fileURLToPath(new URL("../__fixtures__/worker-server.mjs", import.meta.url));
const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;
const token = "s3cret-token";
const auth = { authorization: `Bearer ${token}` };

/** The worker process: its URL, everything it printed, and a way to wait for a line. */
type Worker = { url: string; lines: string[]; child: ChildProcess; printed(line: string): Promise<void> };

async function startWorker(env: Record<string, string> = {}): Promise<Worker> {
  const child = spawn(process.execPath, [fixture], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiting: { line: string; resolve: () => void }[] = [];
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const complete = buffer.split("\n");
    buffer = complete.pop() ?? "";
    for (const line of complete) {
      lines.push(line);
      for (const wait of waiting.filter((candidate) => line.startsWith(candidate.line))) wait.resolve();
    }
  });
  const printed = (line: string) =>
    lines.some((seen) => seen.startsWith(line))
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiting.push({ line, resolve }));
  await Promise.race([
    printed("READY "),
    new Promise((_, reject) => child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)))),
  ]);
  const url = lines.find((line) => line.startsWith("READY "))?.slice("READY ".length) ?? "";
  return { url, lines, child, printed };
}

function manager(code: string, tools: Awaited<ReturnType<typeof remoteAgent>>[]) {
  const model = new ScriptedModel([js(code), js("final_answer('unreachable')")]);
  return { model, agent: new CodeAgent({ model, executor: new QuickJSExecutor(), tools, name: "manager" }) };
}

describe("a worker served over A2A in another process, called by a manager", () => {
  let worker: Worker;
  beforeAll(async () => {
    worker = await startWorker({ A2A_TOKEN: token });
  });
  afterAll(() => {
    worker.child.kill();
  });

  it("answers typed, streams its events under the manager's path, and adds its usage", async () => {
    const researcher = await remoteAgent({ url: worker.url, headers: auth });
    expect(researcher.name).toBe("researcher");
    const { model, agent } = manager(
      'final_answer(await researcher({ task: "tides", context: ["moon", "sun"] }))',
      [researcher],
    );
    const run = agent.stream("Research tides.");
    const events: AgentEvent[] = [];
    for await (const event of run) events.push(event);
    const result = await run.result;
    expect(result.status, result.error?.message).toBe("success");
    expect(result.output).toEqual({ summary: "done: tides", items: ["moon", "sun"] });
    expect(model.requests[0]?.request.messages[0]?.content).toMatch(
      /declare function researcher\(input: \{[\s\S]*\}\): Promise<\{ summary: string; items: unknown\[\] \}>;/,
    );
    const remote = events.filter((event) => event.agentPath.join(">") === "manager>researcher");
    expect(remote.map((event) => event.type)).toEqual(
      expect.arrayContaining(["run-start", "step-start", "code", "final-answer", "run-end"]),
    );
    const remoteEnd = remote.find((event) => event.type === "run-end");
    const remoteTokens = remoteEnd?.type === "run-end" ? remoteEnd.result.usage.inputTokens : 0;
    expect(remoteTokens).toBeGreaterThan(0);
    const ownTokens = model.requests.reduce(
      (sum, { request }) => sum + Math.ceil(request.messages.map((m) => m.content).join("").length / 4),
      0,
    );
    expect(result.usage.inputTokens).toBeGreaterThanOrEqual(remoteTokens + ownTokens - 10);
  });

  it("throws a ToolError carrying the status when the remote run does not succeed", async () => {
    const researcher = await remoteAgent({ url: worker.url, headers: auth });
    const failed = await Promise.resolve(
      researcher.execute({ task: "fail" }, { signal: new AbortController().signal, callId: "c1" }),
    ).catch((error: unknown) => error);
    expect(ToolError.isInstance(failed)).toBe(true);
    expect((failed as ToolError).message).toMatch(
      /^researcher failed: its run ended with status "max_steps"/,
    );
    expect((failed as ToolError).details).toMatchObject({ status: "max_steps" });
  });

  it("cancels the remote task when the manager's run is aborted", async () => {
    const researcher = await remoteAgent({ url: worker.url, headers: auth });
    const { agent } = manager('await researcher({ task: "wait" })', [researcher]);
    const controller = new AbortController();
    const running = agent.run("Wait for the researcher.", { signal: controller.signal });
    const before = worker.lines.filter((line) => line === "HOLD ABORTED").length;
    await worker.printed("HOLDING");
    controller.abort(new Error("the user stopped"));
    expect((await running).status).toBe("aborted");
    await new Promise<void>((resolve) => {
      const check = () =>
        worker.lines.filter((line) => line === "HOLD ABORTED").length > before
          ? resolve()
          : setImmediate(check);
      check();
    });
  });

  it("is refused without its token (401), and nothing runs", async () => {
    const runsBefore = worker.lines.filter((line) => line.startsWith("RUN ")).length;
    const researcher = await remoteAgent({ url: worker.url });
    const refused = await Promise.resolve(
      researcher.execute({ task: "tides" }, { signal: new AbortController().signal, callId: "c1" }),
    ).catch((error: unknown) => error);
    expect(ToolError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/researcher at .* failed: .*401.*refused the credentials/);
    const status = await new Promise<{ code?: number; challenge?: string }>((resolve, reject) => {
      const sent = request(
        worker.url,
        { method: "POST", headers: { "content-type": "application/json" } },
        (res) => resolve({ code: res.statusCode, challenge: res.headers["www-authenticate"] as string }),
      );
      sent.on("error", reject);
      sent.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "SendMessage", params: {} }));
    });
    expect(status).toEqual({ code: 401, challenge: 'Bearer realm="codeact"' });
    expect(worker.lines.filter((line) => line.startsWith("RUN ")).length).toBe(runsBefore);
  });
});

describe("remoteAgent when the network fails", () => {
  it("says clearly that the card cannot be read, and that a worker that died cannot be reached", async () => {
    await expect(remoteAgent({ url: "http://127.0.0.1:9/" })).rejects.toThrow(
      /Could not read the agent card at http:\/\/127\.0\.0\.1:9\/: .*Check the URL and that the agent is running/,
    );
    const worker = await startWorker();
    const researcher = await remoteAgent({ url: worker.url });
    const exited = new Promise((resolve) => worker.child.once("exit", resolve));
    worker.child.kill("SIGKILL");
    await exited;
    const error = await Promise.resolve(
      researcher.execute({ task: "tides" }, { signal: new AbortController().signal, callId: "c1" }),
    ).catch((caught: unknown) => caught);
    expect(ToolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^researcher at http:\/\/127\.0\.0\.1:\d+\/ failed: .*ECONNREFUSED/,
    );
  });

  it("cancels a call that runs past timeoutMs, and says so", async () => {
    const worker = await startWorker();
    try {
      const researcher = await remoteAgent({ url: worker.url, timeoutMs: 300 });
      const error = await Promise.resolve(
        researcher.execute({ task: "wait" }, { signal: new AbortController().signal, callId: "c1" }),
      ).catch((caught: unknown) => caught);
      expect((error as Error).message).toBe(
        "researcher did not finish within 300 ms; its task was canceled.",
      );
      // The official client sees the task canceled on the server.
      const { taskId } = (error as ToolError).details as { taskId: string };
      const client = await new ClientFactory().createFromUrl(worker.url);
      const task = await client.getTask({ tenant: "", id: taskId, historyLength: 0 });
      expect(task.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    } finally {
      worker.child.kill();
    }
  });
});

describe("a remote run continues its caller's agent path", () => {
  it("so events carry the full path and nesting limits count the agents on both machines", async () => {
    const leaf = new CodeAgent({
      model: new ScriptedModel([js("final_answer('leaf ran')")]),
      executor: new QuickJSExecutor(),
      name: "leaf",
    });
    const middle = new CodeAgent({
      model: new ScriptedModel([
        js("try { final_answer(await leaf({ task: 'go' })) } catch (error) { final_answer(error.message) }"),
      ]),
      executor: new QuickJSExecutor(),
      tools: [agentTool(leaf, { maxDepth: 2 })],
      name: "middle",
    });
    await using server = await serveAgent(middle, { port: 0 });
    const { agent } = manager("final_answer(await middle({ task: 'delegate' }))", [
      await remoteAgent({ url: server.url }),
    ]);
    const run = agent.stream("Delegate.");
    const paths = new Set<string>();
    for await (const event of run) paths.add(event.agentPath.join(">"));
    // manager > middle > leaf would be 3 agents deep: the remote side knows the manager is there.
    expect((await run.result).output).toBe(
      "leaf was not started: it would run 3 agents deep, past maxDepth 2. Do this part of the task yourself.",
    );
    expect(paths).toEqual(new Set(["manager", "manager>middle"]));
  });
});
