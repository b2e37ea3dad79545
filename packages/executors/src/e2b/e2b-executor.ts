/**
 * Code run in an E2B cloud sandbox with full Node.js, by the codeact runner uploaded there, while
 * tools stay on the host: the runner calls them back over the sandbox protocol, as JSON lines on
 * its stdin and stdout.
 */
import { createHash } from "node:crypto";
import {
  CodeActError,
  type Executor,
  type ExecutorSession,
  type ExecutorSessionOptions,
} from "@codeact/core";
import type { CommandHandle, Sandbox, SandboxOpts } from "e2b";
import { JsonLinesChannel, type LineTransport } from "../process/json-lines-channel.js";
import {
  type RunnerExecutorLimits,
  runnerChannelOptions,
  runnerLimits,
  runnerSource,
} from "../process/process-executor.js";
import { RemoteSession } from "../protocol/remote-session.js";
import { onHostExit } from "../shared/host-exit.js";

/** Options of {@link E2BExecutor}. */
export type E2BExecutorOptions = RunnerExecutorLimits & {
  /** Default: `E2B_API_KEY`. */
  apiKey?: string;
  /** The sandbox template; it must have Node.js 20 or later. Default: E2B's base template. */
  template?: string;
  /** How long a sandbox may live before E2B ends it. Default: E2B's (5 minutes). */
  sandboxTimeoutMs?: number;
  /**
   * A sandbox of your own: every session runs its own runner process in it, and the sandbox is
   * left running when sessions end. Without it, each session creates a sandbox and kills it.
   */
  sandbox?: Sandbox;
  /** Passed to `Sandbox.create` as they are (`domain`, `requestTimeoutMs`, `debug`, `sandboxUrl`, …). */
  sandboxOptions?: SandboxOpts;
};

/** Sandboxes this process created and has not killed yet, each with its exit cleanup's undo. */
const sandboxes = new Map<Sandbox, () => void>();
let beforeExitHook = false;

/**
 * Runs each session's code in an E2B sandbox: full Node.js (files, network, npm packages), on a
 * machine that is not yours. Tools, MCP tools and worker agents run on the host and are called
 * back; their secrets never enter the sandbox.
 *
 * @example
 * const agent = new CodeAgent({ model, executor: new E2BExecutor({ timeoutMs: 60_000 }) });
 */
export class E2BExecutor implements Executor {
  readonly environment: string;
  readonly #options: E2BExecutorOptions;
  readonly #limits: ReturnType<typeof runnerLimits>;

  constructor(options: E2BExecutorOptions = {}) {
    this.#options = options;
    this.#limits = runnerLimits(options);
    // Told to the model as it is: a sandbox created without internet access has none.
    const internet = options.sandbox || options.sandboxOptions?.allowInternetAccess !== false;
    this.environment = `Your code runs in Node.js in an E2B cloud sandbox (a Linux VM of its own): Node's full API, \`require\`, files under /home/user and a shell through \`require('child_process')\`${internet ? ", and the internet" : "; it has no internet access"}. Only the functions below run outside it, on the host.`;
    const debug = options.sandboxOptions?.debug ?? process.env.E2B_DEBUG?.toLowerCase() === "true";
    if (
      !options.sandbox &&
      !debug &&
      !(options.apiKey ?? options.sandboxOptions?.apiKey ?? process.env.E2B_API_KEY)
    ) {
      throw new CodeActError({
        code: "e2b_api_key_missing",
        message:
          "E2BExecutor needs an E2B API key: set E2B_API_KEY, or pass apiKey (get one at https://e2b.dev/dashboard?tab=keys).",
      });
    }
  }

