/** Turns a run that reports events through a callback into an async iterable of those events. */
import type { AgentEvent } from "./events.js";
import type { RunResult } from "./run-result.js";

/** A streaming run: iterate it for events; `result` settles when the run ends, iterated or not. */
export type AgentRun<Output = unknown> = AsyncIterable<AgentEvent> & { result: Promise<RunResult<Output>> };

/**
 * Starts `execute` at once and buffers its events until they are read, so a slow reader never
 * loses one and never slows the run down. Stop a run with its `signal`, not by leaving the loop.
 */
export function streamRun<Output>(
  execute: (emit: (event: AgentEvent) => void) => Promise<RunResult<Output>>,
): AgentRun<Output> {
  const buffer: AgentEvent[] = [];
  let finished = false;
  let wake: (() => void) | undefined;
  const signalReader = () => {
    wake?.();
    wake = undefined;
  };
  const result = execute((event) => {
    buffer.push(event);
    signalReader();
  }).finally(() => {
    finished = true;
    signalReader();
  });
  async function* events(): AsyncGenerator<AgentEvent> {
    let next = 0;
    while (true) {
      while (next < buffer.length) yield buffer[next++] as AgentEvent;
      if (finished) return void (await result);
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
  return { [Symbol.asyncIterator]: events, result };
}
