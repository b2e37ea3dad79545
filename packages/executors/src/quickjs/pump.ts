/** Drives one execution: hands host results to the guest and runs its promise jobs until the code settles. */
import type { QuickJSHandle } from "quickjs-emscripten-core";
import { type Execution, FINAL_ANSWER, type HostCall } from "./execution.js";
import { withHandle } from "./handles.js";
import { memoryError, outputError } from "./limit-errors.js";
import { toJSONText } from "./marshal.js";
import type { Realm } from "./realm.js";
import { HostAllocationError } from "./sandbox-memory.js";

/**
 * Jobs run per batch. Running the whole queue at once let a promise flood overshoot its deadline;
 * between batches the host checks the deadline and the queue's length itself.
 */
const JOB_BATCH = 256;

/** How long the pump may run guest jobs before letting host events (abort signals, timers) in. */
const SLICE_MS = 20;

/** How the pump ended: the code settled, it can never settle, or the execution was told to stop. */
export type PumpEnd = "settled" | "stuck" | "stopped";

/**
 * Runs until the top-level promise has settled and no tool call started by the code is still
 * pending (an un-awaited `final_answer(x)` must still be recorded), or until the execution is told
 * to stop. "stuck" means the promise is pending and nothing is left that could ever settle it:
 * no tool call and no timer.
 */
export async function pump(realm: Realm, execution: Execution, promise: QuickJSHandle): Promise<PumpEnd> {
  let sliceStart = Date.now();
  for (;;) {
    deliver(realm, execution);
    while (realm.runtime.hasPendingJob()) {
      if (execution.shouldStop()) return "stopped";
      realm.runJobs(JOB_BATCH);
      if (execution.shouldStop()) return "stopped";
      if (Date.now() - sliceStart >= SLICE_MS) {
        await nextTask();
        sliceStart = Date.now();
        deliver(realm, execution);
      }
    }
    if (execution.shouldStop()) return "stopped";
    const state = promiseState(realm, promise);
    if (state !== "pending" && execution.unawaited === undefined) noteEnd(realm, execution, promise);
    // Code that threw after an un-awaited final_answer(x) still answered: the answer is recorded
    // first, so the result and the agent agree that there is one.
    if (state === "rejected" && !execution.hostCalls.isRunning(FINAL_ANSWER)) return "settled";
    if (state === "fulfilled" && execution.pending.size === 0) return "settled";
    if (execution.settled.length > 0) continue;
    if (state === "pending" && execution.pending.size === 0 && execution.timers.size === 0) return "stuck";
    await execution.wait();
    sliceStart = Date.now();
  }
}

/**
 * Settles the guest promises of host calls that have finished on the host. A result too large to
 * cross, or a sandbox too full to receive it, stops the execution.
 */
function deliver(realm: Realm, execution: Execution): void {
  // One at a time: calls left behind when a result stops the execution stay queued, and
  // `Execution#finish` frees their guest promises.
  while (execution.settled.length > 0 && !execution.stopReason) {
    const call = execution.settled.shift()!;
    execution.pending.delete(call);
    try {
      settle(realm, execution, call);
    } catch (error) {
      if (!(error instanceof HostAllocationError)) throw error;
      execution.stop({ type: "limit", error: memoryError(execution.limits) });
    }
    if (call.deferred.alive) call.deferred.dispose();
  }
}

function settle(realm: Realm, execution: Execution, call: HostCall): void {
  const { outcome, deferred } = call;
  if (!outcome) return;
  if (!outcome.ok) {
    realm.reject(deferred, outcome.error);
    return;
  }
  const sized = (() => {
    try {
      // Written against the budget: a result too large is refused before it is copied whole.
      return toJSONText(outcome.value, execution.limits.maxValueChars);
    } catch (error) {
      // A result that cannot be copied (a throwing getter, say) rejects the call.
      execution.mayHaveLost = true;
      realm.reject(deferred, error);
      return undefined;
    }
  })();
  if (!sized) return;
  if ("tooLarge" in sized) {
    const what = `The result of ${call.name}`;
    const error = outputError(execution.limits, what, sized.tooLarge, { atLeast: !sized.exact });
    execution.stop({ type: "limit", error });
    return;
  }
  realm.fulfil(deferred, sized.text);
}

/**
 * Notes what the code left when it finished: the host calls it never awaited (they may still
 * settle, but their results go nowhere) and whether its last value was a promise, and its state.
 */
function noteEnd(realm: Realm, execution: Execution, promise: QuickJSHandle): void {
  // The host's own list: the guest's could be forged, and loses track of calls a stop cut short.
  execution.unawaited = execution.hostCalls.runningNames();
  const { context } = realm;
  const state = context.getPromiseState(promise);
  if (state.type === "rejected") state.error.dispose();
  if (state.type !== "fulfilled" || state.notAPromise) return;
  withHandle(state.value, (completion) =>
    withHandle(context.getProp(completion, "value"), (value) => {
      const inner = context.getPromiseState(value);
      if (inner.type === "fulfilled" && inner.notAPromise) return;
      execution.promiseAtEnd = inner.type;
      if (inner.type === "fulfilled") inner.value.dispose();
      if (inner.type === "rejected") inner.error.dispose();
    }),
  );
}

function promiseState(realm: Realm, promise: QuickJSHandle): "pending" | "fulfilled" | "rejected" {
  const state = realm.context.getPromiseState(promise);
  if (state.type === "fulfilled" && !state.notAPromise) state.value.dispose();
  if (state.type === "rejected") state.error.dispose();
  return state.type;
}

/** Yields to the host's event loop for one task, so abort signals and timers can fire. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
