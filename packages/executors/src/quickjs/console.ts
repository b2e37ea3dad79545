/** Collects one execution's console output, keeping at most a fixed number of characters. */
export class LogBuffer {
  private text = "";
  private lines = 0;
  private dropped = 0;

  constructor(private readonly maxChars: number) {}

  /**
   * Adds the text of one console call. `size` is the call's full length when the guest already
   * cut `line` short, so the marker still counts every character left out.
   */
  append(line: string, size = line.length): void {
    const separator = this.lines++ > 0 ? 1 : 0;
    const room = Math.max(0, this.maxChars - this.text.length);
    const piece = separator ? `\n${line}` : line;
    const kept = piece.slice(0, room);
    // Keep what still fits, so the output runs right up to the limit.
    this.text += kept;
    this.dropped += separator + size - kept.length;
  }

  /** The output so far, with a marker saying how much was left out. */
  toString(): string {
    return this.dropped > 0
      ? `${this.text}\n... [logs truncated: ${this.dropped} more characters]`
      : this.text;
  }
}
