/**
 * A journaled run's memory of what it saw: it answers model calls and tool calls from the
 * journal while the journal has them (a resumed run), and appends what it sees live.
 */
import { CodeActError } from "../errors/codeact-error.js";
import { ToolError } from "../errors/tool-error.js";
import type { ModelResponse } from "../model.js";
import type { JournalEntry, RunJournal } from "../run/journal.js";
import type { PendingApproval } from "../run/run-result.js";
import type { ApprovalHandler } from "../tool/call-tool.js";

type CallEntry = Extract<JournalEntry, { type: "call" }>;
type PinEntry = Extract<JournalEntry, { type: "pin" }>;
type StepEntry = Extract<JournalEntry, { type: "step" }>;
type ErrorFields = { name: string; message: string; code?: string };
/** One step's outcome as an engine keeps it: a failure is kept too, so it is not retried. */
type StepOutcome = { ok: true; value?: unknown } | { ok: false; error: ErrorFields };

/** The recorder of one journaled run. */
export class RunRecorder {
  readonly #models: JournalEntry[];
  readonly #calls = new Map<string, CallEntry>();
  readonly #callCounts = new Map<number, number>();
  readonly #pins = new Map<number, PinEntry>();
  readonly #approvals = new Map<string, boolean>();
  readonly #outcomes = new Map<number, StepEntry>();
  #modelIndex = 0;
  /** Set when the code asked for another call than the journal recorded: the run must stop. */
  diverged?: CodeActError;
  /** Set when the approver answered "suspend": the run stops, waiting for `pendingApproval`. */
  suspended?: CodeActError;
  pendingApproval?: PendingApproval;

  constructor(
    readonly journal: RunJournal,
    readonly runId: string,
    recorded: readonly JournalEntry[] = [],
    /** Decisions given to `resume`, by call key. */
    private readonly decisions: Record<string, boolean> = {},
  ) {
    this.#models = recorded.filter((entry) => entry.type === "model");
    for (const entry of recorded) {
      if (entry.type === "call") this.#calls.set(`${entry.step}:${entry.index}`, entry);
      if (entry.type === "pin") this.#pins.set(entry.step, entry);
      if (entry.type === "approval") this.#approvals.set(`${entry.step}:${entry.index}`, entry.approved);
      if (entry.type === "step") this.#outcomes.set(entry.step, entry);
    }
  }

