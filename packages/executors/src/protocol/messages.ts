/**
 * The sandbox protocol, version 1: the messages between the host and a sandbox that runs the
 * model's code somewhere else (a QuickJS worker thread today; the E2B runner and a child process
 * carry the same messages as JSON lines). One channel carries one session. Specified in
 * `docs/sandbox-protocol.md`. Every message is a plain JSON object; values travel as JSON text so
 * their size is known before they are parsed. The host trusts nothing the sandbox sends:
 * {@link readSandboxMessage} checks every field and every size first.
 */

/** The version both sides speak; a peer that says another is refused. */
export const PROTOCOL_VERSION = 1;

/** An error as it crosses: a name and a message, both plain strings. */
export type WireError = { name: string; message: string };

/** Messages the host sends to the sandbox. */
export type HostMessage =
  /** Opens the session: binds `functions` by name and sets `globals` (JSON text of an object). */
  | { type: "open"; protocol: number; functions: string[]; globals?: string }
  /** Runs code. One execute at a time per session: the host waits for `done` or `failed`. */
  | { type: "execute"; id: number; code: string }
  /**
   * The outcome of the host call `id`: its value as JSON text (absent for `undefined`), or an
   * error. With `stop`, the error is a limit the host enforced: the sandbox ends the execute with
   * it as the result's error, and the code cannot catch it.
   */
  | { type: "result"; id: number; value?: string }
  | { type: "result"; id: number; error: WireError & { code?: string }; stop?: boolean }
  /** Stops execute `id` as soon as possible; the sandbox answers it with `failed` (an `AbortError`). */
  | { type: "abort"; id: number }
  /**
   * Sets globals (JSON text of an object) and binds more host functions by name, between
   * executes; answered by `defined`.
   */
  | { type: "define"; id: number; globals: string; functions?: string[] }
  /** Ends the session; the sandbox frees it and sends nothing more. */
  | { type: "close" };

/** What an execute came to, as the sandbox reports it. `value` is JSON text. */
export type WireResult = {
  logs: string;
  value?: string;
  error?: WireError & { line?: number };
  /** Names of host calls the code left running when it ended, in call order. */
  pendingCalls?: string[];
  durationMs: number;
};

/** The error of an execute that could not produce a result, or of a failed `open` or `define`. */
export type WireFailure = WireError & {
  /** A stable code (`timeout`, `memory_limit`, `aborted`, ...). */
  code?: string;
  /** The session is unusable from now on. */
  sessionLost?: boolean;
};

/** Messages the sandbox sends to the host. */
export type SandboxMessage =
  /** The session is open; or it could not be (then the channel closes). */
  | { type: "opened"; protocol: number }
  | { type: "open-failed"; error: WireFailure }
  /** The code called host function `name` during execute `execute`; `input` is JSON text. */
  | { type: "call"; id: number; execute: number; name: string; input?: string }
  /** Execute `id` finished with a result (guest errors are results). */
  | { type: "done"; id: number; result: WireResult }
  /** Execute `id` ended without a result: aborted, or the session was lost. */
  | { type: "failed"; id: number; error: WireFailure }
  /** The `define` request `id` was applied, or failed. */
  | { type: "defined"; id: number; error?: WireFailure };

/** The sizes a host accepts from its sandbox; anything larger is a protocol violation. */
export type MessageCaps = {
  /** Characters of one JSON value: a call's input, a result's value. */
  maxValueChars: number;
  /** Characters of an execute's logs. */
  maxLogChars: number;
  /** Characters of an error message. */
  maxErrorChars: number;
};

/** A message the sandbox sent that breaks the protocol. The host ends the session on it. */
export class ProtocolViolation extends Error {
  override name = "ProtocolViolation";
}

/** Room for the truncation markers the sandbox adds to logs and error messages. */
const MARKER_ROOM = 200;
const MAX_NAME_CHARS = 200;
/** An error's name, which the sandbox cuts to 200 characters and a marker. */
const MAX_ERROR_NAME_CHARS = 1_000;
const MAX_CODE_CHARS = 100;
/** More names than any execute may call host functions (`maxToolCalls` is far lower). */
const MAX_PENDING = 100_000;

/**
 * Checks a message from the sandbox field by field and returns it typed, or throws a
 * {@link ProtocolViolation} naming what was wrong. Unknown fields are dropped.
 */
