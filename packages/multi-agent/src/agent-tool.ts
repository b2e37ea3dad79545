/** A worker agent in the same process, as a tool its manager calls from code. */
import type { Agent, Tool } from "@codeact/core";
import { type WorkerInput, type WorkerLimits, workerTool } from "./worker-tool.js";

/** Options of {@link agentTool}. */
export type AgentToolOptions = WorkerLimits & {
  /** The function name in the manager's code. Default: the agent's `name`. */
  name?: string;
  /** What the worker does, for the manager's prompt. Default: the agent's `description`. */
  description?: string;
  /** Steps each of the worker's runs may take. Default: the worker's own `maxSteps`. */
  maxSteps?: number;
};

/**
 * Makes `agent` a tool taking `{ task, context? }`. Every call is a fresh run of the worker, with
 * its own memory and sandbox, so parallel calls share nothing; the run streams its events
 * through the manager's run (with the full `agentPath`), adds its usage to the manager's and
 * stops when the manager's run is aborted. A run that fails, runs out of steps or is aborted
 * throws a `ToolError` in the manager's code, never passing for an answer. `context` reaches a
 * CodeAgent worker as the variable `context`.
 *
 * @example
 * const researcher = new CodeAgent({ model, executor, name: "researcher", description: "Finds facts on the web." });
 * const manager = new CodeAgent({ model, executor, tools: [agentTool(researcher)] });
 * // in the manager's code: const [a, b] = await Promise.all([researcher({ task: "…" }), researcher({ task: "…" })]);
 */
export function agentTool<Output>(
  agent: Agent<Output>,
  options: AgentToolOptions = {},
): Tool<WorkerInput, Output> {
  const { maxSteps } = options;
  return workerTool<Output>({
    name: options.name ?? agent.name,
    description: options.description ?? agent.description ?? `Runs the agent ${agent.name} on a task.`,
    ...(agent.outputSchema && { outputSchema: agent.outputSchema }),
    limits: options,
    start: async ({ task, context }, { signal, parent, idempotencyKey }) => {
      const common = { signal, ...(parent && { parent }), ...(maxSteps !== undefined && { maxSteps }) };
      const variables = context !== undefined ? { variables: { context } } : {};
      const journal = parent?.journal;
      if (!journal || !idempotencyKey) return agent.run(task, { ...common, ...variables });
      // A journaled manager journals its workers too, each under an id made from the call's key:
      // a call in flight at a crash resumes the worker's run instead of starting it over.
      const runId = idempotencyKey.replaceAll(":", ".");
      const begun = (await journal.read(runId)).some((entry) => entry.type === "start");
      if (begun) return agent.resume(runId, { ...common, journal });
      return agent.run(task, { ...common, ...variables, journal, runId });
    },
  });
}
