/** What a QuickJS worker thread is started with, and how a session is placed on it. */
import type { MessagePort } from "node:worker_threads";
import type { SessionFeatures, SessionLimits } from "../limits.js";

/** The thread's `workerData`. */
export type ThreadData = {
  /** The host's compiled QuickJS module, so the thread does not compile it again. */
  module: WebAssembly.Module | undefined;
  /** One Int32: the number of the session whose code the thread is running, 0 when none. */
  occupant: SharedArrayBuffer;
  /** One Float64: that code's deadline (epoch milliseconds), 0 when it has none. */
  deadline: SharedArrayBuffer;
  /** One Int32 counting QuickJS's interrupt polls: it moves while interpreted code runs, not inside a built-in. */
  polls: SharedArrayBuffer;
};

/** Sent to the thread to place a session on it; `port` then carries the sandbox protocol. */
export type SessionPlacement = {
  type: "session";
  number: number;
  port: MessagePort;
  /** One Int32: the id of the execute the host wants aborted. */
  abortFlag: SharedArrayBuffer;
  limits: SessionLimits;
  features: SessionFeatures;
};
