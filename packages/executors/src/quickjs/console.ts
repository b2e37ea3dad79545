/** Collects one execution's console output, keeping at most a fixed number of characters. */
export class LogBuffer {
  private text = "";
  private lines = 0;
  private dropped = 0;

  constructor(private readonly maxChars: number) {}

  /** Adds the text of one console call. Past the limit, only the count of dropped characters grows. */
  append(line: string): void {
    const piece = this.lines++ > 0 ? `\n${line}` : line;
    const room = this.maxChars - this.text.length;
    if (piece.length <= room) {
      this.text += piece;
    } else {
      // Keep what still fits, so the output runs right up to the limit.
      this.text += piece.slice(0, Math.max(0, room));
      this.dropped += piece.length - Math.max(0, room);
    }
  }

  /** The output so far, with a marker saying how much was left out. */
  toString(): string {
    return this.dropped > 0
      ? `${this.text}\n... [logs truncated: ${this.dropped} more characters]`
      : this.text;
  }
}
