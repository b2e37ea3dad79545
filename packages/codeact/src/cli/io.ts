/** What the CLI reads and writes, passed in so tests can run it in-process. */

/** Streams and environment of one CLI invocation. */
export type CliIO = {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Called with a listener for Ctrl-C; returns a function that removes it. */
  onInterrupt(listener: () => void): () => void;
};

/** Exit codes: 0 success, 1 the run failed or ran out of steps, 2 usage or configuration, 130 Ctrl-C. */
export const ExitCode = { success: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** The process's own streams, environment and SIGINT. */
export function processIO(): CliIO {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt(listener) {
      process.on("SIGINT", listener);
      return () => process.off("SIGINT", listener);
    },
  };
}
