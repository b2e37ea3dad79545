/**
 * The contract between the agent loop and a sandbox that runs the model's code. Every executor
 * passes the conformance suite of `@codeact/core/testing` (`executorConformance`).
 */

/**
 * A host function the guest code calls as `await name(input)`. Tools and `final_answer` are bound
 * this way. `signal` aborts when the code that made the call stops, for whatever reason: it
 * returned, timed out, failed or was aborted, or its session was disposed.
 */
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
  /**
   * Console output. An executor that shortens it keeps its head and its tail around one line
   * `... [N characters truncated] ...`, so the last lines (totals, errors) survive.
   */
  logs: string;
  /** Value of the last expression statement, if any. A promise is shown as one, not awaited. */
  value?: unknown;
  /** Present when `final_answer(...)` was called and accepted: the first call, in call order, that was. */
  finalAnswer?: { value: unknown };
  /** The guest's error; the session lives on. */
  error?: { name: string; message: string; line?: number };
  /** Host functions the code called but never awaited, still running when it ended, in call order. */
  pendingCalls?: string[];
  durationMs: number;
};

/**
 * One isolated global scope. Top-level declarations persist between `execute` calls, and a later
 * call may declare the same name again, as in a REPL. `execute` throws only when the session is
 * unusable, and then with an `ExecutionError` whose `sessionLost` is true: the caller starts a
 * fresh session. Any other throw (an abort, a transient failure) keeps the session and its state.
 */
export interface ExecutorSession extends AsyncDisposable {
  execute(code: string, options?: { signal?: AbortSignal }): Promise<ExecutionResult>;
  /** Sets global variables from JSON values exactly as `globals` does when the session is created. */
  defineGlobals(globals: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Binds more host functions, or new ones under names already bound, between executes: the
   * tools of an MCP server can change during a run. Optional; without it an agent can only use
   * the tools its session started with.
   */
  defineFunctions?(
    functions: Record<string, HostFunction>,
    options?: { signal?: AbortSignal },
  ): Promise<void>;
  /** Stops a running `execute`, aborts its host calls and frees the sandbox. Safe to call twice. */
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
  /**
   * What the code can and cannot reach, told to the model in the system prompt: one or two
   * sentences such as "Your code runs in a QuickJS sandbox: … no network …". Without it the
   * prompt says only that the code runs in a sandbox.
   */
  readonly environment?: string;
}
