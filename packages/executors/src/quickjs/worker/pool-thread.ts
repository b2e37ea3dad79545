/** One worker thread of a pool, the sessions placed on it, and the watchdog that stops it when stuck. */
import type { MessagePort, Worker } from "node:worker_threads";
import type { ChannelListener, SandboxChannel, SandboxLoss } from "../../protocol/channel.js";
import type { HostMessage } from "../../protocol/messages.js";
import type { SessionFeatures, SessionLimits } from "../limits.js";
import type { SessionPlacement, ThreadData } from "./thread-data.js";

type WorkerThreads = typeof import("node:worker_threads");

/**
 * How long past its deadline a session's code may occupy the thread. QuickJS interrupts
 * interpreted code at the deadline itself; code still running this much later is stuck inside
 * one built-in function, and only stopping the thread ends it.
 */
export const KILL_GRACE_MS = 200;
/** How often the watchdog looks at the thread. */
const WATCH_MS = 20;
/**
 * How long after an abort a session's code may keep the thread before it is stopped: QuickJS
 * polls for interrupts only every few thousand operations, and an abort must land within 100 ms.
 */
const ABORT_GRACE_MS = 75;
/** A backstop behind the watchdog: an execute unanswered this long past its deadline is given up. */
const OVERDUE_MS = 2_000;

/** A worker thread running QuickJS sessions. */
export class PoolThread {
  readonly sessions = new Map<number, ThreadChannel>();
  /** Set once the thread is stopped or has exited: nothing more is placed on it. */
  dead = false;
  private readonly worker: Worker;
  private readonly occupant: Int32Array;
  private readonly deadline: Float64Array;
  private readonly polls: Int32Array;
  /** The poll count the watchdog saw last. */
  private lastPolls = 0;
  private readonly watchdog: ReturnType<typeof setInterval>;
  private holds = 0;

  constructor(
    private readonly threads: WorkerThreads,
    script: URL,
    module: WebAssembly.Module | undefined,
    private readonly onDeath: (thread: PoolThread) => void,
  ) {
    const data: ThreadData = {
      module,
      occupant: new SharedArrayBuffer(4),
      deadline: new SharedArrayBuffer(8),
      polls: new SharedArrayBuffer(4),
    };
    this.polls = new Int32Array(data.polls);
    this.occupant = new Int32Array(data.occupant);
    this.deadline = new Float64Array(data.deadline);
    this.worker = new threads.Worker(script, { workerData: data, execArgv: threadArgv() });
    this.worker.unref();
    this.worker.on("error", (error) => this.die({ type: "crashed", detail: error.message }));
    this.worker.on("exit", (code) =>
      this.die({ type: "crashed", detail: `its thread exited with code ${code}` }),
    );
    this.watchdog = setInterval(() => this.watch(), WATCH_MS);
    this.watchdog.unref?.();
  }

  /** Places a session on this thread and returns the host's end of its channel. */
  place(number: number, limits: SessionLimits, features: SessionFeatures): ThreadChannel {
    const { port1, port2 } = new this.threads.MessageChannel();
    const abortFlag = new SharedArrayBuffer(4);
    const channel = new ThreadChannel(this, number, port1, new Int32Array(abortFlag));
    this.sessions.set(number, channel);
    const placement: SessionPlacement = { type: "session", number, port: port2, abortFlag, limits, features };
    this.worker.postMessage(placement, [port2]);
    return channel;
  }

  /** The session whose code occupies the thread now, 0 when none. */
  get occupiedBy(): number {
    return Atomics.load(this.occupant, 0);
  }

  /** Counts work in flight: while there is some, the thread keeps the host process alive. */
  hold(active: boolean): void {
    this.holds += active ? 1 : -1;
    if (this.dead) return;
    if (this.holds === 1 && active) this.worker.ref();
    if (this.holds === 0) this.worker.unref();
  }

  /** Stops the thread by force. Every session on it is lost; `culprit` is the one whose code caused it. */
  kill(culprit: number, loss: Omit<SandboxLoss, "others" | "culprit">): void {
    if (this.dead) return;
    this.die(loss, culprit);
    void this.worker.terminate();
  }

