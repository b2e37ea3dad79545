/** Which error names only a sandbox may report, and what becomes of a guest error that takes one. */

/** The `name` of every limit error, as it appears on a result. Code cannot throw one of its own under these. */
export const LIMIT_ERROR_NAMES: ReadonlySet<string> = new Set([
  "TimeoutError",
  "MemoryLimitError",
  "StackOverflowError",
  "OutputLimitError",
  "ToolCallLimitError",
  "PendingJobLimitError",
]);

export const NOT_A_LIMIT = "(raised by the code or a function it called, not a limit of the sandbox)";

/** A guest error as reported: one named like a limit is renamed, so it never passes for a breach. */
export function ownError({ name, message }: { name: string; message: string }): {
  name: string;
  message: string;
} {
  if (!LIMIT_ERROR_NAMES.has(name)) return { name, message };
  return { name: "Error", message: `${name}: ${message} ${NOT_A_LIMIT}` };
}
