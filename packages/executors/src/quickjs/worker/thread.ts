/**
 * The entry of a QuickJS worker thread. Each session the host places here arrives with a message
 * port of its own and is served over it with the sandbox protocol. Two shared buffers let the
 * host see what the thread is doing while it cannot read messages: which session's code occupies
 * it, and until when it may.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { HostMessage } from "../../protocol/messages.js";
import { serveSession } from "../../protocol/serve-session.js";
import { preloadParser } from "../../shared/repl-declarations.js";
import type { SessionFeatures, SessionLimits } from "../limits.js";
import {
  instantiateQuickJS,
  MIN_MEMORY_BYTES,
  type SandboxInstance,
  useCompiledQuickJSModule,
} from "../module.js";
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

/**
 * One module instance made ahead of time, after the thread has answered its last request, so
 * opening a session skips most of its cost. It is made for the memory cap last asked for.
 */
let spare: { bytes: number; instance: Promise<SandboxInstance> } | undefined;

function takeInstance(bytes: number): Promise<SandboxInstance> {
  const ready = spare?.bytes === bytes ? spare.instance : instantiateQuickJS(bytes);
  spare = undefined;
  setImmediate(() => {
    spare ??= { bytes, instance: instantiateQuickJS(bytes) };
    // A failure shows when the spare is taken; here it must not be an unhandled rejection.
    spare.instance.catch(() => undefined);
  });
  return ready;
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
      open: ({ functions, globals }) =>
        QuickJSSession.create(
          limits as SessionLimits,
          features as SessionFeatures,
          { functions, globals },
          { occupied, polled, instance: takeInstance },
        ),
      abortRequested: (id) => Atomics.load(flag, 0) === id,
    },
  );
});
