/** `codeact run` and `codeact resume`: choose a model, build a code agent, stream its run to the terminal. */
import type { AgentRun, CodeAgent, RunResult } from "@codeact/core";
import { type AgentFlags, createCliAgent } from "./agent-setup.js";
import { ConfigError } from "./config.js";
import { DEFAULT_JOURNAL_DIR, loadDurableRun, startDurableRun } from "./durable-runs.js";
import { type CliIO, ExitCode } from "./io.js";
import { chooseRenderer } from "./render/choose-renderer.js";
import type { Renderer } from "./render/renderer.js";

/** The options of `codeact run`, as commander parses them. */
export type RunFlags = AgentFlags & Shown & { durable?: boolean; journal?: string };

/** The options of `codeact resume`: the run's own flags were saved when it started. */
export type ResumeFlags = Shown & { journal?: string };

type Shown = { json?: boolean; quiet?: boolean };

/** A run about to start, and what to close after it. */
type Prepared = {
  agent: CodeAgent;
  renderer: Renderer;
  close(): Promise<void>;
  start(agent: CodeAgent, signal: AbortSignal): AgentRun;
};

/** Runs one task and returns the exit code; configuration mistakes are reported, never thrown. */
export function runCommand(words: string[], flags: RunFlags, io: CliIO): Promise<number> {
  return present(io, async () => {
    const task = await readTask(words, io);
    if (!flags.durable && flags.journal === undefined) {
      return {
        ...(await prepare(flags, flags, io)),
        start: (agent, signal) => agent.stream(task, { signal }),
      };
    }
    const dir = flags.journal ?? DEFAULT_JOURNAL_DIR;
    const { runId, journal } = await startDurableRun(task, flags, dir);
    const again = dir === DEFAULT_JOURNAL_DIR ? "" : ` --journal ${JSON.stringify(dir)}`;
    io.stderr.write(
      `codeact: durable run ${runId}; if it stops, continue it with: codeact resume ${runId}${again}\n`,
    );
    const prepared = await prepare(flags, flags, io);
    return { ...prepared, start: (agent, signal) => agent.stream(task, { signal, journal, runId }) };
  });
}

/** Continues a durable run from its journal, rebuilt with the flags it was started with. */
export function resumeCommand(runId: string, flags: ResumeFlags, io: CliIO): Promise<number> {
  return present(io, async () => {
    const dir = flags.journal ?? DEFAULT_JOURNAL_DIR;
    const saved = await loadDurableRun(runId, dir);
    const { journal } = saved;
    const prepared = await prepare(saved.flags, flags, io);
    // Killed before its journal's start entry, the run starts again under the same id.
    const started = (await journal.read(runId)).some((entry) => entry.type === "start");
    return {
      ...prepared,
      start: (agent, signal) =>
        started
          ? agent.resumeStream(runId, { journal, signal })
          : agent.stream(saved.task, { signal, journal, runId }),
    };
  });
}

/** Streams the prepared run to the terminal and turns its end into an exit code. */
async function present(io: CliIO, setUp: () => Promise<Prepared>): Promise<number> {
  let prepared: Prepared;
  try {
    prepared = await setUp();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`codeact: ${error.message}\n`);
    return ExitCode.usage;
  }
  const { agent, close, renderer } = prepared;
  const controller = new AbortController();
  let interrupts = 0;
  const stopListening = io.onInterrupt(() => {
    // The first Ctrl-C stops the run cleanly; a second one does not wait for that.
    if (++interrupts > 1) process.exit(ExitCode.interrupted);
    controller.abort();
  });
  let result: RunResult;
  try {
    const run = prepared.start(agent, controller.signal);
    for await (const event of run) renderer.event(event);
    result = await run.result;
  } finally {
    stopListening();
    await close();
  }
  renderer.end(result);
  if (result.status === "success") return ExitCode.success;
  return result.status === "aborted" ? ExitCode.interrupted : ExitCode.failed;
}

async function prepare(agentFlags: AgentFlags, shown: Shown, io: CliIO) {
  // Retry notices go to the renderer once there is one; it needs the model to be made.
  let say: (text: string) => void = (text) => io.stderr.write(`${text}\n`);
  const { agent, model, close } = await createCliAgent(agentFlags, io, (text) => say(text));
  try {
    const renderer = await chooseRenderer(shown, io, model.modelId);
    if (renderer.notice) say = (text) => renderer.notice?.(text);
    return { agent, close, renderer };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Shown on stderr when `codeact run -` reads the task from a terminal. */
export const STDIN_NOTICE = `Reading the task from stdin; end it with ${
  process.platform === "win32" ? "Ctrl-Z then Enter" : "Ctrl-D"
}.`;

async function readTask(words: string[], io: CliIO): Promise<string> {
  let task = words.join(" ");
  if (task === "-") {
    // At a terminal, reading waits for the person, who should know what it waits for.
    if (io.stdin.isTTY) io.stderr.write(`${STDIN_NOTICE}\n`);
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk));
    task = Buffer.concat(chunks).toString("utf8");
  }
  if (!task.trim()) {
    throw new ConfigError(
      'No task given. Usage: codeact run "<task>", or codeact run - to read it from standard input.',
    );
  }
  return task.trim();
}
