/** What local and remote workers share: the tool a manager calls, its limits, and how a failed run reads. */
import {
  type AgentOptions,
  CodeActError,
  jsonSchema,
  type ParentRun,
  type RunResult,
  type Schema,
  type Tool,
  ToolError,
  tool,
} from "@codeact/core";

/** An agent's answer schema, which may or may not have a JSON Schema form. */
type AnswerSchema<Output> = NonNullable<AgentOptions<Output>["outputSchema"]>;

/** What a manager passes a worker. */
export type WorkerInput = {
  /** What the worker should do, with everything it needs to know. */
  task: string;
  /** Data the worker needs besides the task (a text, an object, earlier results). */
  context?: unknown;
};

/** Limits on how workers are used, shared by {@link agentTool} and {@link remoteAgent}. */
export type WorkerLimits = {
  /**
   * How many agents deep a run may be, the top manager counting as 1: a call that would start a
   * run deeper than this is refused. Default 5.
   */
  maxDepth?: number;
  /** How many calls to this worker may run at once; one more is refused. Default 8. */
  maxConcurrent?: number;
};

/** How a worker runs one task: a fresh run, reported as a `RunResult`. */
export type StartWorker<Output> = (
  input: WorkerInput,
  options: { signal: AbortSignal; parent?: ParentRun; idempotencyKey?: string },
) => Promise<Pick<RunResult<Output>, "status" | "output" | "error" | "runId">>;

const inputSchema = jsonSchema<WorkerInput>({
  type: "object",
  properties: {
    task: {
      type: "string",
      minLength: 1,
      description: "What the worker should do, with everything it needs to know.",
    },
    context: { description: "Data the worker needs besides the task: text, an object, earlier results." },
  },
  required: ["task"],
  additionalProperties: false,
});

/**
 * A tool that hands `{ task, context? }` to a worker and returns its answer; a run that does not
 * succeed throws a `ToolError` whose `details` carry its `status`, `error` and `runId`.
 */
export function workerTool<Output>(options: {
  name: string;
  description: string;
  outputSchema?: AnswerSchema<Output>;
  limits?: WorkerLimits;
  start: StartWorker<Output>;
}): Tool<WorkerInput, Output> {
  const { name, start, limits = {} } = options;
  const maxDepth = positive(limits.maxDepth ?? 5, "maxDepth");
  const maxConcurrent = positive(limits.maxConcurrent ?? 8, "maxConcurrent");
  let running = 0;
  const returns = options.outputSchema ? "its answer, typed as declared" : "its final answer";
  return tool({
    name,
    description: `${options.description.trim()} (A worker agent: give it a \`task\`, and \`context\` with any data it needs; returns ${returns}. Each call is a fresh run; calls can run in parallel.)`,
    inputSchema,
    ...(options.outputSchema && isSchema(options.outputSchema) && { outputSchema: options.outputSchema }),
    async execute(input, { signal, parent, idempotencyKey }) {
      const depth = (parent?.agentPath.length ?? 0) + 1;
      if (depth > maxDepth) {
        throw new ToolError({
          toolName: name,
          code: "worker_too_deep",
          message: `${name} was not started: it would run ${depth} agents deep, past maxDepth ${maxDepth}. Do this part of the task yourself.`,
          details: { depth, maxDepth },
        });
      }
      if (running >= maxConcurrent) {
        throw new ToolError({
          toolName: name,
          code: "worker_busy",
          message: `${name} was not started: ${running} calls to it are running, its maxConcurrent is ${maxConcurrent}. Await some before starting more.`,
          details: { running, maxConcurrent },
        });
      }
      running++;
      try {
        const result = await start(input, {
          signal,
          ...(parent && { parent }),
          ...(idempotencyKey && { idempotencyKey }),
        });
        if (result.status === "success") return result.output as Output;
        const why = result.error ? `: ${result.error.message}` : "";
        throw new ToolError({
          toolName: name,
          code: "worker_failed",
          message: `${name} failed: its run ended with status "${result.status}"${why}`,
          details: { status: result.status, error: result.error, runId: result.runId },
        });
      } finally {
        running--;
      }
    },
  });
}

function positive(value: number, option: string): number {
  if (Number.isInteger(value) && value > 0) return value;
  throw new CodeActError({
    code: "invalid_option",
    message: `${option} must be a whole number above 0, not ${value}.`,
  });
}

/** Only schemas with a JSON Schema form can be declared to the manager. */
function isSchema<Output>(schema: AnswerSchema<Output>): schema is Schema<Output> {
  return typeof (schema as Partial<Schema<Output>>)["~standard"]?.jsonSchema?.output === "function";
}
