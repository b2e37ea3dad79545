/** CodeAgent's way to act: run the model's code in a sandbox session that lives as long as the run. */
import { ExecutionError } from "../errors/execution-error.js";
import { ParsingError } from "../errors/parsing-error.js";
import type { Executor, ExecutorSession, HostFunction } from "../executor.js";
import type { ModelResponse } from "../model.js";
import { declareTools, FINAL_ANSWER } from "../prompt/tool-declarations.js";
import { isToolSource } from "../tool/tool.js";
import { show } from "../tool/tool-output.js";
import { abortable, abortReason } from "../util/abortable.js";
import type { ActionOutcome, ActionStrategy, Actor } from "./action.js";
import { offerAnswer } from "./final-answer.js";
import { codeObservation, errorLine, showError, truncate } from "./observation.js";
import { extractCode, stripTypes } from "./parse-code.js";
import { pinnedClock } from "./pinned-clock.js";
import type { RunContext } from "./run-context.js";
import type { AgentSetup } from "./setup.js";
import { toolChanges } from "./tool-changes.js";
import { dispatchToolCall } from "./tool-dispatch.js";
import { type ToolCatalog, type ToolSearchOptions, toolCatalog } from "./tool-search.js";
import { createToolSet } from "./tool-set.js";

/** The strategy of a `CodeAgent`: its code runs in sessions of `executor`. */
export function codeActions(
  setup: AgentSetup,
  executor: Executor,
  toolSearch?: ToolSearchOptions | false,
): ActionStrategy {
  const catalog = toolCatalog(setup.tools, toolSearch);
  const declarations = declareTools(catalog.declared, setup.tools.answer);
  const listed = setup.options.tools ?? [];
  const sources = listed.filter(isToolSource);
  // Tool sources (MCP connections) are asked again after each step, in the order they were given.
  const refresh = async (signal: AbortSignal) => {
    const fresh = await Promise.all(sources.map((source) => source.refreshTools({ signal })));
    const tools = listed.flatMap((entry) =>
      isToolSource(entry) ? (fresh[sources.indexOf(entry)] ?? []) : [entry],
    );
    return toolCatalog(createToolSet(tools, setup.options.outputSchema), toolSearch);
  };
  return {
    systemPrompt: setup.prompts.codeSystem({
      declarations,
      environment:
        executor.environment ?? "Your code runs in a sandbox; only the functions below reach outside it.",
      instructions: setup.options.instructions,
    }),
    // Stops a model from writing the observation it expects instead of waiting for the real one.
    request: { stop: ["Observation:"] },
    async open(run, { previous, variables = {} }) {
      if (previous instanceof CodeActor) {
        await previous.addVariables(variables, run);
        return previous;
      }
      const actor = new CodeActor(
        setup,
        catalog,
        sources.length > 0 ? refresh : undefined,
        executor,
        variables,
        run,
      );
      // The sandbox starts while the model thinks about the first step: it is not needed sooner.
      actor.start(run.signal);
      return actor;
    },
  };
}

class CodeActor implements Actor {
  readonly #setup: AgentSetup;
  #catalog: ToolCatalog;
  readonly #refresh: ((signal: AbortSignal) => Promise<ToolCatalog>) | undefined;
  readonly #executor: Executor;
  readonly #globals: Record<string, unknown>;
  #session?: Promise<ExecutorSession>;
  #run: RunContext;
  #calls = 0;
  #rejectedAnswers: string[] = [];
  /** The session whose sandbox has the pinned clock installed. */
  #pinned?: Promise<ExecutorSession>;

  constructor(
    setup: AgentSetup,
    catalog: ToolCatalog,
    refresh: ((signal: AbortSignal) => Promise<ToolCatalog>) | undefined,
    executor: Executor,
    globals: Record<string, unknown>,
    run: RunContext,
  ) {
    this.#setup = setup;
    this.#catalog = catalog;
    this.#refresh = refresh;
    this.#executor = executor;
    this.#globals = { ...globals };
    this.#run = run;
  }

