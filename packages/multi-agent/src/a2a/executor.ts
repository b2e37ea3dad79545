/** An agent as an A2A `AgentExecutor`: one fresh run per task, its events as status updates. */

import { type Message, TaskState } from "@a2a-js/sdk";
import { AgentEvent as A2AEvent, type AgentExecutor, type ExecutionEventBus } from "@a2a-js/sdk/server";
import { AbortError, type Agent, type AgentEvent, type RunResult } from "@codeact/core";
import { type CallerFacts, codeactFacts, dataPart, message, readParts, textPart } from "./wire.js";

/** The runs an executor has going, so a cancel or the server's close can stop them. */
export type RunningTasks = Map<string, AbortController>;

/**
 * Runs `agent` for each task it is sent. The text parts are the task, the first data part is its
 * `context`; the run's events travel as `working` status updates (`metadata.codeact.event`), a
 * successful answer as an artifact (a data part, or a text part for a string) and a `completed`
 * status, and anything else as `failed` or `canceled` with the run's status and error.
 */
// biome-ignore lint/suspicious/noExplicitAny: any agent, whatever its output type.
export function agentExecutor(agent: Agent<any>, running: RunningTasks): AgentExecutor {
  return {
    async execute(request, bus) {
      const { taskId, contextId, userMessage } = request;
      const ids = { taskId, contextId };
      const update = (state: TaskState, said?: Message, facts?: Record<string, unknown>) =>
        bus.publish(
          A2AEvent.statusUpdate({
            ...ids,
            status: { state, message: said, timestamp: new Date().toISOString() },
            metadata: facts ? { codeact: facts } : {},
          }),
        );
      bus.publish(
        A2AEvent.task({
          id: taskId,
          contextId,
          status: {
            state: TaskState.TASK_STATE_SUBMITTED,
            message: undefined,
            timestamp: new Date().toISOString(),
          },
          artifacts: [],
          history: [userMessage],
          metadata: {},
        }),
      );
      const { text: task, data: context } = readParts(userMessage.parts);
      if (task.trim() === "") {
        update(
          TaskState.TASK_STATE_FAILED,
          message("agent", [textPart("Send the task as a text part.")], ids),
        );
        return;
      }
      const controller = new AbortController();
      running.set(taskId, controller);
      update(TaskState.TASK_STATE_WORKING);
      try {
        const agentPath = callerPath(codeactFacts(userMessage.metadata) as CallerFacts | undefined);
        const run = agent.stream(task, {
          signal: controller.signal,
          ...(context !== undefined && { variables: { context } }),
          // The caller's path makes this run's agentPath (and nesting depth) continue the caller's.
          ...(agentPath.length > 0 && {
            parent: { runId: taskId, agentPath, emit: () => {}, addUsage: () => {} },
          }),
        });
        for await (const event of run) {
          const plain = plainEvent(event);
          if (plain) update(TaskState.TASK_STATE_WORKING, undefined, { event: plain });
        }
        finish(await run.result, bus, ids, update);
      } finally {
        running.delete(taskId);
      }
    },
    async cancelTask(taskId) {
      running.get(taskId)?.abort(new AbortError({ message: "The caller canceled the task." }));
    },
  };
}

function finish(
  result: RunResult,
  bus: ExecutionEventBus,
  ids: { taskId: string; contextId: string },
  update: (state: TaskState, said?: Message, facts?: Record<string, unknown>) => void,
): void {
  const facts = { status: result.status, ...(result.error && { error: result.error }), usage: result.usage };
  if (result.status === "success") {
    const output = result.output;
    const part = typeof output === "string" ? textPart(output) : dataPart(output ?? null);
    bus.publish(
      A2AEvent.artifactUpdate({
        ...ids,
        artifact: {
          artifactId: "answer",
          name: "answer",
          description: "The agent's answer.",
          parts: [part],
          metadata: {},
          extensions: [],
        },
        append: false,
        lastChunk: true,
        metadata: {},
      }),
    );
    update(TaskState.TASK_STATE_COMPLETED, message("agent", [part], ids), facts);
    return;
  }
  const why = result.error ? `: ${result.error.message}` : "";
  const said = message("agent", [textPart(`The run ended with status "${result.status}"${why}`)], ids);
  update(
    result.status === "aborted" ? TaskState.TASK_STATE_CANCELED : TaskState.TASK_STATE_FAILED,
    said,
    facts,
  );
}

/** The caller's agent path, when it sent a sane one: names, at most 32 of them, none past 200 characters. */
function callerPath(facts: CallerFacts | undefined): string[] {
  const path = facts?.agentPath;
  if (!Array.isArray(path) || path.length > 32) return [];
  return path.every((name) => typeof name === "string" && name.length <= 200) ? path : [];
}

/** The event as plain JSON, or undefined when it holds something JSON cannot carry (a cycle). */
function plainEvent(event: AgentEvent): unknown {
  try {
    return JSON.parse(
      JSON.stringify(event, (_, value) => (typeof value === "bigint" ? value.toString() : value)),
    );
  } catch {
    return undefined;
  }
}
