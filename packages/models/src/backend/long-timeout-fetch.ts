/** A fetch for Node that waits as long as `timeoutMs` allows, past Node's built-in 300 s limits. */

/**
 * Node's built-in fetch (undici) fails a request whose headers take longer than 300 s, or whose
 * body pauses that long between chunks (`UND_ERR_HEADERS_TIMEOUT`, `UND_ERR_BODY_TIMEOUT`).
 */
export const NODE_FETCH_LIMIT_MS = 300_000;

/** Extra time given to undici, so that our own timeout, with its clearer message, fires first. */
const MARGIN_MS = 5_000;

/** The timeouts of the undici `Agent` behind {@link longTimeoutFetch}. */
export function dispatcherTimeouts(timeoutMs: number): { headersTimeout: number; bodyTimeout: number } {
  const limit = timeoutMs + MARGIN_MS;
  return { headersTimeout: limit, bodyTimeout: limit };
}

/**
 * A fetch whose waits for headers and between body chunks last a little longer than `timeoutMs`,
 * or `undefined` when the global fetch already waits long enough: the timeout fits in Node's
 * limits, or this is not Node (browsers, edge runtimes, Deno and Bun have no such limits).
 * It is undici's own fetch with undici's own `Agent`: an Agent handed to Node's built-in fetch
 * must match the undici version bundled in Node, which changes with Node's major version.
 * undici loads on the first request, so creating a model stays cheap.
 */
export function longTimeoutFetch(timeoutMs: number): typeof globalThis.fetch | undefined {
  if (timeoutMs + MARGIN_MS <= NODE_FETCH_LIMIT_MS || !isNode()) return undefined;
  let loaded: Promise<typeof globalThis.fetch> | undefined;
  return async (input, init) => {
    loaded ??= undiciFetch(dispatcherTimeouts(timeoutMs));
    return (await loaded)(input, init);
  };
}

async function undiciFetch(
  timeouts: ReturnType<typeof dispatcherTimeouts>,
): Promise<typeof globalThis.fetch> {
  const undici = await import("undici");
  const dispatcher = new undici.Agent(timeouts);
  // undici's fetch takes the same arguments as the global one; its types are its own copies.
  const fetch = undici.fetch as unknown as (
    input: Parameters<typeof globalThis.fetch>[0],
    init: RequestInit & { dispatcher: unknown },
  ) => Promise<Response>;
  return (input, init) => fetch(input, { ...init, dispatcher });
}

function isNode(): boolean {
  const runtime = globalThis as { process?: { versions?: { node?: string } }; Bun?: unknown; Deno?: unknown };
  return typeof runtime.process?.versions?.node === "string" && !runtime.Bun && !runtime.Deno;
}