  start(signal: AbortSignal): Promise<ExecutorSession> {
    const session = this.#executor.createSession({
      functions: this.#functions(),
      globals: this.#globals,
      signal,
    });
    // A failure is reported when the session is first needed; until then it must not go unhandled.
    session.catch(() => {});
    this.#session = session;
    return session;
  }

  describeVariables(variables: Record<string, unknown>): string {
    const names = Object.keys(variables);
    if (names.length === 0) return "";
    const listing = names.map((name) => `- ${name}: ${truncate(show(variables[name]), 200)}`).join("\n");
    return `\n\n${this.#setup.prompts.variables({ names, listing })}`;
  }

  /** Makes new variables visible to a session kept from an earlier run, as data. */
  async addVariables(variables: Record<string, unknown>, run: RunContext): Promise<void> {
    this.#run = run;
    if (Object.keys(variables).length === 0) return;
    Object.assign(this.#globals, variables);
    // Without a session, the next one starts with the merged globals.
    const session = await abortable(this.#session ?? Promise.resolve(undefined), run.signal);
    await session?.defineGlobals(variables, { signal: run.signal });
  }

  async act(response: ModelResponse, run: RunContext): Promise<ActionOutcome> {
    this.#run = run;
    this.#rejectedAnswers = [];
    let code: string;
    try {
      code = await stripTypes(extractCode(response.text));
    } catch (error) {
      if (!ParsingError.isInstance(error)) throw error;
      return {
        observation: `Observation:\n${errorLine(error.message)}`,
        error: { name: error.name, message: error.message },
      };
    }
    run.emit({ step: run.step, agentPath: run.agentPath, type: "code", code });
    const limit = this.#setup.maxObservationChars;
    // A sandbox that cannot start at all ends the run: there is nothing the model can do about it.
    const session = await abortable(this.#session ?? this.start(run.signal), run.signal);
    try {
      // A journaled step replays with the clock and random numbers it first saw.
      if (run.recorder) await this.#pin(session, await run.recorder.pin(run.step), run.signal);
      const result = await session.execute(code, { signal: run.signal });
      if (run.signal.aborted) throw abortReason(run.signal);
      // An answer rejected while the code did not await it would otherwise go unseen.
      const notes = this.#rejectedAnswers
        .filter((message) => !result.error?.message.includes(message))
        .map(errorLine);
      const pending = (result.pendingCalls ?? []).filter((name) => name !== FINAL_ANSWER);
      if (pending.length > 0) notes.push(this.#setup.prompts.pendingCalls({ names: pending }));
      if (run.finalAnswer) notes.push("Final answer accepted.");
      else {
        const changed = await this.#refreshTools(session, run);
        if (changed) notes.push(changed);
      }
      const error = result.error && { name: result.error.name, message: showError(result.error) };
      // Once the run has its answer, the last value (often the un-awaited final_answer call) tells nobody anything.
      const shown = run.finalAnswer ? { ...result, value: undefined } : result;
      const produced = JSON.stringify([result.logs, result.value ?? null, result.error ?? null]);
      return {
        code,
        observation: codeObservation(shown, limit, notes, code),
        produced,
        ...(error && { error }),
      };
    } catch (caught) {
      if (run.signal.aborted) throw abortReason(run.signal);
      const error = caught instanceof Error ? caught : new Error(String(caught));
      // Only the executor knows whether the sandbox survived; anything else keeps its state.
      const lost = ExecutionError.isInstance(error) && error.sessionLost;
      if (lost) await this.close();
      const message = lost ? this.#setup.prompts.sessionLost({ reason: error.message }) : error.message;
      const observation = `Observation:\n${errorLine(truncate(message, limit))}`;
      return { code, observation, error: { name: error.name, message: error.message } };
    }
  }

  /** Pins the sandbox's clock, random numbers and timers for this step (see pinned-clock.ts). */
  async #pin(session: ExecutorSession, pin: { now: number; seed: number }, signal: AbortSignal) {
    const names = [...this.#catalog.tools.entries.keys(), FINAL_ANSWER];
    const installed = this.#pinned !== undefined && this.#pinned === this.#session;
    const pinned = await session.execute(pinnedClock(pin, names, { installed }), { signal });
    if (installed && pinned.value !== true)
      await session.execute(pinnedClock(pin, names, { installed: false }), { signal });
    this.#pinned = this.#session;
  }

  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    await session?.then((started) => started.dispose()).catch(() => {});
  }

  /**
   * Asks the tool sources for their tools; binds new ones in the session and says what changed.
   * A source that fails keeps the tools as they were, and the model hears why.
   */
  async #refreshTools(session: ExecutorSession, run: RunContext): Promise<string | undefined> {
    if (!this.#refresh) return undefined;
    let next: ToolCatalog;
    try {
      next = await this.#refresh(run.signal);
    } catch (error) {
      if (run.signal.aborted) throw abortReason(run.signal);
      return `The tools could not be refreshed, so they stay as they were: ${(error as Error).message}`;
    }
    const { added, note } = toolChanges(this.#catalog, next, this.#setup.prompts);
    if (added.length > 0 && !session.defineFunctions) {
      return `${note ?? ""}\nThis sandbox cannot bind new functions, so the new tools can be used from the next run.`;
    }
    this.#catalog = next;
    if (added.length > 0) {
      const functions = Object.fromEntries(added.map((name) => [name, this.#toolFunction(name)]));
      await session.defineFunctions?.(functions, { signal: run.signal });
    }
    return note;
  }

  /** Calls the tool bound as `name` in the tools as they are when the call is made. */
  #toolFunction(name: string): HostFunction {
    const onApproval = this.#setup.options.onApproval;
    return async (input, { signal }) => {
      const id = `call_${this.#run.step}_${++this.#calls}`;
      const call = { id, name, input };
      const options = { signal, ...(onApproval && { onApproval }) };
      return (await dispatchToolCall(this.#run, this.#catalog.tools, call, options)).output;
    };
  }

  #functions(): Record<string, HostFunction> {
    const { answerRules } = this.#setup;
    const functions: Record<string, HostFunction> = {};
    for (const name of this.#catalog.tools.entries.keys()) functions[name] = this.#toolFunction(name);
    functions[FINAL_ANSWER] = async (value, { signal }) => {
      try {
        await offerAnswer(value, this.#run, answerRules, AbortSignal.any([this.#run.signal, signal]));
      } catch (error) {
        this.#rejectedAnswers.push((error as Error).message);
        throw error;
      }
    };
    return functions;
  }
}
