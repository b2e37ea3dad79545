/** A real HTTP server on 127.0.0.1 that answers with scripted bytes: JSON, SSE, errors, drops, hangs. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One scripted answer. */
export type Reply =
  | { json: unknown; status?: number; headers?: Record<string, string> }
  | { body: string; status?: number; headers?: Record<string, string> }
  /** Server-sent events written as given, one write per event; `dropAfter` cuts the socket after that many events. */
  | {
      sse: string;
      headers?: Record<string, string>;
      dropAfter?: number;
      splitEvents?: boolean;
      delayMs?: number;
    }
  | { hang: true }
  | { drop: true };

/** A request as the server saw it. */
export type RecordedRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
};

/** Decides the reply to each request. */
export type Responder = (request: RecordedRequest, index: number) => Reply;

/** A running fake server; dispose it with `await using` or `close()`. */
export type FakeServer = AsyncDisposable & {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
};

/** Starts a server on a random port. Given an array, answers request `i` with `replies[i]`. */
export async function startFakeServer(replies: Reply[] | Responder): Promise<FakeServer> {
  const respond: Responder = Array.isArray(replies)
    ? (_, index) =>
        replies[index] ?? {
          json: { error: { message: `no reply scripted for request ${index + 1}` } },
          status: 599,
        }
    : replies;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {}
    const request = {
      method: incoming.method ?? "GET",
      path: incoming.url ?? "/",
      headers: incoming.headers,
      body,
    };
    requests.push(request);
    await answer(respond(request, requests.length - 1), response);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${port}`, requests, close, [Symbol.asyncDispose]: close };
}

async function answer(reply: Reply, response: ServerResponse): Promise<void> {
  if ("hang" in reply) return;
  if ("drop" in reply) {
    response.socket?.destroy();
    return;
  }
  if ("json" in reply || "body" in reply) {
    const isJson = "json" in reply;
    const payload = isJson ? JSON.stringify(reply.json) : reply.body;
    response.writeHead(reply.status ?? 200, {
      "content-type": isJson ? "application/json" : "text/plain; charset=utf-8",
      ...reply.headers,
    });
    response.end(payload);
    return;
  }
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    ...reply.headers,
  });
  const events = reply.sse.split(/(?<=\n\n)/);
  for (const [index, event] of events.entries()) {
    // The client went away (it timed out or aborted): stop writing.
    if (response.destroyed || response.socket?.destroyed !== false) return;
    if (reply.dropAfter !== undefined && index >= reply.dropAfter) {
      response.socket?.destroy();
      return;
    }
    if (reply.splitEvents && event.length > 8) {
      // Cut each event mid-line, so parsers must join bytes across reads.
      const middle = Math.floor(event.length / 2);
      response.write(event.slice(0, middle));
      await pause(1);
      response.write(event.slice(middle));
    } else {
      response.write(event);
    }
    await pause(reply.delayMs ?? 1);
  }
  response.end();
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
