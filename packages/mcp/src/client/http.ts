/** Opening a connection to an MCP server over HTTP: Streamable HTTP, OAuth sign-in, the SSE fallback. */
import { CodeActError } from "@codeact/core";
import { type OAuthClientProvider, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";

/** A server reached over Streamable HTTP, or the older SSE transport when that is all it speaks. */
export type HttpServer = {
  url: string | URL;
  headers?: Record<string, string>;
  /** Signs requests in with OAuth; client credentials and saved tokens need nothing more. */
  authProvider?: OAuthClientProvider;
  /**
   * Finishes an authorization-code sign-in: called after `authProvider.redirectToAuthorization`,
   * it resolves with the `code` the user's browser brought back to the provider's `redirectUrl`.
   * The tokens are then fetched and saved through `authProvider`, and the request is sent again.
   */
  authorizationCode?: (options: { signal: AbortSignal }) => Promise<string>;
};

/**
 * Runs `attempt`; when the server wants an OAuth sign-in the user must finish, waits for
 * `authorizationCode`, exchanges the code through `transport` and runs `retry` (default `attempt`).
 */
export async function withSignIn<T>(
  server: HttpServer,
  transport: Transport,
  attempt: () => Promise<T>,
  options: { signal?: AbortSignal; retry?: () => Promise<T> } = {},
): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof UnauthorizedError) || !server.authorizationCode) throw error;
    const code = await server.authorizationCode({ signal: options.signal ?? new AbortController().signal });
    await (transport as StreamableHTTPClientTransport).finishAuth(code);
    return (options.retry ?? attempt)();
  }
}

/**
 * Connects with `start` over Streamable HTTP, and over SSE when the server refuses that (a server of
 * the 2024-11-05 protocol answers the POST with 404 or 405). Failures are `mcp_unreachable` errors.
 */
export async function openHttp<Connection>(
  server: HttpServer,
  start: (transport: Transport) => Promise<Connection>,
  signal?: AbortSignal,
): Promise<Connection> {
  const url = new URL(server.url);
  const requestInit = server.headers ? { headers: server.headers } : undefined;
  const options = {
    ...(requestInit && { requestInit }),
    ...(server.authProvider && { authProvider: server.authProvider }),
  };
  const { StreamableHTTPClientTransport } = await import(
    "@modelcontextprotocol/sdk/client/streamableHttp.js"
  );
  const streamable = () => new StreamableHTTPClientTransport(url, options);
  try {
    const first = streamable();
    // A failed handshake closed the first transport: after a sign-in it starts on a new one.
    const retry = () => start(streamable());
    return await withSignIn(server, first, () => start(first), { ...(signal && { signal }), retry });
  } catch (error) {
    const status = (error as { code?: unknown }).code;
    const refused =
      typeof status === "number" && status >= 400 && status < 500 && status !== 401 && status !== 403;
    if (signal?.aborted) throw signal.reason;
    if (!refused) throw unreachable(url, error);
    const { SSEClientTransport } = await import("@modelcontextprotocol/sdk/client/sse.js");
    return start(new SSEClientTransport(url, options)).catch((fallback: unknown) => {
      throw unreachable(url, fallback);
    });
  }
}

function unreachable(url: URL, error: unknown): CodeActError {
  const reason = (error as Error).message;
  const hint =
    error instanceof UnauthorizedError || /\b401\b/.test(reason)
      ? " The server refused the credentials: check the headers or authProvider (an authorization-code sign-in also needs authorizationCode)."
      : "";
  const message = `Could not reach an MCP server at ${url.href}: ${reason}.${hint}`;
  return new CodeActError({ code: "mcp_unreachable", message, cause: error });
}
