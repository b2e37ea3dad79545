/** The agent both kinds share: configuration, starting runs and ending them, never a run's state. */
import { AbortError } from "../errors/abort-error.js";
import { CodeActError } from "../errors/codeact-error.js";
import type { AgentEvent } from "../run/events.js";
import type { JournalEntry } from "../run/journal.js";
import type { RunResult } from "../run/run-result.js";
import type { ActionStrategy } from "./action.js";
import { executeRun, type Retained } from "./execute-run.js";
import type { AgentOptions, ResumeOptions, RunOptions } from "./options.js";
import { type AgentRun, streamRun } from "./run-stream.js";
import { type AgentSetup, createSetup } from "./setup.js";

/**
 * What `CodeAgent` and `ToolCallingAgent` share: options, the step loop, `run`, `stream` and
 * `dispose`. The kinds differ only in the action strategy they pass in. Concurrent runs of one
 * agent are independent; `reset: false` continues the last finished run.
 */
export class Agent<Output = unknown> {
  readonly name: string;
  readonly description?: string;
  /** The schema final answers are validated against, when the agent has one. */
  readonly outputSchema?: AgentOptions<Output>["outputSchema"];
  readonly #setup: AgentSetup;
  readonly #strategy: ActionStrategy;
  #retained?: Retained;
  readonly #running = new Map<Promise<unknown>, AbortController>();
  #disposed = false;

  constructor(options: AgentOptions<Output>, makeStrategy: (setup: AgentSetup) => ActionStrategy) {
    this.#setup = createSetup(options as AgentOptions);
    this.#strategy = makeStrategy(this.#setup);
    this.name = this.#setup.name;
    this.description = options.description;
    if (options.outputSchema) this.outputSchema = options.outputSchema;
  }

  /** The system prompt every request of this agent starts with. */
  get systemPrompt(): string {
    return this.#strategy.systemPrompt;
  }

  /** Runs a task to the end. Never throws for a failed run: read `status` and `error`. */
  run(task: string, options: RunOptions = {}): Promise<RunResult<Output>> {
    return this.#start(task, options, () => {});
  }

  /**
   * Continues a journaled run from its journal: recorded model responses are reused and the
   * code is executed again in a fresh sandbox, its tool calls answered from the journal and its
   * `Date` and `Math.random` pinned to what they gave, so no model call and no completed tool
   * call is repeated; then the run goes on live. A replay whose code asks for other calls than
   * the journal recorded ends with a `journal_diverged` error. Rejects with
   * `journal_unknown_run` when the journal has no such run.
   */
  resume(runId: string, options: ResumeOptions): Promise<RunResult<Output>> {
    return this.resumeStream(runId, options).result;
  }

  /** {@link resume}, yielding the run's events as they happen, the replayed steps' included. */
  resumeStream(runId: string, options: ResumeOptions): AgentRun<Output> {
    return streamRun(async (emit) => {
      const recorded = await options.journal.read(runId);
      const start = recorded.find((entry) => entry.type === "start");
      if (start?.type !== "start") {
        throw new CodeActError({
          code: "journal_unknown_run",
          message: `The journal has no run ${runId}: pass the runId of a run started with this journal.`,
        });
      }
      const { variables } = start;
      return this.#start(start.task, { ...options, runId, ...(variables && { variables }) }, emit, recorded);
    });
  }

  /** Runs a task, yielding its events as they happen; `result` settles with the run. */
  stream(task: string, options: RunOptions = {}): AgentRun<Output> {
    return streamRun((emit) => this.#start(task, options, emit));
  }

  /**
   * Ends the agent: aborts its running runs (their status is `aborted`), waits for them, and
   * closes every session it holds, the one kept for `reset: false` included. Later runs end at
   * once with an `agent_disposed` error.
   */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const reason = new AbortError({
      code: "agent_disposed",
      message: "The agent was disposed during the run.",
    });
    for (const controller of this.#running.values()) controller.abort(reason);
    await Promise.all(this.#running.keys());
    await this.#release();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  #start(
    task: string,
    options: RunOptions,
    emit: (event: AgentEvent) => void,
    recorded?: readonly JournalEntry[],
  ): Promise<RunResult<Output>> {
    const controller = new AbortController();
    if (this.#disposed) {
      controller.abort(
        new AbortError({ code: "agent_disposed", message: "The agent was disposed; create a new one." }),
      );
    }
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    // A continued run takes the kept state, so two concurrent continuations never share a session.
    const previous = options.reset === false ? this.#retained : undefined;
    if (previous) this.#retained = undefined;
    const running = (async () => {
      if (options.reset !== false) await this.#release();
      const { result, kept } = await executeRun(
        this.#setup,
        this.#strategy,
        { task, options, signal, previous, ...(recorded && { recorded }) },
        emit,
      );
      if (kept && this.#disposed) await kept.actor.close();
      else if (kept) await this.#retain(kept);
      return result as RunResult<Output>;
    })();
    this.#running.set(running, controller);
    return running.finally(() => this.#running.delete(running));
  }

  async #release(): Promise<void> {
    const retained = this.#retained;
    this.#retained = undefined;
    await retained?.actor.close();
  }

  async #retain(state: Retained): Promise<void> {
    const replaced = this.#retained;
    this.#retained = state;
    if (replaced && replaced.actor !== state.actor) await replaced.actor.close();
  }
}
