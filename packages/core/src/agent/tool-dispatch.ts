/** A tool call the model made, as the run sees it: events around it and the final-answer gate. */
import { ToolError } from "../errors/tool-error.js";
import { type ApprovalHandler, callTool } from "../tool/call-tool.js";
import type { RunContext } from "./run-context.js";
import type { ToolEntry, ToolSet } from "./tool-set.js";

/** One call as the model asked for it: `name` is the identifier it used. */
export type ModelToolCall = { id: string; name: string; input: unknown };

/**
 * Runs a call through {@link callTool}, reporting `tool-call` and `tool-result`. A call made
 * after `final_answer` in the same step does not run. `callSignal` (the executor's per-call
 * signal) ends the call as well as the run's signal does; each call gets its own signal, so
 * many calls at once never pile listeners onto one.
 */
export async function dispatchToolCall(
  run: RunContext,
  tools: ToolSet,
  call: ModelToolCall,
  options: { signal?: AbortSignal; onApproval?: ApprovalHandler },
): Promise<{ output: unknown; entry: ToolEntry }> {
  const entry = tools.entries.get(call.name);
  const name = entry?.tool.name ?? call.name;
  const input = call.input ?? {};
  const base = { step: run.step, agentPath: run.agentPath };
  run.emit({ ...base, type: "tool-call", call: { id: call.id, name, input } });
  // Checked before the first await, so the order of the calls decides.
  const afterAnswer = run.finalAnswer !== undefined || run.answerStep === run.step;
  const at = run.recorder?.nextCall(run.step);
  try {
    if (!entry) {
      const available = [...tools.entries.keys()].join(", ") || "none";
      throw refusal(name, "unknown_tool", `There is no tool named "${call.name}". Available: ${available}.`);
    }
    if (afterAnswer) {
      const message = `final_answer was already called in this step, so this call to ${call.name} did not run. Call tools before final_answer.`;
      throw refusal(name, "run_finished", message);
    }
    const signal = AbortSignal.any(options.signal ? [run.signal, options.signal] : [run.signal]);
    const { recorder } = run;
    // A journaled run answers a call it already made from the journal, so no tool runs twice.
    const record = (produce: () => Promise<unknown>) =>
      recorder && at
        ? recorder.call({ step: run.step, index: at.index }, name, input, produce, () => signal.aborted)
        : produce();
    // An engine that replays steps keeps only the tool's execute as the call's step: approval is
    // a step of its own, and steps do not nest.
    const stepped = recorder?.journal.step !== undefined;
    const invoke = () =>
      callTool(entry.tool, input, {
        signal,
        callId: call.id,
        parent: run.asParent,
        name: call.name,
        ...(at && { idempotencyKey: at.key }),
        ...approval(run, at, options.onApproval),
        ...(stepped && { runExecute: record }),
      });
    const output = stepped ? await invoke() : await record(invoke);
    run.emit({ ...base, type: "tool-result", callId: call.id, name, output });
    return { output, entry };
  } catch (caught) {
    const error = caught as Error;
    run.emit({
      ...base,
      type: "tool-result",
      callId: call.id,
      name,
      error: { name: error.name, message: error.message },
    });
    throw error;
  }
}

/**
 * The approver of one call. A journaled run keeps each decision and can wait for one across
 * processes; decisions given to `resume` count even for an agent without an approver.
 */
function approval(
  run: RunContext,
  at: { index: number; key: string } | undefined,
  ask: ApprovalHandler | undefined,
): { onApproval?: ApprovalHandler } {
  if (!run.recorder || !at) return ask ? { onApproval: ask } : {};
  if (!ask && !run.recorder.hasDecisions) return {};
  return { onApproval: run.recorder.approver({ step: run.step, ...at }, ask ?? (() => false)) };
}

function refusal(toolName: string, code: string, message: string): ToolError {
  return new ToolError({ toolName, code, message });
}
