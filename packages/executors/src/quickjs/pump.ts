/** Drives one execution: hands host results to the guest and runs its promise jobs until the code settles. */
import type { QuickJSHandle } from "quickjs-emscripten-core";
import type { Execution } from "./execution.js";
import type { Realm } from "./realm.js";

/**
 * Jobs run per batch. Running the whole queue at once let a promise flood overshoot its deadline;
 * between batches the host checks the deadline itself.
 */
const JOB_BATCH = 256;

/** How long the pump may run guest jobs before letting host events (abort signals, timers) in. */
const SLICE_MS = 20;

/**
 * Runs until the top-level promise has settled and no host call started by the code is still
 * pending (an un-awaited `final_answer(x)` must still be recorded), or until the execution is told
 * to stop. Returns true when the code is stuck: its promise is pending and nothing is left that
 * could ever settle it (the guest has no timers, so only host calls can).
 */
export async function pump(realm: Realm, execution: Execution, promise: QuickJSHandle): Promise<boolean> {
  const { runtime } = realm;
  let sliceStart = Date.now();
  for (;;) {
    deliver(realm, execution);
    while (runtime.hasPendingJob()) {
      if (execution.shouldStop()) return false;
      const result = runtime.executePendingJobs(JOB_BATCH);
      // A job fails only when it was interrupted or the VM ran short of memory; shouldStop says which.
      if (result.error) result.error.dispose();
      if (execution.shouldStop()) return false;
      if (Date.now() - sliceStart >= SLICE_MS) {
        await nextTask();
        sliceStart = Date.now();
        deliver(realm, execution);
      }
    }
    if (execution.shouldStop()) return false;
    const state = promiseState(realm, promise);
    if (state === "rejected") return false;
    if (state === "fulfilled" && execution.pending.size === 0) return false;
    if (execution.settled.length > 0) continue;
    if (state === "pending" && execution.pending.size === 0) return true;
    await execution.wait();
    sliceStart = Date.now();
  }
}

/** How long a stopped execution may take to wind down the guest jobs it left queued. */
const DRAIN_MS = 250;

/**
 * Empties the job queue after a stop, so no code of this execution runs during the next one.
 * The interrupt handler keeps firing, so each job is cut short at QuickJS's next interrupt check,
 * which ends the async function it belongs to. Returns false when jobs are still queued after the
 * budget: the session's state can no longer be trusted.
 */
export function drain(realm: Realm): boolean {
  const { runtime } = realm;
  const started = Date.now();
  while (runtime.hasPendingJob()) {
    if (Date.now() - started > DRAIN_MS) return false;
    const result = runtime.executePendingJobs(JOB_BATCH);
    if (result.error) result.error.dispose();
  }
  return true;
}

/** Settles the guest promises of host calls that have finished on the host. */
function deliver(realm: Realm, execution: Execution): void {
  for (const call of execution.settled.splice(0)) {
    execution.pending.delete(call);
    if (!call.deferred.alive || !call.outcome) continue;
    if (!call.outcome.ok) {
      realm.reject(call.deferred, call.outcome.error);
      continue;
    }
    try {
      realm.fulfil(call.deferred, call.outcome.value);
    } catch (error) {
      // A result that cannot be copied (a throwing getter, say) rejects the call; a VM failure rethrows.
      if (!call.deferred.alive) throw error;
      realm.reject(call.deferred, error);
    }
  }
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
