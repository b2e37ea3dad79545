/** An agent served over A2A (by `serveAgent` or anyone), as a tool its manager calls from code. */

import { type AgentCard, type Part, type SendMessageRequest, TaskState } from "@a2a-js/sdk";
import {
  type Client,
  ClientFactory,
  ClientFactoryOptions,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
} from "@a2a-js/sdk/client";
import {
  type AgentEvent,
  CodeActError,
  type JSONSchema,
  jsonSchema,
  type ParentRun,
  type RunResult,
  type Tool,
  ToolError,
} from "@codeact/core";
import { type WorkerInput, type WorkerLimits, workerTool } from "../worker-tool.js";
import { OUTPUT_SCHEMA_EXTENSION } from "./serve-agent.js";
import { checkedEvent, codeactFacts, dataPart, message, readParts, textPart } from "./wire.js";

/** Options of {@link remoteAgent}. */
export type RemoteAgentOptions = WorkerLimits & {
  /** The agent's base URL; its card is read from `/.well-known/agent-card.json` under it. */
  url: string;
  /** The function name in the manager's code. Default: the card's name. */
  name?: string;
  /** What the worker does, for the manager's prompt. Default: the card's description. */
  description?: string;
  /** Sent with every request, e.g. `{ authorization: "Bearer …" }`. */
  headers?: Record<string, string>;
  /** How long one call may take before it is canceled and fails. Default 600,000 ms. */
  timeoutMs?: number;
  /** Aborts reading the agent card. */
  signal?: AbortSignal;
};

type Outcome = Pick<RunResult, "status" | "output" | "error" | "runId">;

/**
 * Reads the agent card at `url` and returns a tool that sends the remote agent a task (and its
 * `context` as a data part), streams the remote run's events into the manager's run and returns
 * its answer. Network failures, a timeout and a refused token are `ToolError`s that say so; the
 * manager's abort cancels the remote task. A card that declares an answer schema (as
 * `serveAgent` does) gives the tool a typed declaration.
 *
 * @example
 * const researcher = await remoteAgent({ url: "http://10.0.0.7:4000/", headers: { authorization: `Bearer ${token}` } });
 * const manager = new CodeAgent({ model, executor, tools: [researcher] });
 */
export async function remoteAgent(options: RemoteAgentOptions): Promise<Tool<WorkerInput, unknown>> {
  const { url, headers = {}, timeoutMs = 600_000 } = options;
  const fetchImpl: typeof fetch = (input, init) =>
    fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...headers } });
  let card: AgentCard;
  try {
    card = await new DefaultAgentCardResolver({ fetchImpl }).resolve(url);
  } catch (error) {
    throw new CodeActError({
      code: "a2a_unreachable",
      message: `Could not read the agent card at ${url}: ${reason(error)}. Check the URL and that the agent is running.`,
      cause: error,
    });
  }
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl })],
    }),
  );
  const client = await factory.createFromAgentCard(card);
  const name = options.name ?? card.name;
  const schema = card.capabilities?.extensions.find((extension) => extension.uri === OUTPUT_SCHEMA_EXTENSION)
    ?.params?.schema as JSONSchema | undefined;
  return workerTool<unknown>({
    name,
    description: options.description ?? card.description,
    ...(schema && { outputSchema: jsonSchema(schema) }),
    limits: options,
    start: (input, { signal, parent }) => call(client, { name, url, timeoutMs }, input, signal, parent),
  });
}

