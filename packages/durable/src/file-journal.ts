/** Journals in a folder: one append-only file of JSON lines per run, each append on disk before it returns. */
import { mkdir, open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { CodeActError, type JournalEntry, type RunJournal } from "@codeact/core";

/**
 * Keeps each run's journal in `dir` as `<runId>.jsonl`, one JSON entry per line. An append is
 * flushed to disk (`fdatasync`) before it resolves. A crash in the middle of a write leaves at
 * most a torn last line: reading ignores it, and the next append cuts it off first.
 *
 * @example
 * const journal = fileJournal(".codeact/runs");
 * const result = await agent.run("Reconcile the invoices.", { journal });
 * // after a crash, in another process:
 * await agent.resume(result.runId, { journal });
 */
export function fileJournal(dir: string): RunJournal {
  /** Appends of one run, one after another; the first of a process also mends a torn tail. */
  const queues = new Map<string, Promise<void>>();
  const mended = new Set<string>();
  const fileOf = (runId: string) => {
    if (!/^[\w.-]{1,200}$/.test(runId) || runId.startsWith(".")) {
      throw new CodeActError({
        code: "invalid_run_id",
        message: `A file journal keeps runs in files named after them: "${runId}" is not a safe file name (letters, digits, ".", "_", "-").`,
      });
    }
    return join(dir, `${runId}.jsonl`);
  };
  return {
    append(runId, entry) {
      const file = fileOf(runId);
      const line = `${JSON.stringify(entry)}\n`;
      const previous = queues.get(runId) ?? Promise.resolve();
      const next = previous.then(async () => {
        await mkdir(dir, { recursive: true });
        const handle = await open(file, "a+");
        try {
          if (!mended.has(runId)) {
            await cutTornTail(handle);
            mended.add(runId);
          }
          await handle.appendFile(line, "utf8");
          await handle.datasync();
        } finally {
          await handle.close();
        }
      });
      queues.set(
        runId,
        next.catch(() => {}),
      );
      return next;
    },
    async read(runId) {
      let text: string;
      try {
        text = await readFile(fileOf(runId), "utf8");
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return [];
        throw error;
      }
      // Only lines that ended are entries: a last line without its newline was torn by a crash.
      const complete = text.slice(0, text.lastIndexOf("\n") + 1);
      return complete
        .split("\n")
        .filter((line) => line !== "")
        .map((line, index) => {
          try {
            return JSON.parse(line) as JournalEntry;
          } catch {
            throw new CodeActError({
              code: "journal_corrupt",
              message: `Line ${index + 1} of the journal of run ${runId} is not JSON: the file was changed by something other than this journal.`,
            });
          }
        });
    },
  };
}

/** Cuts a last line that has no newline: what a write interrupted by a crash leaves. */
async function cutTornTail(handle: Awaited<ReturnType<typeof open>>): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const text = (await handle.readFile("utf8")) as string;
  const end = text.lastIndexOf("\n") + 1;
  if (end === text.length) return;
  await handle.truncate(Buffer.byteLength(text.slice(0, end), "utf8"));
}
