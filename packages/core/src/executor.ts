/** The contract between the agent loop and a sandbox that runs the model's code. */

/** A host function the guest code calls as `await name(input)`. Tools and `final_answer` are bound this way. */
export type HostFunction = (input: unknown, options: { signal: AbortSignal }) => Promise<unknown>;

/** What a session is created with. */
export type ExecutorSessionOptions = {
  /** Functions bound by name in the guest's global scope. */
  functions: Record<string, HostFunction>;
  /** JSON values available to the guest as global variables. */
  globals?: Record<string, unknown>;
  signal?: AbortSignal;
};

/** The outcome of one `execute`. A guest error is a result, not a throw. */
export type ExecutionResult = {
  /** Console output, truncated with a marker past the executor's limit. */
  logs: string;
  /** Value of the last expression statement, if any. */
  value?: unknown;
  /** Present when `final_answer(...)` was called and accepted. */
  finalAnswer?: { value: unknown };
  /** The guest's error; the session lives on. */
  error?: { name: string; message: string; line?: number };
  durationMs: number;
};

/**
 * One isolated global scope. Top-level declarations persist between `execute` calls.
 * `execute` throws only when the session itself is no longer usable.
 */
export interface ExecutorSession extends AsyncDisposable {
  execute(code: string, options?: { signal?: AbortSignal }): Promise<ExecutionResult>;
  dispose(): Promise<void>;
}

/**
 * A sandbox factory. Tools always run on the host; the sandbox only holds code and plain data.
 *
 * @example
 * await using session = await executor.createSession({ functions: { add: async (x) => x } });
 * const { value } = await session.execute("1 + 1");
 */
export interface Executor {
  createSession(options: ExecutorSessionOptions): Promise<ExecutorSession>;
}