export function readSandboxMessage(raw: unknown, caps: MessageCaps): SandboxMessage {
  const message = record(raw, "message");
  const read = new FieldReader(message, caps);
  switch (message.type) {
    case "opened":
      return { type: "opened", protocol: read.integer("protocol") };
    case "open-failed":
      return { type: "open-failed", error: read.failure("error") };
    case "call": {
      const call: SandboxMessage = {
        type: "call",
        id: read.integer("id"),
        execute: read.integer("execute"),
        name: read.string("name", MAX_NAME_CHARS),
      };
      const input = read.optionalString("input", caps.maxValueChars, "input");
      if (input !== undefined) call.input = input;
      return call;
    }
    case "done":
      return { type: "done", id: read.integer("id"), result: read.result("result") };
    case "failed":
      return { type: "failed", id: read.integer("id"), error: read.failure("error") };
    case "defined": {
      const defined: SandboxMessage = { type: "defined", id: read.integer("id") };
      if (message.error !== undefined) defined.error = read.failure("error");
      return defined;
    }
    default:
      throw new ProtocolViolation(
        `Unknown message type ${JSON.stringify(String(message.type)).slice(0, 60)}.`,
      );
  }
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ProtocolViolation(`The ${what} is not an object.`);
  }
  return value as Record<string, unknown>;
}

/** Reads typed fields of one object, refusing wrong types and oversized strings. */
class FieldReader {
  constructor(
    private readonly object: Record<string, unknown>,
    private readonly caps: MessageCaps,
  ) {}

  integer(key: string): number {
    const value = this.object[key];
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw new ProtocolViolation(`"${key}" is not a non-negative integer.`);
    }
    return value as number;
  }

  string(key: string, maxChars: number, what = `"${key}"`): string {
    const value = this.object[key];
    if (typeof value !== "string") throw new ProtocolViolation(`"${key}" is not a string.`);
    if (value.length > maxChars) {
      throw new ProtocolViolation(`${what} is ${value.length} characters; at most ${maxChars} are accepted.`);
    }
    return value;
  }

  optionalString(key: string, maxChars: number, what?: string): string | undefined {
    return this.object[key] === undefined ? undefined : this.string(key, maxChars, what);
  }

  error(key: string): WireError {
    const reader = new FieldReader(record(this.object[key], `"${key}"`), this.caps);
    return {
      name: reader.string("name", MAX_ERROR_NAME_CHARS),
      message: reader.string("message", this.caps.maxErrorChars + MARKER_ROOM),
    };
  }

  failure(key: string): WireFailure {
    const failure: WireFailure = this.error(key);
    const reader = new FieldReader(record(this.object[key], `"${key}"`), this.caps);
    const code = reader.optionalString("code", MAX_CODE_CHARS);
    if (code !== undefined) failure.code = code;
    const lost = reader.object.sessionLost;
    if (lost !== undefined && typeof lost !== "boolean")
      throw new ProtocolViolation(`"sessionLost" is not a boolean.`);
    if (lost) failure.sessionLost = true;
    return failure;
  }

  result(key: string): WireResult {
    const reader = new FieldReader(record(this.object[key], `"${key}"`), this.caps);
    const durationMs = reader.object.durationMs;
    if (typeof durationMs !== "number" || !Number.isFinite(durationMs) || durationMs < 0) {
      throw new ProtocolViolation(`"durationMs" is not a duration.`);
    }
    const result: WireResult = {
      logs: reader.string("logs", this.caps.maxLogChars + MARKER_ROOM, "The logs"),
      durationMs,
    };
    const value = reader.optionalString("value", this.caps.maxValueChars, "The value");
    if (value !== undefined) result.value = value;
    if (reader.object.error !== undefined) {
      const error: WireResult["error"] = reader.error("error");
      const line = record(reader.object.error, `"error"`).line;
      if (line !== undefined) {
        if (!Number.isSafeInteger(line)) throw new ProtocolViolation(`"line" is not an integer.`);
        error.line = line as number;
      }
      result.error = error;
    }
    const pending = reader.object.pendingCalls;
    if (pending !== undefined) {
      if (
        !Array.isArray(pending) ||
        pending.length > MAX_PENDING ||
        pending.some((name) => typeof name !== "string" || name.length > MAX_NAME_CHARS)
      ) {
        throw new ProtocolViolation(`"pendingCalls" is not a list of function names.`);
      }
      result.pendingCalls = pending as string[];
    }
    return result;
  }
}
