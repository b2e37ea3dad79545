/** The options agents take. The agent object is configuration; every run keeps its own state. */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Executor } from "../executor.js";
import type { Model } from "../model.js";
import type { PromptTemplates } from "../prompt/templates.js";
import type { ParentRun } from "../run/events.js";
import type { RunJournal } from "../run/journal.js";
import type { Step } from "../run/steps.js";
import type { ApprovalHandler } from "../tool/call-tool.js";
import type { AnyTool, ToolSource } from "../tool/tool.js";
import type { ToolSearchOptions } from "./tool-search.js";

/**
 * A custom check of a final answer, run after `outputSchema`. Return `true` to accept it, or
 * `false` or a message telling the model what is wrong; the run goes on so it can fix it.
 * Waiting ends when `signal` aborts.
 */
export type FinalAnswerCheck<Output = unknown> = (
  answer: Output,
  context: { task: string; steps: readonly Step[]; signal: AbortSignal },
) => boolean | string | Promise<boolean | string>;

/** Options both agents share. */
export type AgentOptions<Output = unknown> = {
  model: Model;
  /** Tools, and sources of tools that can change during a run (an MCP connection). */
  tools?: (AnyTool | ToolSource)[];
  /** Added to the system prompt. */
  instructions?: string;
  /** Action steps before the run ends with `max_steps`. Default 20. */
  maxSteps?: number;
  /** Plan before the first step and every this many steps after. */
  planningInterval?: number;
  /** Validates the final answer; a failure goes back to the model. */
  outputSchema?: StandardSchemaV1<unknown, Output>;
  finalAnswerChecks?: FinalAnswerCheck<Output>[];
  /** How this agent appears in `agentPath` and, when managed, as a tool. Default "agent". */
  name?: string;
  description?: string;
  onApproval?: ApprovalHandler;
  /** Each part of an observation (logs, value, error) is cut past this many characters. Default 10,000. */
  maxObservationChars?: number;
  prompts?: Partial<PromptTemplates>;
  temperature?: number;
  maxOutputTokens?: number;
};

/** Options of a `CodeAgent`: the shared ones plus the sandbox that runs the code. */
export type CodeAgentOptions<Output = unknown> = AgentOptions<Output> & {
  executor: Executor;
  /**
   * Past `threshold` tools (default 30), the prompt declares `search_tools` instead of every tool
   * and the code looks up the declarations it needs; every tool can still be called. `false`
   * declares them all.
   */
  toolSearch?: ToolSearchOptions | false;
};

/** Options of one run. */
export type RunOptions = {
  signal?: AbortSignal;
  /** JSON values the code can use as variables (and the tool-calling model reads in the task). */
  variables?: Record<string, unknown>;
  /** `false` continues the agent's previous run: its memory and sandbox variables. Default `true`. */
  reset?: boolean;
  /** Overrides the agent's `maxSteps` for this run. */
  maxSteps?: number;
  /**
   * The run this one works for (a tool's `parent`): this run's `agentPath` extends the parent's,
   * its events also go to the parent's listeners, and its usage is added to the parent's.
   */
  parent?: ParentRun;
  /**
   * Journals the run: every model response and tool result is appended before the run acts on
   * it, so `agent.resume(runId, { journal })` can continue the run where it stopped.
   */
  journal?: RunJournal;
  /** The journaled run's id. Default: a random UUID. */
  runId?: string;
  /**
   * Decisions on approvals a suspended run is waiting for, by the call's `key` (its
   * `pendingApproval.key`): `true` lets the call run, `false` denies it. Journaled when used.
   */
  approvals?: Record<string, boolean>;
};

/** Options of `agent.resume`. */
export type ResumeOptions = Pick<RunOptions, "signal" | "maxSteps" | "parent" | "approvals"> & {
  journal: RunJournal;
};
