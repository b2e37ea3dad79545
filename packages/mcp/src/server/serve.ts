/** Serving codeact tools and an agent to MCP clients, over stdio or Streamable HTTP. */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { CodeActError } from "@codeact/core";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { createMcpServer, servedEntries } from "./handlers.js";
import type { Served } from "./served.js";

/** Where {@link serveMcp} listens. */
export type ServeMcpOptions =
  | { transport: "stdio" }
  | {
      transport: "http";
      /** 0 picks a free port; `url` says which. */
      port: number;
      /** Default 127.0.0.1: only this machine can connect unless told otherwise. */
      host?: string;
      /** Requests must carry `Authorization: Bearer <token>`. */
      auth?: { token: string };
      /** `Host` headers accepted besides this server's own address and localhost's. */
      allowedHosts?: string[];
      /** `Origin` headers accepted besides localhost's (browsers send one; other clients do not). */
      allowedOrigins?: string[];
    };

/** A running MCP server. */
export type McpServerHandle = AsyncDisposable & {
  /** The Streamable HTTP endpoint, e.g. `http://127.0.0.1:3000/mcp`; absent over stdio. */
  readonly url?: string;
  /** Stops serving: ends every session and open connection. */
  close(): Promise<void>;
};

/**
 * Serves `tools` and `agent` (as one tool taking `{ task }`) to MCP clients.
 *
 * @example
 * const server = await serveMcp({ agent }, { transport: "http", port: 3000 });
 * console.log(server.url); // http://127.0.0.1:3000/mcp
 */
export async function serveMcp(served: Served, options: ServeMcpOptions): Promise<McpServerHandle> {
  const entries = servedEntries(served);
  if (options.transport === "stdio") {
    const server = createMcpServer(entries, served.name);
    await server.connect(new StdioServerTransport());
    const close = () => server.close();
    return { close, [Symbol.asyncDispose]: close };
  }
  const { port, host = "127.0.0.1", auth } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CodeActError({
      code: "invalid_option",
      message: `port must be a whole number from 0 to 65535, not ${port}.`,
    });
  }
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let address = "";
  const guard = (req: IncomingMessage): { status: number; message: string } | undefined => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/mcp") return { status: 404, message: "Not found: the MCP endpoint is /mcp." };
    const hostHeader = req.headers.host ?? "";
    const port = address.slice(address.lastIndexOf(":") + 1);
    const hosts = [
      address,
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      ...(options.allowedHosts ?? []),
    ];
    // A page on another site that resolves its own name to this machine (DNS rebinding) sends its own Host.
    if (!hosts.includes(hostHeader))
      return { status: 403, message: `Forbidden: Host ${hostHeader} is not this server.` };
    const origin = req.headers.origin;
    if (origin !== undefined && !isLocalOrigin(origin) && !(options.allowedOrigins ?? []).includes(origin)) {
      return { status: 403, message: `Forbidden: requests from ${origin} are not allowed.` };
    }
    if (auth && !sameToken(req.headers.authorization, auth.token)) {
      return { status: 401, message: "Unauthorized: send Authorization: Bearer <token>." };
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const refused = guard(req);
    if (refused) {
      const headers: Record<string, string> = { "content-type": "text/plain" };
      if (refused.status === 401) headers["www-authenticate"] = 'Bearer realm="codeact"';
      res.writeHead(refused.status, headers).end(refused.message);
      return;
    }
    const id = req.headers["mcp-session-id"];
    const known = typeof id === "string" ? sessions.get(id) : undefined;
    if (known) return known.handleRequest(req, res);
    if (req.method !== "POST") {
      res.writeHead(400, { "content-type": "text/plain" }).end("Bad request: no such session.");
      return;
    }
    const body = await readJson(req);
    if (body === undefined || !isInitializeRequest(body)) {
      const error = {
        jsonrpc: "2.0",
        id: null,
        error: {
          code: -32000,
          message: "Bad request: start with initialize, or send a known Mcp-Session-Id.",
        },
      };
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify(error));
      return;
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (session) => {
        sessions.set(session, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await createMcpServer(entries, served.name).connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`Internal error: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host, () => resolve());
  });
  const bound = http.address() as { port: number };
  address = `${host.includes(":") ? `[${host}]` : host}:${bound.port}`;
  const close = async () => {
    await Promise.allSettled([...sessions.values()].map((transport) => transport.close()));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return { url: `http://${address}/mcp`, close, [Symbol.asyncDispose]: close };
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The request's JSON body, or undefined when it is not JSON or larger than 4 MiB. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}

function isLocalOrigin(origin: string): boolean {
  try {
    const { hostname, protocol } = new URL(origin);
    return ["http:", "https:"].includes(protocol) && ["localhost", "127.0.0.1", "[::1]"].includes(hostname);
  } catch {
    return false;
  }
}

function sameToken(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith("Bearer ") ? header.slice(7) : "");
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
