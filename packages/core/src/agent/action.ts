/** The one part in which CodeAgent and ToolCallingAgent differ: how a model answer becomes an action. */
import type { ModelRequest, ModelResponse } from "../model.js";
import type { ActionStep } from "../run/steps.js";
import type { RunContext } from "./run-context.js";

/**
 * What an action produced, to be stored in memory as an {@link ActionStep}. `produced` is what
 * the code alone made of it (logs, value, error), which a journaled replay must match; the
 * observation's notes (calls still pending, tool list changes) may differ on replay.
 */
export type ActionOutcome = Pick<ActionStep, "observation" | "code" | "toolResults" | "error"> & {
  produced?: string;
};

/** An action strategy bound to one run (or to a chain of runs continued with `reset: false`). */
export interface Actor {
  /** Text added to the task, e.g. the variables the code can use. */
  describeVariables(variables: Record<string, unknown>): string;
  act(response: ModelResponse, run: RunContext): Promise<ActionOutcome>;
  close(): Promise<void>;
}

/** How an agent acts: its system prompt, its request fields and a factory of per-run actors. */
export interface ActionStrategy {
  readonly systemPrompt: string;
  readonly request: Pick<ModelRequest, "tools" | "stop">;
  /** Starts acting for `run`; `previous` is the actor of the run being continued, if any. */
  open(run: RunContext, options: { previous?: Actor; variables?: Record<string, unknown> }): Promise<Actor>;
}
