/** Turns a run that reports events through a callback into an async iterable of those events. */
import type { AgentEvent } from "../run/events.js";
import type { RunResult } from "../run/run-result.js";

/** A streaming run: iterate it for events; `result` settles when the run ends, iterated or not. */
export type AgentRun<Output = unknown> = AsyncIterable<AgentEvent> & { result: Promise<RunResult<Output>> };

/**
 * Starts `execute` at once and keeps its events, so a slow reader never loses one and never
 * slows the run down. Every iteration gets every event from the first, so two readers of one run
 * both see it all. Stop a run with its `signal`, not by leaving the loop.
 */
export function streamRun<Output>(
  execute: (emit: (event: AgentEvent) => void) => Promise<RunResult<Output>>,
): AgentRun<Output> {
  const events: AgentEvent[] = [];
  const waiting = new Set<() => void>();
  let finished = false;
  const wakeAll = () => {
    for (const wake of waiting) wake();
    waiting.clear();
  };
  const result = execute((event) => {
    events.push(event);
    wakeAll();
  }).finally(() => {
    finished = true;
    wakeAll();
  });
  async function* read(): AsyncGenerator<AgentEvent> {
    let next = 0;
    while (true) {
      while (next < events.length) yield events[next++] as AgentEvent;
      if (finished) return void (await result);
      await new Promise<void>((resolve) => waiting.add(resolve));
    }
  }
  return { [Symbol.asyncIterator]: read, result };
}
