/** `codeact run`: choose a model, build a code agent, stream its run to the terminal. */
import type { RunResult } from "@codeact/core";
import { type AgentFlags, createCliAgent } from "./agent-setup.js";
import { ConfigError } from "./config.js";
import { type CliIO, ExitCode } from "./io.js";
import { chooseRenderer } from "./render/choose-renderer.js";

/** The options of `codeact run`, as commander parses them. */
export type RunFlags = AgentFlags & { json?: boolean; quiet?: boolean };

/** Runs one task and returns the exit code; configuration mistakes are reported, never thrown. */
export async function runCommand(words: string[], flags: RunFlags, io: CliIO): Promise<number> {
  let setup: Awaited<ReturnType<typeof prepare>>;
  try {
    setup = await prepare(words, flags, io);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`codeact: ${error.message}\n`);
    return ExitCode.usage;
  }
  const { task, agent, close, renderer } = setup;
  const controller = new AbortController();
  let interrupts = 0;
  const stopListening = io.onInterrupt(() => {
    // The first Ctrl-C stops the run cleanly; a second one does not wait for that.
    if (++interrupts > 1) process.exit(ExitCode.interrupted);
    controller.abort();
  });
  let result: RunResult;
  try {
    const run = agent.stream(task, { signal: controller.signal });
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

async function prepare(words: string[], flags: RunFlags, io: CliIO) {
  const task = await readTask(words, io);
  // Retry notices go to the renderer once there is one; it needs the model to be made.
  let say: (text: string) => void = (text) => io.stderr.write(`${text}\n`);
  const { agent, model, close } = await createCliAgent(flags, io, (text) => say(text));
  try {
    const renderer = await chooseRenderer(flags, io, model.modelId);
    if (renderer.notice) say = (text) => renderer.notice?.(text);
    return { task, agent, close, renderer };
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
