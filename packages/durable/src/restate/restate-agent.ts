/**
 * An agent as a Restate service: each run is one invocation of its `run` handler, and every
 * model response, tool outcome and pin of the run is one durable step (`ctx.run`). When a worker
 * dies, Restate invokes the handler again on another; the run starts over, its kept steps are
 * answered by Restate without running again, so the sandbox is rebuilt by replay, and it goes on
 * live from the first step Restate does not have.
 */
import type { Agent, PendingApproval, RunError, RunJournal, RunStatus, Usage } from "@codeact/core";
import * as restate from "@restatedev/restate-sdk";
import { installWithResolvers } from "./with-resolvers.js";

/** Options of {@link restateAgent}. */
export type RestateAgentOptions = {
  /** The service's name: runs are started at `<ingress>/<name>/run`. */
  name: string;
  /**
   * Told, once, when the agent's approver answered `"suspend"`: the run then waits on a Restate
   * awakeable, for hours if need be, holding no worker. Resolve it with the decision:
   * `POST <ingress>/restate/awakeables/<awakeableId>/resolve` with the body `true` or `false`.
   * Without it, `"suspend"` denies the call.
   */
  onApprovalRequest?: (request: ApprovalRequest) => void | Promise<void>;
};

/** A tool call waiting for a person's decision, and the awakeable that takes it. */
export type ApprovalRequest = PendingApproval & { awakeableId: string; runId: string };

/** What the `run` handler takes. */
export type RestateRunRequest = { task: string; variables?: Record<string, unknown> };

/** What the `run` handler answers: the run's result without its steps, which Restate keeps. */
export type RestateRunResponse<Output = unknown> = {
  /** The Restate invocation id, which is also the run's id (and idempotency keys' prefix). */
  runId: string;
  status: RunStatus;
  output?: Output;
  error?: RunError;
  usage: Usage;
  /** How many action steps the run took. */
  steps: number;
};

/**
 * A Restate service definition that runs `agent`: serve it with `restate.serve` or
 * `createEndpointHandler` from `@restatedev/restate-sdk`. Cancelling the invocation in Restate
 * aborts the run.
 *
 * @example
 * import * as restate from "@restatedev/restate-sdk";
import { installWithResolvers } from "./with-resolvers.js";
 * await restate.serve({ services: [restateAgent(agent, { name: "researcher" })], port: 9080 });
 * // curl localhost:8080/researcher/run --json '{"task": "..."}'
 */
export function restateAgent<Output>(agent: Agent<Output>, { name, onApprovalRequest }: RestateAgentOptions) {
  installWithResolvers();
  return restate.service({
    name,
    handlers: {
      run: async (ctx: restate.Context, request: RestateRunRequest): Promise<RestateRunResponse<Output>> => {
        const { task, variables } = readRequest(request);
        const controller = new AbortController();
        // An attempt can end under the run (the worker suspends it, or Restate gives it up):
        // the run stops then, freeing its sandbox; the next attempt replays it.
        const attempt = ctx.request().attemptCompletedSignal;
        attempt.addEventListener("abort", () => controller.abort(attempt.reason), { once: true });
        let cancelled: unknown;
        // A cancelled invocation surfaces at the next Restate operation: the run stops there.
        const durable = async <T>(operation: () => PromiseLike<T>): Promise<T> => {
          try {
            return await operation();
          } catch (error) {
            if (error instanceof restate.CancelledError) {
              cancelled ??= error;
              controller.abort(error);
            }
            throw error;
          }
        };
        const runId = ctx.request().id;
        const journal: RunJournal = {
          append: async () => {},
          read: async () => [],
          step: (stepName, produce) => durable(() => ctx.run(stepName, produce)) as never,
          ...(onApprovalRequest && {
            awaitApproval: (stepName: string, approval: PendingApproval) =>
              durable(async () => {
                const { id, promise } = ctx.awakeable<boolean>();
                const request: ApprovalRequest = { ...approval, awakeableId: id, runId };
                await ctx.run(`${stepName} requested`, () => onApprovalRequest(request));
                return promise;
              }),
          }),
        };
        const result = await agent.run(task, {
          journal,
          runId,
          signal: controller.signal,
          ...(variables && { variables }),
        });
        if (cancelled) throw cancelled;
        const response: RestateRunResponse<Output> = {
          runId,
          status: result.status,
          usage: result.usage,
          steps: result.steps.filter((step) => step.type === "action").length,
        };
        if (result.output !== undefined) response.output = result.output;
        if (result.error) response.error = result.error;
        return response;
      },
    },
  });
}

function readRequest(request: unknown): RestateRunRequest {
  const { task, variables } = (request ?? {}) as Partial<RestateRunRequest>;
  if (typeof task !== "string" || task.trim() === "") {
    throw new restate.TerminalError(
      'The run handler takes { "task": "<what to do>", "variables"?: {...} }.',
      {
        errorCode: 400,
      },
    );
  }
  if (
    variables !== undefined &&
    (typeof variables !== "object" || variables === null || Array.isArray(variables))
  ) {
    throw new restate.TerminalError("variables must be an object of names to JSON values.", {
      errorCode: 400,
    });
  }
  return { task, ...(variables && { variables }) };
}