async function call(
  client: Client,
  target: { name: string; url: string; timeoutMs: number },
  { task, context }: WorkerInput,
  signal: AbortSignal,
  parent: ParentRun | undefined,
): Promise<Outcome> {
  const timeout = AbortSignal.timeout(target.timeoutMs);
  const parts = [textPart(task), ...(context === undefined ? [] : [dataPart(context)])];
  const request: SendMessageRequest = {
    tenant: "",
    message: message("user", parts, {}, parent ? { agentPath: [...parent.agentPath] } : undefined),
    configuration: undefined,
    metadata: {},
  };
  let taskId = "";
  let answer: Part[] | undefined;
  // Stopping cancels the remote task, which needs its id: the stream is read until the task says
  // it was canceled, or for a few seconds at most.
  const stream = new AbortController();
  const ending = AbortSignal.any([signal, timeout]);
  let stopping: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    if (taskId)
      void client
        .cancelTask({ tenant: "", id: taskId, metadata: {} }, { signal: AbortSignal.timeout(5_000) })
        .catch(() => {});
  };
  const stop = () => {
    stopping = setTimeout(() => stream.abort(ending.reason), 5_000);
    cancel();
  };
  if (ending.aborted) stop();
  else ending.addEventListener("abort", stop, { once: true });
  try {
    for await (const { payload } of client.sendMessageStream(request, { signal: stream.signal })) {
      if (payload?.$case === "message" && !stopping) {
        return { status: "success", output: output(payload.value.parts), runId: "" };
      }
      if (payload?.$case === "task" && !taskId) {
        taskId = payload.value.id;
        if (stopping) cancel();
      }
      if (payload?.$case === "artifactUpdate") answer = payload.value.artifact?.parts;
      if (payload?.$case !== "statusUpdate") continue;
      const facts = codeactFacts(payload.value.metadata);
      const event = await checkedEvent(facts?.event);
      if (event && parent) parent.emit(underParent(event, parent.agentPath));
      const ended = settled(payload.value.status?.state, payload.value.status?.message?.parts, answer, facts);
      if (!ended) continue;
      const usage = facts?.usage as RunResult["usage"] | undefined;
      if (parent && usage && typeof usage.inputTokens === "number") parent.addUsage(usage);
      if (stopping) break;
      return { ...ended, runId: taskId };
    }
  } catch (error) {
    if (!stopping) {
      const why = reason(error);
      const refused = /\b401\b|unauthori[sz]ed/i.test(why)
        ? " The agent refused the credentials: check the headers (a bearer token?)."
        : "";
      const message = `${target.name} at ${target.url} failed: ${why}.${refused}`;
      throw new ToolError({
        toolName: target.name,
        code: "a2a_call_failed",
        message,
        cause: error,
        details: { taskId },
      });
    }
  } finally {
    clearTimeout(stopping);
    ending.removeEventListener("abort", stop);
  }
  if (signal.aborted) throw signal.reason;
  if (timeout.aborted) {
    const message = `${target.name} did not finish within ${target.timeoutMs} ms; its task was canceled.`;
    throw new ToolError({ toolName: target.name, code: "a2a_timeout", message, details: { taskId } });
  }
  return {
    status: "error",
    error: { name: "ToolError", message: "The stream ended before the task finished." },
    runId: taskId,
  };
}

/** How a status ends the call, if it is a final one. */
function settled(
  state: TaskState | undefined,
  said: Part[] | undefined,
  answer: Part[] | undefined,
  facts: Record<string, unknown> | undefined,
): Omit<Outcome, "runId"> | undefined {
  if (state === TaskState.TASK_STATE_COMPLETED)
    return { status: "success", output: output(answer ?? said ?? []) };
  const reported = facts?.error as { name?: unknown; message?: unknown } | undefined;
  const error = {
    name: typeof reported?.name === "string" ? reported.name : "RemoteAgentError",
    message:
      typeof reported?.message === "string" ? reported.message : readParts(said).text || "no reason given",
  };
  if (state === TaskState.TASK_STATE_CANCELED) return { status: "aborted", error };
  if (state === TaskState.TASK_STATE_FAILED || state === TaskState.TASK_STATE_REJECTED) {
    return { status: facts?.status === "max_steps" ? "max_steps" : "error", error };
  }
  if (state === TaskState.TASK_STATE_INPUT_REQUIRED || state === TaskState.TASK_STATE_AUTH_REQUIRED) {
    return {
      status: "error",
      error: {
        name: "RemoteAgentError",
        message: `the agent asked for ${state === TaskState.TASK_STATE_INPUT_REQUIRED ? "more input" : "authorization"}, which a tool call cannot give`,
      },
    };
  }
  return undefined;
}

/** An answer's parts as a value: its data, or its text. */
function output(parts: Part[]): unknown {
  const { text, data } = readParts(parts);
  return data !== undefined ? data : text;
}

/** The remote run's event, placed under the manager's path (a remote agent cannot claim to be its caller). */
function underParent(event: AgentEvent, path: readonly string[]): AgentEvent {
  const extends_ =
    event.agentPath.length > path.length && path.every((name, i) => event.agentPath[i] === name);
  return extends_ ? event : { ...event, agentPath: [...path, ...event.agentPath] };
}

function reason(error: unknown): string {
  const { message, cause } = error as { message?: string; cause?: { code?: string } };
  return `${message ?? String(error)}${cause?.code ? ` (${cause.code})` : ""}`;
}
