/**
 * A stand-in for envd, the daemon inside an E2B sandbox, on 127.0.0.1: the parts of its protocol
 * the `e2b` SDK uses to run the codeact runner (process start with streamed output, stdin,
 * signals; file upload; health), backed by real local processes. The SDK talks to it with
 * `debug: true` and `sandboxUrl` pointing here, as it talks to envd over Connect RPC.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { dirname } from "node:path";
import { Readable } from "node:stream";
import { fileDesc, serviceDesc } from "@bufbuild/protobuf/codegenv2";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";

// envd's process service, as the e2b SDK (2.51) declares it: `process/process.proto`.
const processProto = fileDesc(
  "ChVwcm9jZXNzL3Byb2Nlc3MucHJvdG8SB3Byb2Nlc3MiSgoDUFRZEh8KBHNpemUYASABKAsyES5wcm9jZXNzLlBUWS5TaXplGiIKBFNpemUSDAoEY29scxgBIAEoDRIMCgRyb3dzGAIgASgNIqEBCg1Qcm9jZXNzQ29uZmlnEgsKA2NtZBgBIAEoCRIMCgRhcmdzGAIgAygJEi4KBGVudnMYAyADKAsyIC5wcm9jZXNzLlByb2Nlc3NDb25maWcuRW52c0VudHJ5EhAKA2N3ZBgEIAEoCUgAiAEBGisKCUVudnNFbnRyeRILCgNrZXkYASABKAkSDQoFdmFsdWUYAiABKAk6AjgBQgYKBF9jd2QiDQoLTGlzdFJlcXVlc3QiXAoLUHJvY2Vzc0luZm8SJgoGY29uZmlnGAEgASgLMhYucHJvY2Vzcy5Qcm9jZXNzQ29uZmlnEgsKA3BpZBgCIAEoDRIQCgN0YWcYAyABKAlIAIgBAUIGCgRfdGFnIjcKDExpc3RSZXNwb25zZRInCglwcm9jZXNzZXMYASADKAsyFC5wcm9jZXNzLlByb2Nlc3NJbmZvIpcBCgxTdGFydFJlcXVlc3QSJwoHcHJvY2VzcxgBIAEoCzIWLnByb2Nlc3MuUHJvY2Vzc0NvbmZpZxIeCgNwdHkYAiABKAsyDC5wcm9jZXNzLlBUWUgAiAEBEhAKA3RhZxgDIAEoCUgBiAEBEhIKBXN0ZGluGAQgASgISAKIAQFCBgoEX3B0eUIGCgRfdGFnQggKBl9zdGRpbiJiCg1VcGRhdGVSZXF1ZXN0EikKB3Byb2Nlc3MYASABKAsyGC5wcm9jZXNzLlByb2Nlc3NTZWxlY3RvchIeCgNwdHkYAiABKAsyDC5wcm9jZXNzLlBUWUgAiAEBQgYKBF9wdHkiEAoOVXBkYXRlUmVzcG9uc2UirwMKDFByb2Nlc3NFdmVudBIxCgVzdGFydBgBIAEoCzIgLnByb2Nlc3MuUHJvY2Vzc0V2ZW50LlN0YXJ0RXZlbnRIABIvCgRkYXRhGAIgASgLMh8ucHJvY2Vzcy5Qcm9jZXNzRXZlbnQuRGF0YUV2ZW50SAASLQoDZW5kGAMgASgLMh4ucHJvY2Vzcy5Qcm9jZXNzRXZlbnQuRW5kRXZlbnRIABI0CglrZWVwYWxpdmUYBCABKAsyHy5wcm9jZXNzLlByb2Nlc3NFdmVudC5LZWVwQWxpdmVIABoZCgpTdGFydEV2ZW50EgsKA3BpZBgBIAEoDRpICglEYXRhRXZlbnQSEAoGc3Rkb3V0GAEgASgMSAASEAoGc3RkZXJyGAIgASgMSAASDQoDcHR5GAMgASgMSABCCAoGb3V0cHV0GlsKCEVuZEV2ZW50EhEKCWV4aXRfY29kZRgBIAEoERIOCgZleGl0ZWQYAiABKAgSDgoGc3RhdHVzGAMgASgJEhIKBWVycm9yGAQgASgJSACIAQFCCAoGX2Vycm9yGgsKCUtlZXBBbGl2ZUIHCgVldmVudCI1Cg1TdGFydFJlc3BvbnNlEiQKBWV2ZW50GAEgASgLMhUucHJvY2Vzcy5Qcm9jZXNzRXZlbnQiNwoPQ29ubmVjdFJlc3BvbnNlEiQKBWV2ZW50GAEgASgLMhUucHJvY2Vzcy5Qcm9jZXNzRXZlbnQiYwoQU2VuZElucHV0UmVxdWVzdBIpCgdwcm9jZXNzGAEgASgLMhgucHJvY2Vzcy5Qcm9jZXNzU2VsZWN0b3ISJAoFaW5wdXQYAiABKAsyFS5wcm9jZXNzLlByb2Nlc3NJbnB1dCITChFTZW5kSW5wdXRSZXNwb25zZSI3CgxQcm9jZXNzSW5wdXQSDwoFc3RkaW4YASABKAxIABINCgNwdHkYAiABKAxIAEIHCgVpbnB1dCLCAgoSU3RyZWFtSW5wdXRSZXF1ZXN0EjcKBXN0YXJ0GAEgASgLMiYucHJvY2Vzcy5TdHJlYW1JbnB1dFJlcXVlc3QuU3RhcnRFdmVudEgAEjUKBGRhdGEYAiABKAsyJS5wcm9jZXNzLlN0cmVhbUlucHV0UmVxdWVzdC5EYXRhRXZlbnRIABI6CglrZWVwYWxpdmUYAyABKAsyJS5wcm9jZXNzLlN0cmVhbUlucHV0UmVxdWVzdC5LZWVwQWxpdmVIABo3CgpTdGFydEV2ZW50EikKB3Byb2Nlc3MYASABKAsyGC5wcm9jZXNzLlByb2Nlc3NTZWxlY3RvchoxCglEYXRhRXZlbnQSJAoFaW5wdXQYAiABKAsyFS5wcm9jZXNzLlByb2Nlc3NJbnB1dBoLCglLZWVwQWxpdmVCBwoFZXZlbnQiFQoTU3RyZWFtSW5wdXRSZXNwb25zZSJfChFTZW5kU2lnbmFsUmVxdWVzdBIpCgdwcm9jZXNzGAEgASgLMhgucHJvY2Vzcy5Qcm9jZXNzU2VsZWN0b3ISHwoGc2lnbmFsGAIgASgOMg8ucHJvY2Vzcy5TaWduYWwiFAoSU2VuZFNpZ25hbFJlc3BvbnNlIj4KEUNsb3NlU3RkaW5SZXF1ZXN0EikKB3Byb2Nlc3MYASABKAsyGC5wcm9jZXNzLlByb2Nlc3NTZWxlY3RvciIUChJDbG9zZVN0ZGluUmVzcG9uc2UiOwoOQ29ubmVjdFJlcXVlc3QSKQoHcHJvY2VzcxgBIAEoCzIYLnByb2Nlc3MuUHJvY2Vzc1NlbGVjdG9yIjsKD1Byb2Nlc3NTZWxlY3RvchINCgNwaWQYASABKA1IABINCgN0YWcYAiABKAlIAEIKCghzZWxlY3RvcipICgZTaWduYWwSFgoSU0lHTkFMX1VOU1BFQ0lGSUVEEAASEgoOU0lHTkFMX1NJR1RFUk0QDxISCg5TSUdOQUxfU0lHS0lMTBAJMpEECgdQcm9jZXNzEjMKBExpc3QSFC5wcm9jZXNzLkxpc3RSZXF1ZXN0GhUucHJvY2Vzcy5MaXN0UmVzcG9uc2USPgoHQ29ubmVjdBIXLnByb2Nlc3MuQ29ubmVjdFJlcXVlc3QaGC5wcm9jZXNzLkNvbm5lY3RSZXNwb25zZTABEjgKBVN0YXJ0EhUucHJvY2Vzcy5TdGFydFJlcXVlc3QaFi5wcm9jZXNzLlN0YXJ0UmVzcG9uc2UwARI5CgZVcGRhdGUSFi5wcm9jZXNzLlVwZGF0ZVJlcXVlc3QaFy5wcm9jZXNzLlVwZGF0ZVJlc3BvbnNlEkoKC1N0cmVhbUlucHV0EhsucHJvY2Vzcy5TdHJlYW1JbnB1dFJlcXVlc3QaHC5wcm9jZXNzLlN0cmVhbUlucHV0UmVzcG9uc2UoARJCCglTZW5kSW5wdXQSGS5wcm9jZXNzLlNlbmRJbnB1dFJlcXVlc3QaGi5wcm9jZXNzLlNlbmRJbnB1dFJlc3BvbnNlEkUKClNlbmRTaWduYWwSGi5wcm9jZXNzLlNlbmRTaWduYWxSZXF1ZXN0GhsucHJvY2Vzcy5TZW5kU2lnbmFsUmVzcG9uc2USRQoKQ2xvc2VTdGRpbhIaLnByb2Nlc3MuQ2xvc2VTdGRpblJlcXVlc3QaGy5wcm9jZXNzLkNsb3NlU3RkaW5SZXNwb25zZUJXCgtjb20ucHJvY2Vzc0IMUHJvY2Vzc1Byb3RvUAGiAgNQWFiqAgdQcm9jZXNzygIHUHJvY2Vzc+ICE1Byb2Nlc3NcR1BCTWV0YWRhdGHqAgdQcm9jZXNzYgZwcm90bzM",
);
const Process = serviceDesc(processProto, 0);

type Selector = { selector: { case?: string; value?: unknown } } | undefined;
type StartRequest = {
  process?: { cmd: string; args: string[]; envs: Record<string, string>; cwd?: string };
  stdin?: boolean;
};
type Output = { case: "stdout" | "stderr"; value: Uint8Array };
type ProcessEvent =
  | { case: "start"; value: { pid: number } }
  | { case: "data"; value: { output: Output } }
  | { case: "end"; value: { exitCode: number; exited: boolean; status: string } };

/** A running test daemon: where the SDK reaches it, what it started, and how to stop it. */
export type TestEnvd = AsyncDisposable & {
  /** Pass as `sandboxUrl` with `debug: true`. */
  readonly url: string;
  /** Every process started, by pid. */
  readonly processes: ReadonlyMap<number, ChildProcess>;
  /** Files written through the files API, by path. */
  readonly files: ReadonlyMap<string, string>;
  /** Makes the next `count` stdin writes fail as a dropped connection would. */
  failInputs(count: number): void;
  /** Drops every open connection, as a network failure would; the processes keep running. */
  dropConnections(): void;
  /** Settles when a client next attaches to a running process again (`connect`). */
  nextReconnect(): Promise<void>;
  /** Stops serving and kills what it started (like a sandbox that dies). */
  close(): Promise<void>;
};

