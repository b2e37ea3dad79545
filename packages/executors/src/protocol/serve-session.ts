/**
 * The sandbox side of the protocol: serves one session over one channel. The session runs where
 * the code runs (a worker thread, a remote runner); its host functions are stubs that send
 * `call` messages and wait for the host's `result`.
 */
import type { ExecutionError, ExecutionResult, HostFunction } from "@codeact/core";
import { fromJSONText, toJSONText } from "../quickjs/marshal.js";
import { type HostMessage, PROTOCOL_VERSION, type SandboxMessage, type WireResult } from "./messages.js";
import { limitFromWire, toWireFailure } from "./wire-errors.js";

/** What the sandbox side needs of a session. */
export type ServedSession = {
  execute(code: string, options: { signal: AbortSignal; aborted?: () => boolean }): Promise<ExecutionResult>;
  defineGlobals(globals: Record<string, unknown>): Promise<void>;
  defineFunctions(functions: Record<string, HostFunction>): Promise<void>;
  /** Ends the running execute with a limit the host enforced, as the result's error. */
  stop(error: ExecutionError): void;
  dispose(): Promise<void>;
};

/** One end of a session's channel, as the sandbox sees it. */
export type SandboxEndpoint = {
  post(message: SandboxMessage): void;
  listen(listener: (message: HostMessage) => void): void;
  close(): void;
};

/** How the sandbox opens a session and learns of aborts faster than messages. */
export type ServeOptions = {
  open(options: {
    functions: Record<string, HostFunction>;
    globals: Record<string, unknown>;
  }): Promise<ServedSession>;
  /** Whether the host has asked to abort execute `id` through a shared flag. */
  abortRequested?(id: number): boolean;
};

type PendingCall = { resolve(value: unknown): void; reject(error: unknown): void };

/** Serves one session on `endpoint` until the host sends `close`. */
export function serveSession(endpoint: SandboxEndpoint, options: ServeOptions): void {
  let session: ServedSession | undefined;
  let running = 0;
  let nextCall = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const calls = new Map<number, PendingCall>();
  const aborts = new Map<number, AbortController>();

  const stub =
    (name: string): HostFunction =>
    (input, { signal }) =>
      new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const id = nextCall++;
        const settle = (then: () => void) => {
          calls.delete(id);
          signal.removeEventListener("abort", onAbort);
          then();
        };
        const onAbort = () => settle(() => reject(signal.reason));
        signal.addEventListener("abort", onAbort, { once: true });
        calls.set(id, {
          resolve: (value) => settle(() => resolve(value)),
          reject: (error) => settle(() => reject(error)),
        });
        const call: SandboxMessage = { type: "call", id, execute: running, name };
        const text = toJSONText(input);
        if (text !== undefined) call.input = text;
        endpoint.post(call);
      });

  const serial = (work: () => Promise<void>) => {
    queue = queue.then(work, work);
  };

  endpoint.listen((message) => {
    switch (message.type) {
      case "open":
        serial(async () => {
          if (message.protocol !== PROTOCOL_VERSION) {
            const text = `The host speaks sandbox protocol ${message.protocol}; this sandbox speaks ${PROTOCOL_VERSION}.`;
            endpoint.post({ type: "open-failed", error: { name: "ExecutionError", message: text } });
            return;
          }
          try {
            const functions = Object.fromEntries(message.functions.map((name) => [name, stub(name)]));
            const globals = (fromJSONText(message.globals) ?? {}) as Record<string, unknown>;
            session = await options.open({ functions, globals });
            endpoint.post({ type: "opened", protocol: PROTOCOL_VERSION });
          } catch (error) {
            endpoint.post({ type: "open-failed", error: toWireFailure(error) });
          }
        });
        return;
      case "execute": {
        const controller = new AbortController();
        aborts.set(message.id, controller);
        serial(async () => {
          running = message.id;
          try {
            const result = await session!.execute(message.code, {
              signal: controller.signal,
              aborted: options.abortRequested && (() => options.abortRequested!(message.id)),
            });
            endpoint.post({ type: "done", id: message.id, result: toWireResult(result) });
          } catch (error) {
            endpoint.post({ type: "failed", id: message.id, error: toWireFailure(error) });
          } finally {
            aborts.delete(message.id);
          }
        });
        return;
      }
      case "abort":
        aborts.get(message.id)?.abort();
        return;
      case "result": {
        const call = calls.get(message.id);
        if (!call) return;
        if (!("error" in message)) return call.resolve(fromJSONText(message.value));
        if (message.stop) session?.stop(limitFromWire(message.error));
        return call.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
      }
      case "define":
        serial(async () => {
          try {
            const names = message.functions ?? [];
            if (names.length > 0)
              await session!.defineFunctions(Object.fromEntries(names.map((name) => [name, stub(name)])));
            await session!.defineGlobals(fromJSONText(message.globals) as Record<string, unknown>);
            endpoint.post({ type: "defined", id: message.id });
          } catch (error) {
            endpoint.post({ type: "defined", id: message.id, error: toWireFailure(error) });
          }
        });
        return;
      case "close":
        for (const controller of aborts.values()) controller.abort();
        serial(async () => {
          await session?.dispose();
          endpoint.close();
        });
        return;
    }
  });
}

function toWireResult(result: ExecutionResult): WireResult {
  const wire: WireResult = { logs: result.logs, durationMs: result.durationMs };
  const value = toJSONText(result.value);
  if (value !== undefined) wire.value = value;
  if (result.error) wire.error = result.error;
  if (result.pendingCalls?.length) wire.pendingCalls = result.pendingCalls;
  return wire;
}
