/** Starts `worker.mjs` in a process of its own and follows what it prints. */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("./worker.mjs", import.meta.url));

export type WorkerProcess = {
  url: string;
  /** Resolves when the worker reaches its `crashAt` model call. */
  crashPoint: Promise<void>;
  /** The first approval the worker was asked to announce: its awakeable id. */
  approval: Promise<string>;
  exited: Promise<void>;
  kill(): void;
};

/** Resolves once the worker listens. `gate`: the URL a "gated" task waits on before its second step. */
export async function startWorker(
  counterFile: string,
  options: { crashAt?: number; gate?: string } = {},
): Promise<WorkerProcess> {
  const { crashAt, gate } = options;
  const child: ChildProcess = spawn(
    process.execPath,
    [script, counterFile, ...(crashAt ? [String(crashAt)] : [])],
    {
      // The SDK warns about every terminal error it sees; tests assert on those themselves.
      env: { ...process.env, RESTATE_LOGGING: "ERROR", ...(gate && { GATE_URL: gate }) },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let crashed!: () => void;
  const crashPoint = new Promise<void>((resolve) => {
    crashed = resolve;
  });
  let announced!: (awakeableId: string) => void;
  const approval = new Promise<string>((resolve) => {
    announced = resolve;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`worker exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const port = /^listening (\d+)$/.exec(line)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
      if (line === "crash-point") crashed();
      const awakeable = /^approval (\S+) /.exec(line)?.[1];
      if (awakeable) announced(awakeable);
    });
  });
  return { url, crashPoint, approval, exited, kill: () => child.kill("SIGKILL") };
}

/** Runs task `n` of the worker's `adder` service through Restate's ingress (its answer is n + 11). */
export async function runAdder(ingress: string, n: number) {
  const response = await fetch(`${ingress}/adder/run`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ task: `Run ${n}: add 1, then 10.` }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