/** Starts a test daemon on a free port of 127.0.0.1. */
export async function startTestEnvd(): Promise<TestEnvd> {
  const processes = new Map<number, ChildProcess>();
  let failing = 0;
  const files = new Map<string, string>();
  const find = (selector: Selector) => {
    const pid = selector?.selector.case === "pid" ? Number(selector.selector.value) : Number.NaN;
    const child = processes.get(pid);
    if (!child) throw new ConnectError(`process ${pid} not found`, Code.NotFound);
    return child;
  };
  const listeners = new Map<number, Set<(event: ProcessEvent) => void>>();
  const reconnects: (() => void)[] = [];
  /** The start event, then every event of the process from now on, until it ends or the stream does. */
  async function* events(pid: number, signal: AbortSignal) {
    const queue: ProcessEvent[] = [];
    let wake: (() => void) | undefined;
    const subscriber = (event: ProcessEvent) => {
      queue.push(event);
      wake?.();
    };
    listeners.get(pid)?.add(subscriber);
    try {
      yield { event: { event: { case: "start", value: { pid } } } };
      while (!signal.aborted) {
        const event = queue.shift();
        if (event) {
          yield { event: { event: event } };
          if (event.case === "end") return;
          continue;
        }
        if (!listeners.has(pid)) return;
        await new Promise<void>((resolve) => {
          const done = () => {
            signal.removeEventListener("abort", done);
            wake = undefined;
            resolve();
          };
          wake = done;
          signal.addEventListener("abort", done, { once: true });
        });
      }
    } finally {
      listeners.get(pid)?.delete(subscriber);
    }
  }
  // The descriptor is read at run time, so its methods are untyped here: the shapes are spelled out.
  const implementation = {
    async *start(request: StartRequest, context: { signal: AbortSignal }) {
      const config = request.process;
      if (!config) throw new ConnectError("no process config", Code.InvalidArgument);
      const child = spawn(config.cmd, config.args, {
        cwd: config.cwd || undefined,
        env: { ...process.env, ...config.envs },
        stdio: [request.stdin ? "pipe" : "ignore", "pipe", "pipe"],
      });
      await new Promise<void>((resolve, reject) => {
        child.once("spawn", resolve);
        child.once("error", reject);
      });
      const pid = child.pid as number;
      processes.set(pid, child);
      const subscribers = new Set<(event: ProcessEvent) => void>();
      listeners.set(pid, subscribers);
      const publish = (event: ProcessEvent) => {
        for (const subscriber of subscribers) subscriber(event);
      };
      child.stdout?.on("data", (chunk: Buffer) =>
        publish({ case: "data", value: { output: { case: "stdout", value: chunk } } }),
      );
      child.stderr?.on("data", (chunk: Buffer) =>
        publish({ case: "data", value: { output: { case: "stderr", value: chunk } } }),
      );
      child.once("close", (code, signal) => {
        processes.delete(pid);
        const exitCode = code ?? (signal ? -1 : 0);
        const status = signal ? `signal: ${signal}` : `exit status ${exitCode}`;
        publish({ case: "end", value: { exitCode, exited: code !== null, status } });
        listeners.delete(pid);
      });
      yield* events(pid, context.signal);
    },
    /** A new stream of a running process's events, as after a dropped connection. */
    async *connect(request: { process: Selector }, context: { signal: AbortSignal }) {
      const pid = Number(find(request.process).pid);
      for (const reconnected of reconnects.splice(0)) reconnected();
      yield* events(pid, context.signal);
    },
    async sendInput(request: {
      process: Selector;
      input?: { input: { case?: string; value?: Uint8Array } };
    }) {
      const child = find(request.process);
      if (failing > 0) {
        failing--;
        throw new ConnectError("connection reset by peer", Code.Unavailable);
      }
      const input = request.input?.input;
      if (input?.case === "stdin" && input.value) child.stdin?.write(input.value);
      return {};
    },
    async sendSignal(request: { process: Selector; signal: number }) {
      find(request.process).kill(request.signal === 9 ? "SIGKILL" : "SIGTERM");
      return {};
    },
    async closeStdin(request: { process: Selector }) {
      find(request.process).stdin?.end();
      return {};
    },
  };
  const routes = (router: ConnectRouter) => router.service(Process, implementation as never);
  const connect = connectNodeAdapter({ routes });
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/health") return void res.writeHead(204).end();
    if (url.pathname === "/files" && req.method === "POST") {
      const path = url.searchParams.get("path") ?? "";
      const form = await toRequest(req, url).formData();
      const file = form.get("file");
      const text = typeof file === "string" ? file : await (file as Blob).text();
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
      files.set(path, text);
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify([{ name: path.split("/").at(-1), type: "file", path }]));
    }
    connect(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const close = async () => {
    for (const child of processes.values()) child.kill("SIGKILL");
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const failInputs = (count: number) => {
    failing = count;
  };
  const dropConnections = () => server.closeAllConnections();
  const nextReconnect = () => new Promise<void>((resolve) => reconnects.push(resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    processes,
    files,
    failInputs,
    dropConnections,
    nextReconnect,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function toRequest(req: IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(name, value);
  return new Request(url, {
    method: req.method,
    headers,
    body: Readable.toWeb(req) as ReadableStream,
    duplex: "half",
  } as RequestInit);
}