  async createSession(options: ExecutorSessionOptions): Promise<ExecutorSession> {
    const own = !this.#options.sandbox;
    const sandbox = this.#options.sandbox ?? (await this.#create(options.signal));
    try {
      const source = await runnerSource();
      const path = `/tmp/codeact-runner-${createHash("sha256").update(source).digest("hex").slice(0, 16)}.mjs`;
      await sandbox.files.write(path, source);
      const transport = await startRunner(sandbox, path, JSON.stringify(this.#limits.runner), own);
      const channel = new JsonLinesChannel(transport, runnerChannelOptions(this.#limits.host, "E2B sandbox"));
      return await RemoteSession.open(channel, this.#limits.host, options);
    } catch (error) {
      if (own) await kill(sandbox);
      throw CodeActError.isInstance(error) ? error : e2bError(error);
    }
  }

  async #create(signal: AbortSignal | undefined): Promise<Sandbox> {
    const { Sandbox } = await import("e2b");
    const { apiKey, template, sandboxTimeoutMs, sandboxOptions } = this.#options;
    let sandbox: Sandbox;
    try {
      sandbox = await Sandbox.create({
        ...sandboxOptions,
        ...(apiKey && { apiKey }),
        ...(template && { template }),
        ...(sandboxTimeoutMs && { timeoutMs: sandboxTimeoutMs }),
        ...(signal && { signal }),
      });
    } catch (error) {
      throw e2bError(error);
    }
    // Sandboxes cost money while they live: a host that exits without disposing kills them,
    // waiting for the kills when its work simply ran out, starting them when it exits at once.
    sandboxes.set(
      sandbox,
      onHostExit(() => void sandbox.kill().catch(() => {})),
    );
    if (!beforeExitHook) {
      beforeExitHook = true;
      process.once("beforeExit", () => void Promise.allSettled([...sandboxes.keys()].map(kill)));
    }
    return sandbox;
  }
}

/** Starts the runner in `sandbox` and carries its stdin and stdout. */
async function startRunner(
  sandbox: Sandbox,
  path: string,
  limits: string,
  own: boolean,
): Promise<LineTransport> {
  const outputs: ((chunk: string) => void)[] = [];
  const exits: ((detail: string) => void)[] = [];
  const early: string[] = [];
  const onStdout = (chunk: string) => {
    if (outputs.length === 0) early.push(chunk);
    for (const listener of outputs) listener(chunk);
  };
  const handle: CommandHandle = await sandbox.commands.run(`node ${path} ${shellQuote(limits)}`, {
    background: true,
    stdin: true,
    timeoutMs: 0,
    onStdout,
  });
  let ended = false;
  const end = (detail: string) => {
    if (ended) return;
    ended = true;
    for (const listener of exits) listener(detail);
    if (own) void kill(sandbox);
  };
  let reconnecting: Promise<void> = Promise.resolve();
  const watch = (stream: CommandHandle) => {
    stream.wait().then(
      (result) => end(`the runner exited with code ${result.exitCode}`),
      (error: { exitCode?: number; message?: string }) => {
        if (error.exitCode !== undefined) return end(`the runner exited with code ${error.exitCode}`);
        // The stream broke, not the runner: attach to it again before giving the session up.
        reconnecting = reattach(sandbox, handle.pid, onStdout).then(
          (again) => (ended ? undefined : watch(again)),
          () => end(`the sandbox connection broke: ${error.message}`),
        );
      },
    );
  };
  watch(handle);
  // Writes go out in order; a transient failure is retried before the session is given up.
  let writing = Promise.resolve();
  return {
    write: (line) => {
      writing = writing
        // A message waits for a broken stream to be attached again, so its answer is heard.
        .then(() => reconnecting)
        .then(() => sendWithRetry(sandbox, handle.pid, `${line}\n`))
        .catch((error: Error) => {
          void handle.kill().catch(() => {});
          end(`a message could not reach the sandbox: ${error.message}`);
        });
    },
    onOutput: (listener) => {
      outputs.push(listener);
      for (const chunk of early.splice(0)) listener(chunk);
    },
    onExit: (listener) => exits.push(listener),
    kill: () => {
      void handle.kill().catch(() => {});
      end("the host stopped it");
    },
    close: () => {
      // The runner exits on `close`; one that does not is killed, and with it the sandbox.
      setTimeout(() => {
        if (!ended) void handle.kill().catch(() => {});
      }, 2_000).unref();
    },
  };
}

/** A new stream of the runner's output after the old one broke; a few tries, then the error. */
/** A new stream of the runner's output after the old one broke. */
function reattach(sandbox: Sandbox, pid: number, onStdout: (chunk: string) => void): Promise<CommandHandle> {
  return withRetries(
    () => sandbox.commands.connect(pid, { onStdout, timeoutMs: 0 }),
    // A runner that is gone will not come back.
    (error) => (error as Error).name === "NotFoundError",
  );
}

function sendWithRetry(sandbox: Sandbox, pid: number, data: string): Promise<void> {
  return withRetries(() => sandbox.commands.sendStdin(pid, data));
}

/** `attempt`, tried three times with a growing pause, unless `final` says an error will not pass. */
async function withRetries<T>(
  attempt: () => Promise<T>,
  final: (error: unknown) => boolean = () => false,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= 3 || final(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * tries));
    }
  }
}

async function kill(sandbox: Sandbox): Promise<void> {
  sandboxes.get(sandbox)?.();
  sandboxes.delete(sandbox);
  await sandbox.kill().catch(() => {});
}

/** The SDK's errors, said so the user knows what to do. */
function e2bError(error: unknown): CodeActError {
  const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
  const advice: Record<string, string> = {
    AuthenticationError: "Check E2B_API_KEY (or apiKey): E2B refused it.",
    RateLimitError:
      "E2B refused for now (rate limit or quota): wait, or check your plan's concurrent sandboxes.",
    TimeoutError: "E2B did not answer in time: try again, or raise requestTimeoutMs in sandboxOptions.",
  };
  return new CodeActError({
    code:
      name === "AuthenticationError"
        ? "e2b_auth"
        : name === "RateLimitError"
          ? "e2b_rate_limit"
          : "e2b_error",
    message: `Could not start an E2B sandbox: ${message}${advice[name] ? ` ${advice[name]}` : ""}`,
    cause: error,
  });
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
