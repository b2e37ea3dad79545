/**
 * Reads and writes three private fields of QuickJS's `JSRuntime` in the sandbox's memory: the
 * stack limit (to give nesting-heavy builtins a smaller stack than plain calls) and the job list
 * (to count pending promise jobs, which QuickJS's API cannot). The fields' offsets are not
 * hard-coded: they are found once per process by changing each field through the public API and
 * watching which word changes, and checked again for every runtime.
 */
import type { QuickJSContext, QuickJSRuntime } from "quickjs-emscripten-core";

/** Byte offsets inside `JSRuntime`: `stack_size`, followed by `stack_top` and `stack_limit`; `job_list`. */
type Offsets = { stackSize: number; jobList: number };

/** How much of the struct the probe looks at; the fields sit in its first few hundred bytes. */
const PROBE_WORDS = 256;

let offsets: Offsets | null | undefined;

/** The fields of one runtime, or `undefined` when the probe could not find them. */
export class RuntimeFields {
  private view: DataView;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly rt: number,
    private readonly at: Offsets,
  ) {
    this.view = new DataView(memory.buffer);
  }

  /**
   * Finds the fields of `runtime` (created in `memory`, with no context code run yet). `context`
   * is used to queue one job while probing and is left as it was.
   */
  static probe(
    memory: WebAssembly.Memory,
    runtime: QuickJSRuntime,
    context: QuickJSContext,
    stackSizeBytes: number,
  ): RuntimeFields | undefined {
    // The runtime's address is a protected field of the library's wrapper: read it all the same.
    const rt = (runtime as unknown as { rt: { value: number } }).rt.value;
    offsets ??= discover(memory, runtime, context, rt, stackSizeBytes);
    runtime.setMaxStackSize(stackSizeBytes);
    if (!offsets) return undefined;
    const fields = new RuntimeFields(memory, rt, offsets);
    // The offsets belong to the build, not the runtime; a cheap check guards against surprises.
    const valid =
      fields.word(offsets.stackSize) === stackSizeBytes &&
      fields.stackLimit === fields.stackTop - stackSizeBytes &&
      fields.countJobs(1) === 0;
    return valid ? fields : undefined;
  }

  /** The C stack address QuickJS measured from when the runtime was created. */
  get stackTop(): number {
    return this.word(this.at.stackSize + 4);
  }

  /** The lowest C stack address QuickJS lets code reach before it throws "stack overflow". */
  get stackLimit(): number {
    return this.word(this.at.stackSize + 8);
  }

  set stackLimit(address: number) {
    this.buffer().setUint32(this.rt + this.at.stackSize + 8, address, true);
  }

  /** The number of queued promise jobs, counted up to `max + 1` so the walk stays cheap. */
  countJobs(max: number): number {
    const head = this.rt + this.at.jobList;
    let node = this.buffer().getUint32(head + 4, true);
    let count = 0;
    while (node !== head && count <= max) {
      count++;
      node = this.buffer().getUint32(node + 4, true);
    }
    return count;
  }

  private word(offset: number): number {
    return this.buffer().getUint32(this.rt + offset, true);
  }

  /** Growing the memory replaces its buffer, so the view is renewed when that happened. */
  private buffer(): DataView {
    if (this.view.buffer !== this.memory.buffer) this.view = new DataView(this.memory.buffer);
    return this.view;
  }
}

function discover(
  memory: WebAssembly.Memory,
  runtime: QuickJSRuntime,
  context: QuickJSContext,
  rt: number,
  stackSizeBytes: number,
): Offsets | null {
  const snapshot = () => Array.from(new Uint32Array(memory.buffer, rt, PROBE_WORDS));
  // stack_size: the word that follows two distinct values passed to setMaxStackSize; stack_top
  // and stack_limit come right after it, and limit = top - size.
  const sizes = [stackSizeBytes + 4096, stackSizeBytes + 8192] as const;
  runtime.setMaxStackSize(sizes[0]);
  const first = snapshot();
  runtime.setMaxStackSize(sizes[1]);
  const second = snapshot();
  const index = first.findIndex(
    (word, i) =>
      word === sizes[0] &&
      second[i] === sizes[1] &&
      first[i + 2] === (first[i + 1] ?? 0) - sizes[0] &&
      second[i + 2] === (second[i + 1] ?? 0) - sizes[1],
  );
  if (index < 0) return null;
  // job_list: the empty list head (pointing at itself) that stops being empty when a job is queued.
  const isEmptyList = (words: number[], i: number) => words[i] === rt + i * 4 && words[i + 1] === rt + i * 4;
  const lists = second.flatMap((_, i) => (isEmptyList(second, i) ? [i] : []));
  const queued = context.evalCode("Promise.resolve().then(() => {})");
  (queued.error ?? queued.value)?.dispose();
  const withJob = snapshot();
  const jobList = lists.filter((i) => !isEmptyList(withJob, i));
  const drained = runtime.executePendingJobs();
  if (drained.error) drained.error.dispose();
  const after = snapshot();
  if (queued.error || jobList.length !== 1 || !isEmptyList(after, jobList[0]!)) return null;
  return { stackSize: index * 4, jobList: jobList[0]! * 4 };
}