  /** Stops the thread once its last session has closed (a dedicated thread). */
  retire(): void {
    if (this.sessions.size > 0 || this.dead) return;
    this.dead = true;
    clearInterval(this.watchdog);
    this.onDeath(this);
    void this.worker.terminate();
  }

  private watch(): void {
    const occupant = this.occupiedBy;
    const deadline = this.deadline[0] ?? 0;
    const polls = Atomics.load(this.polls, 0);
    const polledSince = polls !== this.lastPolls;
    this.lastPolls = polls;
    // The deadline is read after the occupant; a session that entered meanwhile is checked next time.
    if (occupant === 0 || deadline === 0 || occupant !== this.occupiedBy) return;
    // Still polling, so still interpreting: QuickJS stops the code at its next poll itself.
    // Stuck inside one built-in, it has not polled since the last look.
    if (Date.now() >= deadline + KILL_GRACE_MS && !polledSince) this.kill(occupant, { type: "stuck" });
  }

  private die(loss: Omit<SandboxLoss, "others" | "culprit">, culprit?: number): void {
    if (this.dead) return;
    this.dead = true;
    clearInterval(this.watchdog);
    this.onDeath(this);
    const others = this.sessions.size - 1;
    for (const [number, channel] of this.sessions) {
      // When the thread crashed on its own, no session is more to blame than another.
      channel.lose({ ...loss, culprit: culprit === undefined || culprit === number, others });
    }
    this.sessions.clear();
  }
}

/** The host's end of one session placed on a pool thread. */
export class ThreadChannel implements SandboxChannel {
  readonly overdueMs = OVERDUE_MS;
  readonly abortGraceMs = ABORT_GRACE_MS;
  readonly label = "QuickJS worker thread";
  private listener: ChannelListener | undefined;
  private closed = false;
  /** Whether the thread is this session's alone, stopped when the session closes. */
  dedicated = false;

  constructor(
    private readonly thread: PoolThread,
    private readonly number: number,
    private readonly port: MessagePort,
    private readonly abortFlag: Int32Array,
  ) {}

  send(message: HostMessage): void {
    if (!this.closed) this.port.postMessage(message);
  }

  listen(listener: ChannelListener): void {
    this.listener = listener;
    this.port.on("message", (message: unknown) => listener.message(message));
    // The thread, not the port, keeps the process alive, and only while work is in flight.
    this.port.unref();
  }

  hold(active: boolean): void {
    this.thread.hold(active);
  }

  interrupt(id: number): void {
    Atomics.store(this.abortFlag, 0, id);
  }

  occupant(): "this" | "other" | "none" {
    const occupant = this.thread.occupiedBy;
    return occupant === 0 ? "none" : occupant === this.number ? "this" : "other";
  }

  kill(loss: Omit<SandboxLoss, "others">): void {
    if (this.thread.dead) return;
    this.thread.kill(loss.culprit ? this.number : 0, loss);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    this.thread.sessions.delete(this.number);
    if (this.dedicated) this.thread.retire();
  }

  /** Called by the thread when it is gone. */
  lose(loss: SandboxLoss): void {
    this.closed = true;
    this.port.close();
    this.listener?.lost(loss);
  }
}

/** The source condition our tests run with resolves packages to TypeScript, which a thread cannot load. */
const SOURCE_CONDITION = "@codeact/source";

/**
 * The thread's Node flags: the host's resolution conditions (they pick which build of a package
 * loads), minus the source condition. Nothing else carries over: flags such as `--input-type`
 * or `--eval` belong to the host's own entry, and a thread refuses them.
 */
function threadArgv(): string[] {
  const argv = (globalThis as { process?: { execArgv?: string[] } }).process?.execArgv ?? [];
  const conditions: string[] = [];
  argv.forEach((flag, index) => {
    if (flag.startsWith("--conditions=")) conditions.push(flag.slice("--conditions=".length));
    else if ((flag === "--conditions" || flag === "-C") && argv[index + 1]) conditions.push(argv[index + 1]!);
  });
  return conditions
    .filter((condition) => condition !== SOURCE_CONDITION)
    .map((condition) => `--conditions=${condition}`);
}