  /**
   * Journals what a step showed the model and what its code produced, or, replaying, returns
   * the recorded observation after checking the code produced the same: code whose result
   * depends on something the journal does not keep diverges here, even with the same calls.
   */
  async outcome(step: number, observation: string, produced?: string): Promise<string> {
    const live = { observation, ...(produced !== undefined && { produced }) };
    const recorded = this.journal.step
      ? await this.#step(`step ${step}`, async () => live)
      : this.#outcomes.get(step);
    if (!recorded) {
      await this.append({ type: "step", step, ...live });
      return observation;
    }
    if (recorded.produced === undefined || produced === undefined || recorded.produced === produced)
      return recorded.observation;
    const at = firstDifference(recorded.produced, produced);
    const near = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 20), at + 40));
    this.diverged ??= new CodeActError({
      code: "journal_diverged",
      message: `Replaying run ${this.runId} diverged at step ${step}: its code produced ${near(produced)}, but the journal recorded ${near(recorded.produced)}. Replay needs the code's results to depend only on what the journal keeps (tool results, the pinned clock and random numbers).`,
    });
    throw this.diverged;
  }

  /** Whether any approval is decided already: in the journal, or given to `resume`. */
  get hasDecisions(): boolean {
    return this.#approvals.size > 0 || Object.keys(this.decisions).length > 0;
  }

  /**
   * `ask`, journaled: a recorded decision, or one given to `resume`, is used without asking;
   * a live one is journaled first. `"suspend"` stops the run, waiting for the decision.
   */
  approver(at: { step: number; index: number; key: string }, ask: ApprovalHandler): ApprovalHandler {
    const { step, awaitApproval } = this.journal;
    if (step) {
      // The engine keeps the approver's answer; "suspend" waits for a decision it keeps too.
      return async (call, options) => {
        const name = `approval ${at.step}.${at.index}`;
        const decision = await this.#step(name, async () => ask(call, options));
        if (decision !== "suspend" || !awaitApproval) return decision;
        const approval = { key: at.key, name: call.name, input: plain(call.input) };
        return (await awaitApproval.call(this.journal, name, approval)) === true;
      };
    }
    return async (call, options) => {
      const known = `${at.step}:${at.index}`;
      const recorded = this.#approvals.get(known);
      if (recorded !== undefined) return recorded;
      const decision = this.decisions[at.key] ?? (await ask(call, options));
      if (decision === "suspend") {
        this.pendingApproval = { key: at.key, name: call.name, input: plain(call.input) };
        this.suspended ??= new CodeActError({
          code: "approval_pending",
          message: `Run ${this.runId} is waiting for approval of ${call.name} (call ${at.key}). Resume it with agent.resume("${this.runId}", { journal, approvals: { "${at.key}": true } }), or false to deny the call.`,
        });
        throw this.suspended;
      }
      await this.append({ type: "approval", step: at.step, index: at.index, approved: decision === true });
      this.#approvals.set(known, decision === true);
      return decision === true;
    };
  }

  /** Where the sandbox's clock and random numbers start in `step`: as recorded, or now, journaled first. */
  async pin(step: number): Promise<{ now: number; seed: number }> {
    const live = () => ({ now: Date.now(), seed: randomSeed() });
    if (this.journal.step) return this.#step(`pin ${step}`, async () => live());
    const recorded = this.#pins.get(step);
    if (recorded) return { now: recorded.now, seed: recorded.seed };
    const entry: PinEntry = { type: "pin", step, ...live() };
    await this.append(entry);
    this.#pins.set(step, entry);
    return { now: entry.now, seed: entry.seed };
  }

  append(entry: JournalEntry): Promise<void> {
    return this.journal.append(this.runId, entry);
  }

  /** The next model response: the recorded one, or `produce`'s, journaled before it is used. */
  async model(
    produce: () => Promise<ModelResponse>,
  ): Promise<{ response: ModelResponse; replayed: boolean }> {
    const index = this.#modelIndex++;
    if (this.journal.step) return { response: await this.#step(`model ${index}`, produce), replayed: false };
    const recorded = this.#models[index];
    if (recorded?.type === "model") return { response: recorded.response, replayed: true };
    const response = await produce();
    await this.append({ type: "model", index, response: plain(response) as ModelResponse });
    return { response, replayed: false };
  }

  /**
   * `produce` as one step of an engine that replays steps itself. A live failure is rethrown as
   * it was; a recorded one, on replay, as `rebuild` makes it.
   */
  async #step<T>(
    name: string,
    produce: () => Promise<T>,
    rebuild: (error: ErrorFields) => Error = (error) => Object.assign(new Error(error.message), error),
  ): Promise<T> {
    let thrown: { error: unknown } | undefined;
    const outcome = await this.journal.step!(name, async (): Promise<StepOutcome> => {
      try {
        const value = plain(await produce());
        return value === undefined ? { ok: true } : { ok: true, value };
      } catch (error) {
        thrown = { error };
        return { ok: false, error: errorFields(error) };
      }
    });
    if (outcome.ok) return outcome.value as T;
    throw thrown ? thrown.error : rebuild(outcome.error);
  }

  /** The key of the next call of `step`: the same on every replay of the same code. */
  nextCall(step: number): { index: number; key: string } {
    const index = this.#callCounts.get(step) ?? 0;
    this.#callCounts.set(step, index + 1);
    return { index, key: `${this.runId}:${step}:${index}` };
  }

  /**
   * The call's outcome: the recorded one, so that no completed call runs twice, or `produce`'s,
   * journaled before the code sees it. A call that was aborted is not journaled: it runs again.
   */
  async call(
    at: { step: number; index: number },
    name: string,
    input: unknown,
    produce: () => Promise<unknown>,
    aborted: () => boolean,
  ): Promise<unknown> {
    // Once the run is stopping, the code it still runs starts nothing.
    const stopping = this.diverged ?? this.suspended;
    if (stopping) throw stopping;
    if (this.journal.step) {
      return this.#step(`call ${at.step}.${at.index} ${name}`, produce, (error) => toolError(name, error));
    }
    const recorded = this.#calls.get(`${at.step}:${at.index}`);
    if (recorded) {
      if (recorded.name !== name || JSON.stringify(recorded.input) !== JSON.stringify(plain(input))) {
        this.diverged ??= new CodeActError({
          code: "journal_diverged",
          message: `Replaying run ${this.runId} diverged at step ${at.step}: call ${at.index + 1} of the step was ${name}(${JSON.stringify(input)}), but the journal recorded ${recorded.name}(${JSON.stringify(recorded.input)}). Replay needs the code to make the same calls in the same order.`,
        });
        throw this.diverged;
      }
      if (recorded.error) throw toolError(name, recorded.error);
      return recorded.output;
    }
    const entry: CallEntry = { type: "call", ...at, name, input: plain(input) };
    try {
      const output = await produce();
      await this.append({ ...entry, ...(output !== undefined && { output: plain(output) }) });
      return output;
    } catch (error) {
      // A call stopped by the run's abort or suspension has no outcome: it runs again on resume.
      if (!aborted() && !this.suspended) await this.append({ ...entry, error: errorFields(error) });
      throw error;
    }
  }
}

/** Where two texts first differ. */
function firstDifference(a: string, b: string): number {
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return at;
}

/** A recorded tool failure, thrown again as the tool's error. */
function toolError(toolName: string, { name, message, code }: ErrorFields): ToolError {
  return Object.assign(new ToolError({ toolName, message, ...(code && { code }) }), { name });
}

/** The fields of an error a journal keeps. */
function errorFields(error: unknown): ErrorFields {
  const { name = "Error", message = String(error), code } = (error ?? {}) as Partial<ErrorFields>;
  return { name: String(name), message: String(message), ...(typeof code === "string" && { code }) };
}

/** A non-zero 32-bit seed: the sequence it starts never reaches zero. */
function randomSeed(): number {
  return Math.floor(Math.random() * 0xffffffff) + 1;
}

/** A JSON copy: what a journal keeps of a value. */
function plain(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}
