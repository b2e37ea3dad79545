/** The agent both kinds share: configuration, starting runs and ending them, never a run's state. */
import { AbortError } from "../errors/abort-error.js";
import { CodeActError } from "../errors/codeact-error.js";
import { schemaToTypeScript } from "../prompt/schema-to-typescript.js";
import { defaultPrompts, type PromptTemplates } from "../prompt/templates.js";
import type { AgentEvent } from "../run/events.js";
import type { RunResult } from "../run/run-result.js";
import type { ActionStrategy } from "./action.js";
import { executeRun, type Retained, type RunSetup } from "./execute-run.js";
import type { AnswerRules } from "./final-answer.js";
import type { AgentOptions, RunOptions } from "./options.js";
import { type AgentRun, streamRun } from "./run-stream.js";
import { createToolSet, type ToolSet } from "./tool-set.js";

/** What an agent kind builds its action strategy from. */
export type StrategyParts = {
  tools: ToolSet;
  prompts: PromptTemplates;
  answerRules: AnswerRules;
  maxObservationChars: number;
};

/**
 * What `CodeAgent` and `ToolCallingAgent` share: options, the step loop, `run`, `stream` and
 * `dispose`. The kinds differ only in the action strategy they pass in. Concurrent runs of one
 * agent are independent; `reset: false` continues the last finished run.
 */
export class Agent<Output = unknown> {
  readonly name: string;
  readonly description?: string;
  readonly #setup: RunSetup;
  #retained?: Retained;
  readonly #running = new Map<Promise<unknown>, AbortController>();
  #disposed = false;

  constructor(options: AgentOptions<Output>, makeStrategy: (parts: StrategyParts) => ActionStrategy) {
    const maxSteps = options.maxSteps ?? 20;
    if (!Number.isInteger(maxSteps) || maxSteps < 1) {
      throw new CodeActError({
        code: "invalid_option",
        message: `maxSteps must be a whole number of at least 1, not ${maxSteps}.`,
      });
    }
    const prompts = { ...defaultPrompts, ...options.prompts };
    const tools = createToolSet(options.tools ?? [], options.outputSchema);
    const answerRules: AnswerRules = {
      ...(options.outputSchema && { schema: options.outputSchema }),
      checks: (options.finalAnswerChecks ?? []) as AnswerRules["checks"],
    };
    const strategy = makeStrategy({
      tools,
      prompts,
      answerRules,
      maxObservationChars: options.maxObservationChars ?? 10_000,
    });
    this.name = options.name ?? "agent";
    this.description = options.description;
    this.#setup = {
      name: this.name,
      strategy,
      maxSteps,
      loop: {
        model: options.model,
        systemPrompt: strategy.systemPrompt,
        request: strategy.request,
        sampling: {
          ...(options.temperature !== undefined && { temperature: options.temperature }),
          ...(options.maxOutputTokens !== undefined && { maxOutputTokens: options.maxOutputTokens }),
        },
        prompts,
        planningInterval: options.planningInterval,
        answerRules,
        ...(options.outputSchema && { answerShape: schemaToTypeScript(tools.answer) }),
      },
    };
  }

  /** The system prompt every request of this agent starts with. */
  get systemPrompt(): string {
    return this.#setup.loop.systemPrompt;
  }

  /** Runs a task to the end. Never throws for a failed run: read `status` and `error`. */
  run(task: string, options: RunOptions = {}): Promise<RunResult<Output>> {
    return this.#start(task, options, () => {});
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

  #start(task: string, options: RunOptions, emit: (event: AgentEvent) => void): Promise<RunResult<Output>> {
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
      const { result, kept } = await executeRun(this.#setup, { task, options, signal, previous }, emit);
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
