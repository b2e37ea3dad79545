/** Runs a program as users do, in a clean environment, and collects what it printed. */
import { type ChildProcess, spawn } from "node:child_process";

/** How a process ended and what it wrote. */
export type ProcessOutcome = { code: number | null; stdout: string; stderr: string };

/**
 * Spawns `node <args>` with only `PATH` and `env` set, so no key or setting of the developer's
 * leaks into a test. `onSpawn` gets the child, e.g. to send it a signal.
 */
export function runNode(
  args: string[],
  options: {
    env?: Record<string, string>;
    stdin?: string;
    cwd?: string;
    onSpawn?: (child: ChildProcess) => void;
  } = {},
): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
      ...(options.cwd && { cwd: options.cwd }),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
    options.onSpawn?.(child);
  });
}

/** Whether a process with this id is running (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
