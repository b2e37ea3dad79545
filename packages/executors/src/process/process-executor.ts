/**
 * Code run by the codeact runner in a process of its own, with full Node.js: a child of this
 * process by default, or any command that starts the runner (in a container, over `ssh`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { Executor, ExecutorSession, ExecutorSessionOptions } from "@codeact/core";
import { RemoteSession } from "../protocol/remote-session.js";
import { resolveLimits, type SessionLimits } from "../quickjs/limits.js";
import type { RunnerLimits } from "../runner/node-session.js";
import { onHostExit } from "../shared/host-exit.js";
import { JsonLinesChannel, type JsonLinesOptions, type LineTransport } from "./json-lines-channel.js";

/** The limits a runner session takes; each means what it means for `QuickJSExecutor`. */
export type RunnerExecutorLimits = {
  /** Wall-clock limit of one `execute`. Default 30,000 ms. */
  timeoutMs?: number;
  maxLogChars?: number;
  maxValueChars?: number;
  maxToolCalls?: number;
  maxBytesInFlight?: number;
};

/** Options of {@link ProcessExecutor}. */
export type ProcessExecutorOptions = RunnerExecutorLimits & {
  /**
   * The command that starts the runner, its limits' JSON appended as the last argument. Default:
   * this Node.js binary and the runner beside this package (`runnerPath`). To run code in a
   * container, copy the runner there (`runnerSource()`) and start it, e.g.
   * `["docker", "exec", "-i", "box", "node", "/opt/codeact-runner.mjs"]`.
   */
  command?: string[];
  /** Variables of the runner's process. Default: this process's. */
  env?: Record<string, string>;
};

/** Where the runner script is: beside the build, also when this module runs from source (tests). */
export const runnerPath: URL = import.meta.url.endsWith(".ts")
  ? new URL("../../dist/runner.js", import.meta.url)
  : new URL("./runner.js", import.meta.url);

/** The runner script's text, to upload where code will run (an E2B sandbox does this). */
export function runnerSource(): Promise<string> {
  return readFile(runnerPath, "utf8");
}

/** Limits resolved for both ends: the host's session, and the runner's argument. */
export function runnerLimits(options: RunnerExecutorLimits): { host: SessionLimits; runner: RunnerLimits } {
  const { timeoutMs, maxLogChars, maxValueChars, maxToolCalls, maxBytesInFlight } = options;
  const host = resolveLimits({ timeoutMs, maxLogChars, maxValueChars, maxToolCalls, maxBytesInFlight });
  return {
    host,
    runner: { timeoutMs: host.timeoutMs, maxLogChars: host.maxLogChars, maxValueChars: host.maxValueChars },
  };
}

/** The channel options of a runner: a line holds one message, so its cap follows the value cap. */
export function runnerChannelOptions(limits: SessionLimits, label: string): JsonLinesOptions {
  return {
    label,
    // JSON text of a value escapes each character to at most 6 (`\uXXXX`), plus the envelope.
    maxLineChars: Math.max(limits.maxValueChars, limits.maxLogChars) * 6 + 1_000_000,
    overdueMs: 2_000,
    abortGraceMs: 1_000,
  };
}

/** How long a runner may take to exit after its session closed. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Runs each session's code in a new `node` process with the codeact runner: full Node.js (files,
 * network, `require`), while tools stay in this process and are called back over the sandbox
 * protocol. The process is not a sandbox by itself: run it inside one (a container, a VM) when
 * the code is not trusted.
 *
 * @example
 * const agent = new CodeAgent({ model, executor: new ProcessExecutor({ timeoutMs: 60_000 }) });
 */
export class ProcessExecutor implements Executor {
  readonly environment =
    "Your code runs in a Node.js process of its own, with Node's full API: `require`, files, network and timers. Only the functions below run outside it.";
  readonly #options: ProcessExecutorOptions;
  readonly #limits: ReturnType<typeof runnerLimits>;

  constructor(options: ProcessExecutorOptions = {}) {
    this.#options = options;
    this.#limits = runnerLimits(options);
  }

  async createSession(options: ExecutorSessionOptions): Promise<ExecutorSession> {
    const [command, ...args] = this.#options.command ?? [process.execPath, fileOf(runnerPath)];
    const child = spawn(command as string, [...args, JSON.stringify(this.#limits.runner)], {
      stdio: ["pipe", "pipe", "inherit"],
      ...(this.#options.env && { env: this.#options.env }),
    });
    watchForExit(child);
    const channel = new JsonLinesChannel(
      childTransport(child),
      runnerChannelOptions(this.#limits.host, "Node.js runner process"),
    );
    return RemoteSession.open(channel, this.#limits.host, options);
  }
}

function childTransport(child: ChildProcess): LineTransport {
  child.stdout?.setEncoding("utf8");
  // A runner that stopped reading must not crash the host with EPIPE.
  child.stdin?.on("error", () => {});
  return {
    write: (line) => {
      if (child.stdin?.writable) child.stdin.write(`${line}\n`);
    },
    onOutput: (listener) => child.stdout?.on("data", listener),
    onExit: (listener) => {
      const ended = (code: number | null, signal: NodeJS.Signals | null) =>
        listener(signal ? `the process was killed (${signal})` : `the process exited with code ${code}`);
      child.once("exit", ended);
      child.once("error", (error) => listener(`the process could not start: ${error.message}`));
    },
    kill: () => child.kill("SIGKILL"),
    close: () => {
      child.stdin?.end();
      // A runner that does not exit once its session closed is ended.
      const grace = setTimeout(() => child.kill("SIGKILL"), CLOSE_GRACE_MS);
      grace.unref();
      child.once("exit", () => clearTimeout(grace));
      child.unref();
    },
    hold: (active) => {
      if (active) child.ref();
      else child.unref();
    },
  };
}

/** Runners still running when this process exits are ended with it. */
function watchForExit(child: ChildProcess): void {
  child.once(
    "exit",
    onHostExit(() => child.kill("SIGKILL")),
  );
}

function fileOf(url: URL): string {
  return decodeURIComponent(url.pathname);
}
