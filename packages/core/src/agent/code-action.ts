/** CodeAgent's way to act: run the model's code in a sandbox session that lives as long as the run. */
import { ParsingError } from "../errors/parsing-error.js";
import type { Executor, ExecutorSession, HostFunction } from "../executor.js";
import type { ModelResponse } from "../model.js";
import type { PromptTemplates } from "../prompt/templates.js";
import { abortable, abortReason } from "../util/abortable.js";
import type { ActionOutcome, ActionStrategy, Actor, RunContext } from "./action.js";
import { codeObservation, show, showError, truncate } from "./observation.js";
import { extractCode, stripTypes } from "./parse-code.js";
import { FINAL_ANSWER, type Toolbox } from "./toolbox.js";

/** Settings of the code strategy. */
export type CodeActionOptions = {
  executor: Executor;
  toolbox: Toolbox;
  prompts: PromptTemplates;
  instructions?: string;
  maxObservationChars: number;
};

/** The strategy of a `CodeAgent`. */
export function codeActions(options: CodeActionOptions): ActionStrategy {
  return {
    systemPrompt: options.prompts.codeSystem({
      declarations: options.toolbox.declarations(),
      instructions: options.instructions,
    }),
    // Stops a model from writing the observation it expects instead of waiting for the real one.
    request: { stop: ["Observation:"] },
    async open(run, { previous, variables = {} }) {
      if (previous instanceof CodeActor) {
        await previous.addVariables(variables, run);
        return previous;
      }
      const actor = new CodeActor(options, variables, run);
      // The sandbox starts while the model thinks about the first step: it is not needed sooner.
      actor.start(run.signal);
      return actor;
    },
  };
}

class CodeActor implements Actor {
  readonly #options: CodeActionOptions;
  readonly #globals: Record<string, unknown>;
  #session?: Promise<ExecutorSession>;
  #run: RunContext;
  #calls = 0;
  #rejectedAnswers: string[] = [];

  constructor(options: CodeActionOptions, globals: Record<string, unknown>, run: RunContext) {
    this.#options = options;
    this.#globals = { ...globals };
    this.#run = run;
  }

  start(signal: AbortSignal): Promise<ExecutorSession> {
    const session = this.#options.executor.createSession({
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
    return `\n\n${this.#options.prompts.variables({ names, listing })}`;
  }

  /** Makes new variables visible to a session kept from an earlier run. */
  async addVariables(variables: Record<string, unknown>, run: RunContext): Promise<void> {
    this.#run = run;
    if (Object.keys(variables).length === 0) return;
    Object.assign(this.#globals, variables);
    // Without a session, the next one starts with the merged globals.
    const session = await this.#session;
    await session?.execute(`Object.assign(globalThis, ${JSON.stringify(variables)});`, {
      signal: run.signal,
    });
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
        observation: `Observation:\nError: ${error.message}`,
        error: { name: error.name, message: error.message },
      };
    }
    run.emit({ step: run.step, agentPath: run.agentPath, type: "code", code });
    const limit = this.#options.maxObservationChars;
    // A sandbox that cannot start at all ends the run: there is nothing the model can do about it.
    const session = await abortable(this.#session ?? this.start(run.signal), run.signal);
    try {
      const result = await session.execute(code, { signal: run.signal });
      if (run.signal.aborted) throw abortReason(run.signal);
      // An answer rejected while the code did not await it would otherwise go unseen.
      const notes = this.#rejectedAnswers
        .filter((message) => !result.error?.message.includes(message))
        .map((message) => `Error: ${message}`);
      if (run.finalAnswer) notes.push("Final answer accepted.");
      const error = result.error && { name: result.error.name, message: showError(result.error) };
      return { code, observation: codeObservation(result, limit, notes), ...(error && { error }) };
    } catch (error) {
      if (run.signal.aborted) throw abortReason(run.signal);
      const reason = error instanceof Error ? error.message : String(error);
      await this.close();
      const observation = `Observation:\nError: ${truncate(this.#options.prompts.sessionLost({ reason }), limit)}`;
      return { code, observation, error: { name: (error as Error)?.name ?? "Error", message: reason } };
    }
  }

  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    await session?.then((started) => started.dispose()).catch(() => {});
  }

  #functions(): Record<string, HostFunction> {
    const { toolbox } = this.#options;
    const functions: Record<string, HostFunction> = {};
    for (const name of toolbox.names) {
      functions[name] = (input) =>
        toolbox.call(name, input, this.#run, `call_${this.#run.step}_${++this.#calls}`);
    }
    functions[FINAL_ANSWER] = async (value) => {
      try {
        await toolbox.finalAnswer(value, this.#run);
      } catch (error) {
        this.#rejectedAnswers.push((error as Error).message);
        throw error;
      }
    };
    return functions;
  }
}
