/**
 * The entry of a QuickJS worker thread. Each session the host places here arrives with a message
 * port of its own and is served over it with the sandbox protocol. Two shared buffers let the
 * host see what the thread is doing while it cannot read messages: which session's code occupies
 * it, and until when it may.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { HostFunction } from "@codeact/core";
import type { HostMessage } from "../../protocol/messages.js";
import { serveSession } from "../../protocol/serve-session.js";
import { preloadParser } from "../../shared/repl-declarations.js";
import type { SessionFeatures, SessionLimits } from "../limits.js";
import { instantiateQuickJS, MIN_MEMORY_BYTES, useCompiledQuickJSModule } from "../module.js";
import { QuickJSSession } from "../quickjs-session.js";
import type { SessionPlacement, ThreadData } from "./thread-data.js";

const data = workerData as ThreadData;
preloadParser();
setImmediate(warmUp);
if (data.module) useCompiledQuickJSModule(data.module);
const occupant = new Int32Array(data.occupant);
const deadline = new Float64Array(data.deadline);
const polls = new Int32Array(data.polls);
const polled = () => {
  Atomics.add(polls, 0, 1);
};
let depth = 0;

/** Publishes that a session's code occupies the thread (`inside`), until when, or that it left. */
type Occupied = (inside: boolean, until: number | undefined) => void;

/**
 * One session made ahead of time, after the thread has answered its last request, so opening a
 * session here only binds its functions and sets its globals: instantiating the module and
 * installing the prelude take milliseconds. It is made for the limits and features last asked
 * for; `owner` says whose session it becomes, so its occupancy is published under that number.
 */
let spare: { key: string; owner: { occupied: Occupied }; session: Promise<QuickJSSession> } | undefined;

function makeSession(limits: SessionLimits, features: SessionFeatures, key: string) {
  const owner: { occupied: Occupied } = { occupied: () => undefined };
  const session = QuickJSSession.create(
    limits,
    features,
    { functions: {} },
    { occupied: (inside, until) => owner.occupied(inside, until), polled },
  );
  // A failure shows when the spare is taken; until then it must not be an unhandled rejection.
  session.catch(() => undefined);
  return { key, owner, session };
}

async function openSession(
  limits: SessionLimits,
  features: SessionFeatures,
  occupied: Occupied,
  options: { functions: Record<string, HostFunction>; globals: Record<string, unknown> },
): Promise<QuickJSSession> {
  const key = JSON.stringify([limits, features]);
  const ready = spare?.key === key ? spare : makeSession(limits, features, key);
  spare = undefined;
  setImmediate(() => {
    spare ??= makeSession(limits, features, key);
  });
  ready.owner.occupied = occupied;
  const session = await ready.session;
  try {
    await session.defineFunctions(options.functions);
    await session.defineGlobals(options.globals);
    return session;
  } catch (error) {
    await session.dispose();
    throw error;
  }
}

/**
 * Runs QuickJS's interpreter hot once, on an instance of its own. WebAssembly code starts in V8's
 * baseline tier and a function moves to the optimising tier only between calls: guest code that
 * loops inside one call of the interpreter would otherwise run several times slower, for seconds,
 * on every new thread.
 */
async function warmUp(): Promise<void> {
  try {
    const { module } = await instantiateQuickJS(MIN_MEMORY_BYTES);
    const runtime = module.newRuntime();
    const context = runtime.newContext();
    const warmed = context.evalCode(WARM_UP_CODE);
    (warmed.error ?? warmed.value).dispose();
    context.dispose();
    runtime.dispose();
  } catch {
    // Only speed is at stake.
  }
}

/** Enough calls, property reads and arithmetic for V8 to optimise the interpreter's hot functions. */
const WARM_UP_CODE =
  "let s = 0; const o = { n: 1 }; function f(i) { return i + o.n; } for (let i = 0; i < 200000; i++) s = f(s) % 1000; s";

parentPort?.on("message", (message: SessionPlacement) => {
  if (message?.type !== "session") return;
  const { number, port, abortFlag, limits, features } = message;
  const flag = new Int32Array(abortFlag);
  const occupied = (inside: boolean, until: number | undefined) => {
    if (inside) {
      // Only the outermost call marks the thread: calls into the VM do not nest across sessions.
      if (depth++ > 0) return;
      deadline[0] = until ?? 0;
      Atomics.store(occupant, 0, number);
    } else if (--depth === 0) Atomics.store(occupant, 0, 0);
  };
  serveSession(
    {
      post: (reply) => port.postMessage(reply),
      listen: (listener) => port.on("message", (received: HostMessage) => listener(received)),
      close: () => port.close(),
    },
    {
      open: (options) => openSession(limits as SessionLimits, features as SessionFeatures, occupied, options),
      abortRequested: (id) => Atomics.load(flag, 0) === id,
    },
  );
});
