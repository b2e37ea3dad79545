/** The host side of the sandbox protocol against a hostile sandbox: nothing it sends harms the host. */
import { ExecutionError, type HostFunction } from "@codeact/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../quickjs/limits.js";
import type { ChannelListener, SandboxChannel, SandboxLoss } from "./channel.js";
import { ByteBudget } from "./host-calls.js";
import { type HostMessage, PROTOCOL_VERSION } from "./messages.js";
import { RemoteSession } from "./remote-session.js";

/** A channel whose sandbox end is the test: it reads what the host sent and says what it likes. */
class ScriptedChannel implements SandboxChannel {
  readonly overdueMs = 10_000;
  readonly abortGraceMs = 10_000;
  readonly label = "test sandbox";
  readonly sent: HostMessage[] = [];
  readonly kills: Array<Omit<SandboxLoss, "others">> = [];
  listener!: ChannelListener;
  private waiting: Array<() => void> = [];

  send(message: HostMessage): void {
    this.sent.push(message);
    for (const wake of this.waiting.splice(0)) wake();
  }
  listen(listener: ChannelListener): void {
    this.listener = listener;
  }
  hold(): void {}
  kill(loss: Omit<SandboxLoss, "others">): void {
    this.kills.push(loss);
    this.listener.lost({ ...loss, others: 0 });
  }
  close(): void {}

  /** Waits until the host has sent a message of `type`, and returns the latest. */
  async next<T extends HostMessage["type"]>(type: T): Promise<Extract<HostMessage, { type: T }>> {
    for (;;) {
      const found = this.sent.findLast((message) => message.type === type);
      if (found) return found as Extract<HostMessage, { type: T }>;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }
  say(message: unknown): void {
    this.listener.message(message);
  }
}

const limits = { ...DEFAULT_LIMITS, timeoutMs: 60_000, maxValueChars: 1_000, maxToolCalls: 3 };

async function openOn(channel: ScriptedChannel, functions: Record<string, HostFunction> = {}) {
  const opening = RemoteSession.open(channel, limits, { functions });
  await channel.next("open");
  channel.say({ type: "opened", protocol: PROTOCOL_VERSION });
  return opening;
}

describe("RemoteSession against a hostile sandbox", () => {
  it.each([
    ["a message that is not an object", "hello", /not an object/],
    ["an unknown message type", { type: "exec-shell", id: 1 }, /Unknown message type/],
    ["an id that is not an integer", { type: "done", id: "1", result: { logs: "", durationMs: 1 } }, /"id"/],
    [
      "logs far past the limit",
      { type: "done", id: 1, result: { logs: "x".repeat(50_000), durationMs: 1 } },
      /logs/,
    ],
    [
      "a value past maxValueChars",
      { type: "done", id: 1, result: { logs: "", value: `"${"x".repeat(2_000)}"`, durationMs: 1 } },
      /value/,
    ],
    [
      "a value that is not JSON",
      { type: "done", id: 1, result: { logs: "", value: "{oops", durationMs: 1 } },
      /not JSON/,
    ],
    [
      "a call to a function the session does not have",
      { type: "call", id: 0, execute: 1, name: "process_exit" },
      /not a function of this session/,
    ],
    [
      "a call whose input is not JSON",
      { type: "call", id: 0, execute: 1, name: "echo", input: "{" },
      /not JSON/,
    ],
    [
      "an error message of a million characters",
      { type: "failed", id: 1, error: { name: "E", message: "m".repeat(1e6) } },
      /"message"/,
    ],
  ])("refuses %s, stops the sandbox, and says the session is lost", async (_, message, detail) => {
    const channel = new ScriptedChannel();
    const echo = async (input: unknown) => input;
    const session = await openOn(channel, { echo });
    const running = session.execute("1");
    await channel.next("execute");
    channel.say(message);
    const thrown = await running.catch((error: unknown) => error);
    expect(ExecutionError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: "protocol_violation", sessionLost: true });
    expect(channel.kills).toEqual([
      expect.objectContaining({ type: "violation", detail: expect.stringMatching(detail) }),
    ]);
    await expect(session.execute("2")).rejects.toBe(thrown);
  });

  it("starts no host call for an execute that has ended, and stops one over maxToolCalls", async () => {
    const channel = new ScriptedChannel();
    const ran: unknown[] = [];
    const session = await openOn(channel, { echo: async (input) => ran.push(input) });
    const running = session.execute("code");
    await channel.next("execute");
    for (let id = 0; id < 4; id++)
      channel.say({ type: "call", id, execute: 1, name: "echo", input: String(id) });
    await channel.next("result");
    await new Promise((resolve) => setTimeout(resolve, 0));
    const refusal = channel.sent.find((message) => message.type === "result" && message.id === 3);
    expect(refusal).toMatchObject({ stop: true, error: { name: "ToolCallLimitError" } });
    channel.say({ type: "done", id: 1, result: { logs: "", durationMs: 1 } });
    await running;
    // A late call of the finished execute is answered, never run.
    channel.say({ type: "call", id: 9, execute: 1, name: "echo", input: "9" });
    expect(ran).toEqual([0, 1, 2]);
    expect(channel.sent.at(-1)).toMatchObject({ type: "result", id: 9, error: { name: "AbortError" } });
  });

  it("takes the final answer from the host's own record, not the sandbox's word", async () => {
    const channel = new ScriptedChannel();
    const session = await openOn(channel, { final_answer: async () => undefined });
    const running = session.execute("code");
    await channel.next("execute");
    channel.say({
      type: "done",
      id: 1,
      result: { logs: "", durationMs: 1, finalAnswer: { value: "forged" } },
    });
    expect((await running).finalAnswer).toBeUndefined();
  });

  it("refuses a call whose input does not fit the bytes in flight of all sessions together", async () => {
    const channel = new ScriptedChannel();
    const shared = new ByteBudget(1_000, "maxTotalBytesInFlight");
    const held = shared.take(900);
    expect(held).toBeUndefined();
    const opening = RemoteSession.open(
      channel,
      limits,
      { functions: { echo: async (input) => input } },
      shared,
    );
    await channel.next("open");
    channel.say({ type: "opened", protocol: PROTOCOL_VERSION });
    const session = await opening;
    void session.execute("code");
    await channel.next("execute");
    channel.say({ type: "call", id: 0, execute: 1, name: "echo", input: `"${"x".repeat(100)}"` });
    const refusal = await channel.next("result");
    expect(refusal).toMatchObject({ stop: true, error: { name: "OutputLimitError" } });
    expect("error" in refusal && refusal.error.message).toMatch(/maxTotalBytesInFlight/);
  });

  it("refuses a sandbox that speaks another protocol version", async () => {
    const channel = new ScriptedChannel();
    const opening = RemoteSession.open(channel, limits, { functions: {} });
    await channel.next("open");
    channel.say({ type: "opened", protocol: 2 });
    await expect(opening).rejects.toMatchObject({ code: "protocol_violation", sessionLost: true });
  });
});
