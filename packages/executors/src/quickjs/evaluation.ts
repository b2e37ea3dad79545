/** Runs one piece of code in a realm and reads out what came of it: a value, a guest error, or a stop. */
import type { QuickJSHandle } from "quickjs-emscripten-core";
import type { Execution, StopReason } from "./execution.js";
import { stuckError } from "./failures.js";
import { type GuestError, guestError } from "./guest-errors.js";
import { withHandle } from "./handles.js";
import { memoryError, outputError } from "./limit-errors.js";
import { pump } from "./pump.js";
import { type Copied, type GuestErrorInfo, GuestHelperError, type Realm } from "./realm.js";

/** What an evaluation came to. */
export type Outcome = { value?: unknown; error?: GuestError } | { stopped: StopReason };

/** How long a stopped execution may take to wind down the guest jobs it left queued. */
const DRAIN_MS = 250;

/**
 * Evaluates `code` as the execution's code. Throws only when the session cannot go on: the VM
 * failed (an exception escaped it) or a stopped execution left work that would not wind down.
 */
export async function evaluate(
  realm: Realm,
  execution: Execution,
  code: string,
  filename: string,
): Promise<Outcome> {
  const reader = new OutcomeReader(realm, execution, filename);
  const syntaxError = realm.checkSyntax(code, filename);
  if (syntaxError) {
    const outcome = withHandle(syntaxError, (error) => reader.guard(() => reader.error(error)));
    // Too full to even parse the code: nothing the model writes can free memory any more.
    if ("error" in outcome && outcome.error?.name === "MemoryLimitError") {
      throw memoryError(execution.limits, { sessionLost: true });
    }
    return outcome;
  }
  const evaluated = realm.evaluate(code, filename);
  if (evaluated.error) {
    // An error while instantiating the code, a synchronous throw, or an
    // interrupt before the first await.
    const thrown = withHandle(evaluated.error, (error) =>
      execution.stopReason ? undefined : reader.guard(() => reader.error(error)),
    );
    if (!thrown || "stopped" in thrown) return finish(execution, thrown ?? reader.stopped());
    // Jobs the code queued before it threw still run, as they would after a script error.
    const end = await pump(realm, execution, realm.context.undefined);
    return finish(execution, end === "stopped" ? reader.stopped() : thrown);
  }
  const promise = evaluated.value;
  try {
    const end = await pump(realm, execution, promise);
    execution.closed = true;
    if (end === "stopped") return reader.stopped();
    if (end === "stuck") {
      return {
        error: {
          name: "Error",
          message: "The code awaits a promise that nothing can settle: no host function call is pending.",
        },
      };
    }
    const outcome = reader.guard(() => reader.settle(promise));
    // Jobs queued by getters or toJSON while the value was read belong to no execute.
    if (realm.runtime.hasPendingJob()) {
      execution.windDown();
      if (!realm.drain(DRAIN_MS)) throw stuckError(execution.limits, undefined);
    }
    return outcome;
  } finally {
    promise.dispose();
  }
}

function finish(execution: Execution, outcome: Outcome): Outcome {
  execution.closed = true;
  return outcome;
}

/** Reads the outcome out of the guest, which runs guest code (getters, `toJSON`) under the deadline. */
class OutcomeReader {
  constructor(
    private readonly realm: Realm,
    private readonly execution: Execution,
    private readonly filename: string,
  ) {}

  /** The value of the last expression statement, or what the code threw, or a rejection nobody handled. */
  settle(promise: QuickJSHandle): Outcome {
    const { context } = this.realm;
    const state = context.getPromiseState(promise);
    if (state.type === "rejected") return withHandle(state.error, (error) => this.error(error));
    if (state.type === "pending") return this.lost({});
    const outcome = withHandle(state.value, (completion) =>
      withHandle(context.getProp(completion, "value"), (value) => {
        // A promise is shown as one, in the state the code left it in: a missing `await` shows.
        const inner = context.getPromiseState(value);
        if (inner.type === "fulfilled" && inner.notAPromise) return this.value(value);
        if (inner.type === "fulfilled") inner.value.dispose();
        if (inner.type === "rejected") inner.error.dispose();
        return { value: `Promise { <${this.execution.promiseAtEnd ?? inner.type}> }` };
      }),
    );
    return this.lost(outcome);
  }

  error(handle: QuickJSHandle): Outcome {
    return { error: this.toResultError(this.realm.describeError(handle)) };
  }

  /** The outcome of a stopped execution, once the guest jobs it left queued are wound down. */
  stopped(): Outcome {
    const reason = this.execution.stopReason!;
    if (reason.type !== "disposed" && !this.realm.drain(DRAIN_MS)) {
      throw stuckError(this.execution.limits, reason.type === "limit" ? reason.error : undefined);
    }
    return { stopped: reason };
  }

  /** Runs a read that calls guest helpers; one cut short by a stop or by memory reports that. */
  guard(read: () => Outcome): Outcome {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof GuestHelperError)) throw error;
      if (this.execution.shouldStop()) return this.stopped();
      if (this.execution.memoryExhausted)
        return { error: this.limitResult(memoryError(this.execution.limits)) };
      return { error: { name: "InternalError", message: error.message } };
    }
  }

  private value(handle: QuickJSHandle): Outcome {
    const copied: Copied = this.realm.toHost(handle);
    if ("value" in copied) return { value: copied.value };
    const what = "The value of the last expression";
    return { error: this.limitResult(outputError(this.execution.limits, what, copied.tooLarge)) };
  }

  /** Adds the first rejection nobody handled, when the code itself did not fail. */
  private lost(outcome: Outcome): Outcome {
    if (!this.execution.mayHaveLost) return outcome;
    this.execution.mayHaveLost = false;
    const lost = this.realm.takeLost();
    if (!lost || "stopped" in outcome || outcome.error) return outcome;
    return { ...outcome, error: this.toResultError(lost) };
  }

  private toResultError(info: GuestErrorInfo): GuestError {
    return guestError(info, {
      filename: this.filename,
      limits: this.execution.limits,
      memoryExhausted: this.execution.memoryExhausted,
    });
  }

  private limitResult(error: Error): GuestError {
    return { name: error.name, message: error.message };
  }
}
