/**
 * The sandbox protocol as line-delimited JSON over a process's stdin and stdout, wherever the
 * process runs: a child of this one, or a command in an E2B sandbox.
 */
import type { ChannelListener, SandboxChannel, SandboxLoss } from "../protocol/channel.js";
import type { HostMessage } from "../protocol/messages.js";

/** What the channel needs of a process: writing a line, hearing its output and its end, killing it. */
export type LineTransport = {
  /** Writes one line (without its newline) to the process's stdin. */
  write(line: string): void;
  /** Calls `listener` with each chunk of the process's stdout. */
  onOutput(listener: (chunk: string) => void): void;
  /** Calls `listener` once when the process ends by itself, with what is known of why. */
  onExit(listener: (detail: string) => void): void;
  /** Ends the process by force. */
  kill(): void;
  /** The session closed: the process should end by itself, and is ended if it does not. */
  close?(): void;
  /** Keeps the host process alive while work is in flight, or lets it exit. */
  hold?(active: boolean): void;
};

/** How a JSON-lines channel judges its peer, and what it is called in errors. */
export type JsonLinesOptions = {
  label: string;
  /** The longest line accepted; a longer one ends the session as a protocol violation. */
  maxLineChars: number;
  /** See `SandboxChannel.overdueMs`. */
  overdueMs: number;
  /** See `SandboxChannel.abortGraceMs`. */
  abortGraceMs: number;
};

/** One session's channel to a process that speaks the protocol as JSON lines. */
export class JsonLinesChannel implements SandboxChannel {
  readonly label: string;
  readonly overdueMs: number;
  readonly abortGraceMs: number;
  #listener: ChannelListener | undefined;
  #gone = false;
  #buffer = "";

  constructor(
    private readonly transport: LineTransport,
    private readonly options: JsonLinesOptions,
  ) {
    this.label = options.label;
    this.overdueMs = options.overdueMs;
    this.abortGraceMs = options.abortGraceMs;
    transport.onOutput((chunk) => this.#read(chunk));
    transport.onExit((detail) => this.#lose({ type: "crashed", culprit: false, detail }));
  }

  send(message: HostMessage): void {
    if (!this.#gone) this.transport.write(JSON.stringify(message));
  }

  listen(listener: ChannelListener): void {
    this.#listener = listener;
  }

  hold(active: boolean): void {
    this.transport.hold?.(active);
  }

  kill(loss: Omit<SandboxLoss, "others">): void {
    if (this.#gone) return;
    // Told first: a transport that reports its end at once must not report it as a crash.
    this.#lose(loss);
    this.transport.kill();
  }

  close(): void {
    if (!this.#gone) this.transport.close?.();
    this.#gone = true;
    this.#listener = undefined;
  }

  /** Splits output into lines; each must be one JSON message, and none may be too long. */
  #read(chunk: string): void {
    if (this.#gone) return;
    this.#buffer += chunk;
    // Lines are cut out by position and the rest kept once, not re-sliced after every line.
    let from = 0;
    for (let newline = this.#buffer.indexOf("\n"); newline !== -1 && !this.#gone; ) {
      this.#line(this.#buffer.slice(from, newline));
      from = newline + 1;
      newline = this.#buffer.indexOf("\n", from);
    }
    this.#buffer = this.#buffer.slice(from);
    if (this.#buffer.length > this.options.maxLineChars) this.#tooLong();
  }

  #line(line: string): void {
    if (line.trim() === "") return;
    if (line.length > this.options.maxLineChars) {
      this.#tooLong();
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.kill({ type: "violation", culprit: true, detail: "it sent a line that is not JSON" });
      return;
    }
    // The session checks the message itself before it uses it.
    this.#listener?.message(message);
  }

  #tooLong(): void {
    const detail = `it sent a line longer than ${this.options.maxLineChars} characters`;
    this.kill({ type: "violation", culprit: true, detail });
  }

  #lose(loss: Omit<SandboxLoss, "others">): void {
    if (this.#gone) return;
    this.#gone = true;
    const listener = this.#listener;
    this.#listener = undefined;
    listener?.lost({ ...loss, others: 0 });
  }
}
