/** Calling one tool outside or inside an agent: validate, ask for approval, run, check the result. */
import { AbortError } from "../errors/abort-error.js";
import { ToolError } from "../errors/tool-error.js";
import type { ParentRun } from "../run/events.js";
import { validateOrThrow } from "../schema/standard-schema.js";
import { abortable, abortReason } from "../util/abortable.js";
import type { Tool } from "./tool.js";

/**
 * Decides whether a tool call that needs approval may run: `true` runs it, `false` denies it.
 * `"suspend"` stops a journaled run until the decision is given to `agent.resume` (a person
 * may answer hours later, to another process); anywhere else it denies the call. Waiting ends
 * when `signal` aborts.
 */
export type ApprovalHandler = (
  call: { name: string; input: unknown; callId: string },
  options: { signal: AbortSignal },
) => ApprovalDecision | Promise<ApprovalDecision>;

/** An answer of an {@link ApprovalHandler}. */
export type ApprovalDecision = boolean | "suspend";

/** Options of {@link callTool}. */
export type CallToolOptions = {
  signal?: AbortSignal;
  /** Passed to `execute`; a random id when absent. */
  callId?: string;
  /** The run the call belongs to, passed to `execute`. */
  parent?: ParentRun;
  /** Asked when the tool `needsApproval`; without it such a call is refused. */
  onApproval?: ApprovalHandler;
  /** Check the result against the tool's `outputSchema` (MCP asks clients to). @defaultValue false */
  validateOutput?: boolean;
  /** The name the caller knows the tool by, for messages (an agent's sanitized identifier). */
  name?: string;
  /** Passed to `execute` (see `ToolExecuteOptions.idempotencyKey`). */
  idempotencyKey?: string;
  /**
   * Runs the tool's `execute` (validation and approval happen before): a journal on an engine
   * that replays steps runs it as one durable step.
   */
  runExecute?: (execute: () => Promise<unknown>) => Promise<unknown>;
};

/**
 * Calls a tool the way an agent does: validates `input` (`undefined` counts as `{}`), asks for
 * approval when the tool needs it, runs `execute` and, with `validateOutput`, checks the result.
 * Every failure is a {@link ToolError} whose message is written for a model to act on, or an
 * {@link AbortError} once `signal` aborts; a tool that ignores its signal does not hold the caller.
 *
 * @example
 * const weather = await callTool(getWeather, { city: "Paris" }, { signal, validateOutput: true });
 */
export async function callTool<Input, Output>(
  tool: Tool<Input, Output>,
  input: unknown,
  options: CallToolOptions = {},
): Promise<Output> {
  const {
    signal = new AbortController().signal,
    name = tool.name,
    parent,
    onApproval,
    idempotencyKey,
  } = options;
  const callId = options.callId ?? globalThis.crypto.randomUUID();
  try {
    if (signal.aborted) throw abortReason(signal);
    const problem = `Invalid input for ${name}`;
    const valid = (await abortable(
      validateOrThrow(tool.inputSchema, input ?? {}, tool.name, problem),
      signal,
    )) as Input;
    const { needsApproval } = tool;
    if (typeof needsApproval === "function" ? await abortable(needsApproval(valid), signal) : needsApproval) {
      const call = { name: tool.name, input: valid, callId };
      const decision = onApproval ? await abortable(onApproval(call, { signal }), signal) : false;
      if (decision !== true) throw denied(tool.name, name, onApproval ? decision : undefined);
    }
    const run = () =>
      Promise.resolve(
        tool.execute(valid, {
          signal,
          callId,
          ...(parent && { parent }),
          ...(idempotencyKey && { idempotencyKey }),
        }),
      );
    const { runExecute } = options;
    const execute = Promise.resolve().then(() => (runExecute ? (runExecute(run) as Promise<Output>) : run()));
    const output = await abortable(execute, signal);
    if (!options.validateOutput || !tool.outputSchema) return output;
    const mismatch = `${name} returned a value that does not match its outputSchema`;
    return (await validateOrThrow(
      tool.outputSchema,
      output,
      tool.name,
      mismatch,
      "invalid_output",
    )) as Output;
  } catch (caught) {
    throw asToolError(caught, tool.name, signal);
  }
}

function denied(toolName: string, name: string, decision: ApprovalDecision | undefined): ToolError {
  const message =
    decision === undefined
      ? `${name} needs approval, but no approver is configured, so it cannot run. Find another way.`
      : decision === "suspend"
        ? `${name} needs approval, and only a journaled run can wait for it, so it cannot run. Find another way.`
        : `The user denied this call to ${name}. Do not retry it; find another way or explain in your final answer.`;
  return new ToolError({ toolName, code: "approval_denied", message });
}

function asToolError(caught: unknown, toolName: string, signal: AbortSignal): Error {
  if (AbortError.isInstance(caught)) return caught;
  if (signal.aborted) return abortReason(signal);
  if (ToolError.isInstance(caught)) return caught;
  // A message that starts with "Error:" itself would read "Error: x failed: Error: …" to the model.
  const message = (caught instanceof Error ? caught.message : String(caught)).replace(/^Error:\s*/, "");
  return new ToolError({ toolName, message: `${toolName} failed: ${message}`, cause: caught });
}
