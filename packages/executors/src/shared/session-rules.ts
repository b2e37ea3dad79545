/** What every session of this package does the same way, wherever its code runs. */

/** Runs work one piece at a time, in order; a failed piece does not stop the next. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const task = this.tail.then(work);
    this.tail = task.catch(() => undefined);
    return task;
  }

  /** Settles once everything queued so far has. */
  idle(): Promise<unknown> {
    return this.tail;
  }
}

/** Refuses a global that has the name of a bound function: one of them would be lost. */
export function checkGlobalNames(
  functions: { has(name: string): boolean },
  globals: Record<string, unknown>,
): void {
  for (const name of Object.keys(globals)) {
    if (functions.has(name)) throw new TypeError(`"${name}" is given both as a function and as a global.`);
  }
}
