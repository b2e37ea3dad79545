/**
 * Agents as Restate services, tested for real: the Restate server from npm on 127.0.0.1, two
 * worker processes behind one load balancer, scripted deterministic models, and a tool that
 * appends its idempotency key to a file on every real execution.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startBalancer } from "./__fixtures__/balancer.js";
import { startRestate } from "./__fixtures__/restate-server.js";
import {
  runAdder,
  startWorker as startWorkerProcess,
  type WorkerProcess,
} from "./__fixtures__/worker-process.js";

const workers: WorkerProcess[] = [];
afterEach(() => {
  for (const worker of workers.splice(0)) worker.kill();
});

async function startWorker(...args: Parameters<typeof startWorkerProcess>): Promise<WorkerProcess> {
  const worker = await startWorkerProcess(...args);
  workers.push(worker);
  return worker;
}

describe("restateAgent on a Restate server with two workers", () => {
  it("completes 20 runs when one worker is SIGKILLed mid-run, every tool call executed exactly once", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "codeact-restate-runs-"));
    const counter = path.join(folder, "executions.log");
    await using restate = await startRestate();
    // Worker 0 stops at its 12th model call, in the middle of some run.
    const doomed = await startWorker(counter, { crashAt: 12 });
    const survivor = await startWorker(counter);
    await using balancer = await startBalancer([doomed.url, survivor.url]);
    await restate.register(balancer.url);

    const killed = doomed.crashPoint.then(async () => {
      // No new requests for it, and none of its own open but the one at the crash point: no
      // tool is between running and being recorded, so none can run twice (that one would).
      await balancer.retire(0, 1);
      doomed.kill();
      await doomed.exited;
    });
    const runs = await Promise.all(Array.from({ length: 20 }, (_, n) => runAdder(restate.ingress, n)));
    await killed;

    for (const [n, run] of runs.entries()) {
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      expect(run.body).toMatchObject({ status: "success", output: n + 11, steps: 3 });
    }
    const executions = (await readFile(counter, "utf8")).trim().split("\n");
    // Two calls per run, each executed once: its key (run id, step, call) appears once.
    expect(executions).toHaveLength(40);
    expect(new Set(executions).size).toBe(40);
    const runIds = new Set(runs.map((run) => run.body.runId));
    expect(runIds.size).toBe(20);
    for (const key of executions) expect(runIds.has(key.replace(/:\d+:\d+$/, ""))).toBe(true);
    // Both workers served attempts; the survivor finished what the dead one had started.
    expect(balancer.served[0]).toBeGreaterThan(1);
    expect(balancer.served[1]).toBeGreaterThan(1);
  }, 120_000);

  it("refuses a request without a task, terminally, with a message saying what to send", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "codeact-restate-runs-"));
    await using restate = await startRestate();
    const worker = await startWorker(path.join(folder, "executions.log"));
    await restate.register(worker.url);
    const response = await fetch(`${restate.ingress}/adder/run`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ goal: "no task here" }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('takes { "task"');
  }, 60_000);

  it("ends a run cancelled in Restate at its next step: no tool runs after the cancel", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "codeact-restate-runs-"));
    const counter = path.join(folder, "executions.log");
    // The gate holds the run's second model call until the test lets it go.
    let arrived!: () => void;
    const waiting = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let held: ServerResponse | undefined;
    const gate = createServer((_, response) => {
      held = response;
      arrived();
    });
    await new Promise<void>((resolve) => gate.listen(0, "127.0.0.1", resolve));
    await using _gate = {
      [Symbol.asyncDispose]: () => new Promise<void>((resolve) => gate.close(() => resolve())),
    };
    await using restate = await startRestate();
    const worker = await startWorker(counter, {
      gate: `http://127.0.0.1:${(gate.address() as AddressInfo).port}`,
    });
    await restate.register(worker.url);

    const sent = await fetch(`${restate.ingress}/adder/run/send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ task: "Run 5, gated: add 1, then 10." }),
    });
    const { invocationId } = (await sent.json()) as { invocationId: string };
    await waiting;
    const cancel = await fetch(`${restate.admin}/invocations/${invocationId}/cancel`, { method: "PATCH" });
    expect(cancel.status, await cancel.text()).toBeLessThan(300);
    held?.end("go");
    const output = await fetch(`${restate.ingress}/restate/invocation/${invocationId}/attach`);
    expect(await output.text()).toMatch(/cancel/i);
    // The first step's call ran; the second step's never started.
    const executions = (await readFile(counter, "utf8")).trim().split("\n");
    expect(executions).toEqual([`${invocationId}:1:0`]);
  }, 60_000);

  it("waits for an approval on an awakeable, holding no worker, and goes on on another worker once resolved", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "codeact-restate-runs-"));
    const counter = path.join(folder, "executions.log");
    await using restate = await startRestate();
    const pair = [await startWorker(counter), await startWorker(counter)];
    await using balancer = await startBalancer(pair.map((worker) => worker.url));
    await restate.register(balancer.url);
    const sent = await fetch(`${restate.ingress}/adder/run/send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ task: "Run 9: Pay it." }),
    });
    const { invocationId } = (await sent.json()) as { invocationId: string };
    const [awakeableId, asker] = await Promise.race(
      pair.map((worker, index) => worker.approval.then((id) => [id, index] as const)),
    );
    // The worker that asked goes away for good; the decision arrives later, to the other one.
    await balancer.retire(asker, 0);
    pair[asker]!.kill();
    await pair[asker]!.exited;
    await expect(readFile(counter, "utf8")).rejects.toThrow();
    const resolved = await fetch(`${restate.ingress}/restate/awakeables/${awakeableId}/resolve`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "true",
    });
    expect(resolved.status).toBeLessThan(300);
    const output = await fetch(`${restate.ingress}/restate/invocation/${invocationId}/attach`);
    expect(await output.json()).toMatchObject({ status: "success", output: "paid 9", runId: invocationId });
    expect((await readFile(counter, "utf8")).trim().split("\n")).toEqual([`${invocationId}:1:0`]);
  }, 60_000);
});
