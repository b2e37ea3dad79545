/** The agent both kinds share: configuration and the way to start runs, never a run's state. */
import { CodeActError } from "../errors/codeact-error.js";
import { MaxStepsError } from "../errors/max-steps-error.js";
import { defaultPrompts } from "../prompt/templates.js";
import { abortReason } from "../util/abortable.js";
import type { ActionStrategy, Actor, RunContext } from "./action.js";
import type { AgentEvent } from "./events.js";
import type { Step } from "./memory.js";
import type { AgentOptions, RunOptions } from "./options.js";
import { type Loop, runSteps } from "./run-loop.js";
import { addUsage, type RunResult } from "./run-result.js";
import { type AgentRun, streamRun } from "./run-stream.js";
import { Toolbox } from "./toolbox.js";

/** What a finished run leaves behind for a later `reset: false` run. */
type Retained = { steps: Step[]; actor: Actor };

/**
 * What `CodeAgent` and `ToolCallingAgent` share: options, the step loop, `run`, `stream`. The
 * kinds differ only in the {@link ActionStrategy} they pass in. Concurrent runs of one agent are
 * independent; `reset: false` continues the last finished run.
 */
export class Agent<Output = unknown> {
  readonly name: string;
  readonly description?: string;
  readonly #loop: Loop;
  readonly #strategy: ActionStrategy;
  readonly #maxSteps: number;
  #retained?: Retained;

  constructor(options: AgentOptions<Output>, makeStrategy: (parts: StrategyParts) => ActionStrategy) {
    const maxSteps = options.maxSteps ?? 20;
    if (!Number.isInteger(maxSteps) || maxSteps < 1) {
      throw new CodeActError({
        code: "invalid_option",
        message: `maxSteps must be a whole number of at least 1, not ${maxSteps}.`,
      });
    }
    const prompts = { ...defaultPrompts, ...options.prompts };
    const toolbox = new Toolbox(options as AgentOptions);
    this.#strategy = makeStrategy({
      toolbox,
      prompts,
      maxObservationChars: options.maxObservationChars ?? 10_000,
    });
    this.name = options.name ?? "agent";
    this.description = options.description;
    this.#maxSteps = maxSteps;
    this.#loop = {
      model: options.model,
      systemPrompt: this.#strategy.systemPrompt,
      request: this.#strategy.request,
      sampling: {
        ...(options.temperature !== undefined && { temperature: options.temperature }),
        ...(options.maxOutputTokens !== undefined && { maxOutputTokens: options.maxOutputTokens }),
      },
      prompts,
      planningInterval: options.planningInterval,
      toolbox,
    };
  }

  /** The system prompt every request of this agent starts with. */
  get systemPrompt(): string {
    return this.#loop.systemPrompt;
  }

  /** Runs a task to the end. Never throws for a failed run: read `status` and `error`. */
  run(task: string, options: RunOptions = {}): Promise<RunResult<Output>> {
    return this.#execute(task, options, () => {});
  }

  /** Runs a task, yielding its events as they happen; `result` settles with the run. */
  stream(task: string, options: RunOptions = {}): AgentRun<Output> {
    return streamRun((emit) => this.#execute(task, options, emit));
  }

  /** Frees what the last run kept for `reset: false` (its sandbox session). */
  async dispose(): Promise<void> {
    const retained = this.#retained;
    this.#retained = undefined;
    await retained?.actor.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  async #execute(
    task: string,
    options: RunOptions,
    emit: (event: AgentEvent) => void,
  ): Promise<RunResult<Output>> {
    const started = performance.now();
    // A continued run takes the kept state, so two concurrent continuations never share a session.
    const previous = options.reset === false ? this.#retained : undefined;
    if (options.reset !== false) await this.dispose();
    else this.#retained = undefined;
    const steps = previous?.steps ?? [];
    const firstNewStep = steps.length;
    const run: RunContext = {
      runId: globalThis.crypto.randomUUID(),
      task,
      agentPath: [this.name],
      signal: options.signal ?? new AbortController().signal,
      step: 0,
      steps,
      emit,
    };
    emit({ type: "run-start", step: 0, agentPath: run.agentPath, runId: run.runId, task });
    let actor: Actor | undefined;
    let result: Omit<RunResult<Output>, "steps" | "usage" | "durationMs">;
    try {
      if (run.signal.aborted) throw abortReason(run.signal);
      actor = await this.#strategy.open(run, { previous: previous?.actor, variables: options.variables });
      const describe = actor.describeVariables(options.variables ?? {});
      steps.push({ type: "task", task: `${task}${describe}`, ...(previous && { continued: true }) });
      const maxSteps = options.maxSteps ?? this.#maxSteps;
      const outcome = await runSteps(this.#loop, run, actor, maxSteps);
      result = { status: outcome.status, output: outcome.output as Output };
      if (outcome.status === "max_steps") {
        const error = new MaxStepsError({
          maxSteps,
          message: `The run used all ${maxSteps} steps without a final answer; the output is the model's best answer from memory.`,
        });
        result.error = { name: error.name, message: error.message, code: error.code };
      }
    } catch (caught) {
      const error = caught as Partial<CodeActError>;
      result = {
        status: run.signal.aborted ? "aborted" : "error",
        output: undefined,
        error: {
          name: error?.name ?? "Error",
          message: error?.message ?? String(caught),
          ...(error?.code && { code: error.code }),
        },
      };
    }
    if (actor) await this.#retain({ steps, actor });
    const usage = { inputTokens: 0, outputTokens: 0 };
    for (const step of steps.slice(firstNewStep)) if ("usage" in step) addUsage(usage, step.usage);
    const final: RunResult<Output> = { ...result, steps, usage, durationMs: performance.now() - started };
    emit({ type: "run-end", step: run.step, agentPath: run.agentPath, result: final });
    return final;
  }

  async #retain(state: Retained): Promise<void> {
    const replaced = this.#retained;
    this.#retained = state;
    if (replaced && replaced.actor !== state.actor) await replaced.actor.close();
  }
}

/** What a strategy is built from. */
export type StrategyParts = Pick<Loop, "toolbox" | "prompts"> & { maxObservationChars: number };
