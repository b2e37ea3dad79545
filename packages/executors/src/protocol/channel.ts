/** The host's end of one session's channel to a sandbox that runs somewhere else. */
import type { HostMessage } from "./messages.js";

/**
 * Why a sandbox went away under a session. `stuck`: code ran past its deadline where it could
 * not be interrupted (inside one built-in function), so the sandbox was stopped by force;
 * `aborted`: the same for an abort; `crashed`: the sandbox died on its own; `violation`: it broke
 * the protocol. `culprit` says whether this session's code was the cause, `others` how many
 * other sessions the sandbox took with it.
 */
export type SandboxLoss = {
  type: "stuck" | "aborted" | "crashed" | "violation";
  culprit: boolean;
  others: number;
  detail?: string;
};

/** What the host listens to on a channel. */
export type ChannelListener = {
  message(raw: unknown): void;
  /** Called once when the sandbox is gone: every later `send` is dropped. */
  lost(loss: SandboxLoss): void;
};

/**
 * One session's channel, as the host sees it: a message port to a worker thread, or JSON lines
 * to a process. Only `send`, `listen`, `kill` and `close` are required; the rest let a sandbox
 * that shares memory with the host stop guest code faster than a message can.
 */
export interface SandboxChannel {
  send(message: HostMessage): void;
  listen(listener: ChannelListener): void;
  /** Keeps the host process alive while work is in flight (`true`), or lets it exit (`false`). */
  hold(active: boolean): void;
  /** Raises the abort flag for execute `id` where the sandbox sees it without reading messages. */
  interrupt?(id: number): void;
  /** Whose code the sandbox is running right now: this session's, another's, or none. */
  occupant?(): "this" | "other" | "none";
  /** Stops the sandbox by force; the listener is told with `loss`. */
  kill(loss: Omit<SandboxLoss, "others">): void;
  /** Lets go of the channel once `close` has been sent. */
  close(): void;
  /**
   * How long past an execute's deadline the host waits for its answer before it kills the
   * sandbox: a channel that watches deadlines itself (a worker pool) sets it high as a backstop.
   */
  readonly overdueMs: number;
  /** How long after an abort the code may take to stop before the sandbox is killed. */
  readonly abortGraceMs: number;
  /** What the sandbox is, for error messages: "QuickJS worker thread". */
  readonly label: string;
}
