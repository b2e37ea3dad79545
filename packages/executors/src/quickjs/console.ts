/** Collects one execution's console output, keeping its head and its tail within a fixed size. */

/**
 * The log of one execute. The first half of `maxChars` keeps the start of the output and the
 * second half its end (where totals and errors are), around one marker line saying exactly how
 * many characters were left out; surrogate pairs are never split. Only the tail's window is
 * held, so a flood of output costs no more memory than `maxChars`.
 */
export class LogBuffer {
  private head = "";
  private tail = "";
  private total = 0;
  private lines = 0;
  /** Set once the head is full or a gap was cut: later text can only go to the tail. */
  private headDone = false;
  private readonly headMax: number;
  private readonly tailMax: number;

  constructor(maxChars: number) {
    this.headMax = Math.ceil(maxChars / 2);
    this.tailMax = Math.floor(maxChars / 2);
  }

  /**
   * Adds the text of one console call. When the guest already cut the call short, `size` is its
   * full length and the missing characters were taken out at `cutAt`.
   */
  append(line: string, size = line.length, cutAt = line.length): void {
    this.add(`${this.lines++ > 0 ? "\n" : ""}${line.slice(0, cutAt)}`);
    if (size > line.length) {
      // A gap: what came before it can no longer be part of a tail that runs to the end.
      this.total += size - line.length;
      this.headDone = true;
      this.tail = "";
    }
    this.add(line.slice(cutAt));
  }

  /** The output, with one marker where characters were left out. */
  toString(): string {
    const cut = this.total - this.head.length - this.tail.length;
    return cut === 0
      ? this.head + this.tail
      : `${this.head}\n... [${cut} characters truncated] ...\n${this.tail}`;
  }

  private add(text: string): void {
    this.total += text.length;
    if (!this.headDone) {
      const take = pairSafeEnd(text, Math.min(this.headMax - this.head.length, text.length));
      this.head += text.slice(0, take);
      if (take === text.length) return;
      this.headDone = true;
      text = text.slice(take);
    }
    const joined = this.tail + text;
    this.tail =
      joined.length <= this.tailMax
        ? joined
        : joined.slice(pairSafeStart(joined, joined.length - this.tailMax));
  }
}

/** `end`, or one less when cutting there would split a surrogate pair. */
export function pairSafeEnd(text: string, end: number): number {
  const code = text.charCodeAt(end - 1);
  return end > 0 && end < text.length && code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
}

/** `start`, or one more when starting there would split a surrogate pair. */
export function pairSafeStart(text: string, start: number): number {
  const code = text.charCodeAt(start);
  return start > 0 && code >= 0xdc00 && code <= 0xdfff ? start + 1 : start;
}
