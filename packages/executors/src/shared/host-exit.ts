/** What must end with the host process (runner processes, sandboxes), behind one exit listener. */
const cleanups = new Set<() => void>();
let listening = false;

/**
 * Runs `cleanup` when the host process exits, unless the returned function is called first. The
 * cleanup must be synchronous: nothing asynchronous finishes once the process exits.
 */
export function onHostExit(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  if (!listening) {
    listening = true;
    process.once("exit", () => {
      for (const run of cleanups) {
        try {
          run();
        } catch {
          // One failed cleanup must not keep the others from running.
        }
      }
    });
  }
  return () => cleanups.delete(cleanup);
}
