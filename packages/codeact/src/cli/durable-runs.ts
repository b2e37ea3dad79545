/**
 * `codeact run --durable` and `codeact resume`: a folder of journals, one per run, beside the
 * flags that built each run's agent, so a run killed midway can be continued by its id alone.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RunJournal } from "@codeact/core";
import type { AgentFlags } from "./agent-setup.js";
import { ConfigError } from "./config.js";

/** Where journals are kept when `--journal` is not given, under the current directory. */
export const DEFAULT_JOURNAL_DIR = path.join(".codeact", "runs");

/** The flags of `run` that shape the agent: everything a resume must rebuild the same way. */
const AGENT_FLAGS = [
  "provider",
  "model",
  "baseUrl",
  "maxSteps",
  "planningInterval",
  "instructions",
  "allowRead",
  "allowWrite",
  "allowFetch",
  "mcp",
  "mcpUrl",
  "timeout",
  "executor",
  "modelTimeout",
] as const satisfies readonly (keyof AgentFlags)[];

/**
 * What is saved beside a run's journal, before the run starts: the task too, so a run killed
 * before its journal's first entry still resumes. No secrets: keys come from the environment.
 */
type SavedRun = { version: 1; task: string; flags: AgentFlags };

/** A durable run's id and journal: the id is made here so its settings are saved before it starts. */
export async function startDurableRun(
  task: string,
  flags: AgentFlags,
  dir: string,
): Promise<{ runId: string; journal: RunJournal }> {
  const runId = randomUUID();
  const saved: SavedRun = { version: 1, task, flags: agentFlags(flags) };
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(settingsFile(dir, runId), `${JSON.stringify(saved, null, 2)}\n`);
  } catch (error) {
    throw new ConfigError(
      `Cannot keep durable runs in ${dir}: ${(error as Error).message}. Pass --journal <dir> with a folder you can write to.`,
    );
  }
  return { runId, journal: await openJournal(dir) };
}

/** The task, flags and journal of the durable run `runId` kept in `dir`. */
export async function loadDurableRun(
  runId: string,
  dir: string,
): Promise<{ task: string; flags: AgentFlags; journal: RunJournal }> {
  if (!/^[\w-]{1,200}$/.test(runId)) {
    throw new ConfigError(`"${runId}" is not a run id: pass the id codeact run --durable printed.`);
  }
  let saved: SavedRun;
  try {
    saved = JSON.parse(await readFile(settingsFile(dir, runId), "utf8")) as SavedRun;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new ConfigError(
      missing
        ? `No durable run ${runId} in ${dir}. Pass --journal <dir> if it was kept elsewhere; runs are kept only when started with codeact run --durable.`
        : `The settings of run ${runId} in ${dir} cannot be read: ${(error as Error).message}.`,
    );
  }
  if (saved?.version !== 1 || typeof saved.task !== "string" || typeof saved.flags !== "object") {
    throw new ConfigError(`The settings of run ${runId} in ${dir} were written by another codeact version.`);
  }
  return { task: saved.task, flags: saved.flags ?? {}, journal: await openJournal(dir) };
}

function agentFlags(flags: AgentFlags): AgentFlags {
  const picked: Record<string, unknown> = {};
  for (const name of AGENT_FLAGS) if (flags[name] !== undefined) picked[name] = flags[name];
  // Folders are saved absolute, so a resume from another directory reaches the same files.
  if (flags.allowRead) picked.allowRead = path.resolve(flags.allowRead);
  if (flags.allowWrite) picked.allowWrite = path.resolve(flags.allowWrite);
  return picked as AgentFlags;
}

function settingsFile(dir: string, runId: string): string {
  return path.join(dir, `${runId}.cli.json`);
}

async function openJournal(dir: string): Promise<RunJournal> {
  const { fileJournal } = await import("@codeact/durable");
  return fileJournal(dir);
}
