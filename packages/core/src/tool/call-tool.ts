/** Calling one tool outside or inside an agent: validate, ask for approval, run, check the result. */
import { AbortError } from "../errors/abort-error.js";
import { ToolError } from "../errors/tool-error.js";
import type { ParentRun } from "../run/events.js";
import { validateOrThrow } from "../schema/standard-schema.js";
import { abortable, abortReason } from "../util/abortable.js";
import type { Tool } from "./tool.js";

/** Decides whether a tool call that needs approval may run. Waiting ends when `signal` aborts. */
export type ApprovalHandler = (
  call: { name: string; input: unknown; callId: string },
  options: { signal: AbortSignal },
) => boolean | Promise<boolean>;

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
  const signal = options.signal ?? new AbortController().signal;
  const name = options.name ?? tool.name;
  const callId = options.callId ?? globalThis.crypto.randomUUID();
  try {
    if (signal.aborted) throw abortReason(signal);
    const problem = `Invalid input for ${name}`;
    const valid = (await abortable(
      validateOrThrow(tool.inputSchema, input ?? {}, { problem, toolName: tool.name }),
      signal,
    )) as Input;
    await approve(tool, valid, { ...options, name, callId, signal });
    const execute = Promise.resolve().then(() =>
      tool.execute(valid, { signal, callId, ...(options.parent && { parent: options.parent }) }),
    );
    const output = await abortable(execute, signal);
    if (!options.validateOutput || !tool.outputSchema) return output;
    const mismatch = `${name} returned a value that does not match its outputSchema`;
    return (await validateOrThrow(tool.outputSchema, output, {
      problem: mismatch,
      toolName: tool.name,
      code: "invalid_output",
    })) as Output;
  } catch (caught) {
    throw asToolError(caught, tool.name, signal);
  }
}

async function approve<Input>(
  tool: Tool<Input, unknown>,
  input: Input,
  {
    name,
    callId,
    signal,
    onApproval,
  }: CallToolOptions & { name: string; callId: string; signal: AbortSignal },
): Promise<void> {
  const { needsApproval } = tool;
  const needed =
    typeof needsApproval === "function"
      ? await abortable(Promise.resolve(needsApproval(input)), signal)
      : needsApproval;
  if (!needed) return;
  const call = { name: tool.name, input, callId };
  if (onApproval && (await abortable(Promise.resolve(onApproval(call, { signal })), signal))) return;
  throw new ToolError({
    toolName: tool.name,
    code: "approval_denied",
    message: onApproval
      ? `The user denied this call to ${name}. Do not retry it; find another way or explain in your final answer.`
      : `${name} needs approval, but no approver is configured, so it cannot run. Find another way.`,
  });
}

function asToolError(caught: unknown, toolName: string, signal: AbortSignal): Error {
  if (AbortError.isInstance(caught)) return caught;
  if (signal.aborted) return abortReason(signal);
  if (ToolError.isInstance(caught)) return caught;
  const message = caught instanceof Error ? caught.message : String(caught);
  return new ToolError({ toolName, message: `${toolName} failed: ${message}`, cause: caught });
}
