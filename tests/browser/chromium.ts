/** Headless Chromium driven over the DevTools protocol on a pipe: no port, no extra dependency. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** Where Debian's `chromium` package puts its launcher; `CHROMIUM_PATH` overrides it. */
const DEFAULT_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/**
 * The Chromium to test with: `CHROMIUM_PATH` when set (it must exist: a wrong path fails instead
 * of skipping), otherwise Debian's, otherwise `undefined`.
 */
export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist.`);
    return configured;
  }
  return DEFAULT_PATHS.find((path) => existsSync(path));
}

type Message = { id?: number; method?: string; params?: Record<string, unknown>; sessionId?: string };
type Reply = Message & { result?: Record<string, unknown>; error?: { message: string } };

/** One browser process and the protocol connection to it. */
export class Chromium {
  private nextId = 0;
  private readonly replies = new Map<number, (reply: Reply) => void>();
  private readonly listeners = new Set<(event: Message) => void>();
  private readonly exited: Promise<void>;
  private stderr = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const stderr = child.stdio[2] as Readable;
    const fromBrowser = child.stdio[4] as Readable;
    stderr.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4_000);
    });
    let buffered = "";
    fromBrowser.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      let end = buffered.indexOf("\0");
      while (end !== -1) {
        this.receive(JSON.parse(buffered.slice(0, end)) as Reply);
        buffered = buffered.slice(end + 1);
        end = buffered.indexOf("\0");
      }
    });
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    this.exited.then(() => {
      for (const settle of this.replies.values()) {
        settle({ error: { message: `Chromium exited. Its stderr ends with:\n${this.stderr}` } });
      }
      this.replies.clear();
    });
  }

  /** Starts `executable` headless with a fresh profile, on about:blank. */
  static async launch(executable: string): Promise<Chromium> {
    const profile = await mkdtemp(join(tmpdir(), "codeact-chromium-"));
    const child = spawn(
      executable,
      [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--remote-debugging-pipe",
        `--user-data-dir=${profile}`,
        "about:blank",
      ],
      // The protocol runs over fd 3 (commands in) and fd 4 (replies and events out).
      { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
    );
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    return new Chromium(child, profile);
  }

  /** Sends one protocol command (to a page when `sessionId` is given) and resolves to its result. */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string) {
    const id = ++this.nextId;
    const reply = new Promise<Record<string, unknown>>((resolve, reject) => {
      this.replies.set(id, (message) =>
        message.error
          ? reject(new Error(`${method}: ${message.error.message}`))
          : resolve(message.result ?? {}),
      );
    });
    const toBrowser = this.child.stdio[3] as Writable;
    toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    return reply;
  }

  /** Calls `listener` with every protocol event until the returned function is called. */
  onEvent(listener: (event: Message) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The browser's product string, such as `HeadlessChrome/150.0.7871.100`. */
  async version(): Promise<string> {
    return String((await this.send("Browser.getVersion")).product);
  }

  /** Closes the browser, waits for its process to end and deletes its profile. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await Promise.race([this.send("Browser.close").catch(() => {}), this.exited]);
      await this.exited;
    }
    await rm(this.profile, { recursive: true, force: true });
  }

  private receive(message: Reply) {
    if (message.id !== undefined) {
      this.replies.get(message.id)?.(message);
      this.replies.delete(message.id);
      return;
    }
    for (const listener of this.listeners) listener(message);
  }
}
