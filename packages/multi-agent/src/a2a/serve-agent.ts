/** An agent behind an HTTP endpoint speaking A2A (JSON-RPC binding), on Node's own `http`. */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import {
  A2A_PROTOCOL_VERSION,
  AGENT_CARD_PATH,
  type AgentCard,
  formatSSEEvent,
  SSE_HEADERS,
} from "@a2a-js/sdk";
import {
  DefaultRequestHandler,
  defaultServerCallContextBuilder,
  InMemoryTaskStore,
  JsonRpcTransportHandler,
  UnauthenticatedUser,
  validateVersion,
} from "@a2a-js/sdk/server";
import { AbortError, type Agent, CodeActError, type Schema } from "@codeact/core";
import { agentExecutor, type RunningTasks } from "./executor.js";

/** Where and how {@link serveAgent} listens. */
export type ServeAgentOptions = {
  /** 0 picks a free port; `url` says which. */
  port: number;
  /** Default 127.0.0.1: only this machine can connect unless told otherwise. */
  host?: string;
  /** Requests must carry `Authorization: Bearer <token>`; the agent card stays public. */
  auth?: { token: string };
  /** The agent card's name and description. Default: the agent's. */
  name?: string;
  description?: string;
};

/** A running A2A server. */
export type AgentServer = AsyncDisposable & {
  /** The endpoint, e.g. `http://127.0.0.1:4000/`; its agent card is at `/.well-known/agent-card.json`. */
  readonly url: string;
  readonly card: AgentCard;
  /** Stops serving: cancels running tasks and ends every connection. */
  close(): Promise<void>;
};

/** The extension whose `params.schema` is the JSON Schema of the agent's answer. */
export const OUTPUT_SCHEMA_EXTENSION = "urn:codeact:a2a:output-schema:v1";
const maxBodyBytes = 4 * 1024 * 1024;

/**
 * Serves `agent` over A2A: an agent card, message send (plain and streaming), task updates that
 * carry codeact's events, cancellation, and the typed answer as a data part. Every task is a
 * fresh run.
 *
 * @example
 * const server = await serveAgent(researcher, { port: 4000, auth: { token: process.env.A2A_TOKEN! } });
 * console.log(server.url); // http://127.0.0.1:4000/
 */
// biome-ignore lint/suspicious/noExplicitAny: any agent, whatever its output type.
export async function serveAgent(agent: Agent<any>, options: ServeAgentOptions): Promise<AgentServer> {
  const { port, host = "127.0.0.1", auth } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CodeActError({
      code: "invalid_option",
      message: `port must be a whole number from 0 to 65535, not ${port}.`,
    });
  }
  if (auth && !auth.token) {
    throw new CodeActError({
      code: "invalid_option",
      message: "auth.token is empty: pass the token clients must send.",
    });
  }
  const running: RunningTasks = new Map();
  const http = createServer();
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host, () => resolve());
  });
  const { port: bound } = http.address() as { port: number };
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${bound}/`;
  const card = agentCard(agent, options, url);
  const handler = new JsonRpcTransportHandler(
    new DefaultRequestHandler(card, new InMemoryTaskStore(), agentExecutor(agent, running)),
  );
  http.on("request", (req, res) => {
    respond(req, res, { card, handler, token: auth?.token }).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: (error as Error).message }));
    });
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      const reason = new AbortError({ message: "The A2A server closed." });
      for (const controller of running.values()) controller.abort(reason);
      http.close(() => resolve());
      http.closeAllConnections();
    });
    return closing;
  };
  return { url, card, close, [Symbol.asyncDispose]: close };
}

async function respond(
  req: IncomingMessage,
  res: ServerResponse,
  { card, handler, token }: { card: AgentCard; handler: JsonRpcTransportHandler; token: string | undefined },
): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (req.method === "GET" && path === `/${AGENT_CARD_PATH}`) {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(card));
    return;
  }
  if (path !== "/") return void res.writeHead(404).end();
  if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
  if (token !== undefined && !authorized(req.headers.authorization, token)) {
    res.writeHead(401, { "www-authenticate": 'Bearer realm="codeact"', "content-type": "text/plain" });
    res.end("Unauthorized: send `Authorization: Bearer <token>` with the server's token.");
    return;
  }
  const body = await readBody(req);
  if (body === undefined) return void res.writeHead(413).end();
  const version = header(req.headers["a2a-version"]);
  const context = defaultServerCallContextBuilder({
    extensions: undefined,
    user: new UnauthenticatedUser(),
    headers: req.headers,
    ...(version && { requestedVersion: version }),
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
    validateVersion(context.requestedVersion, card, "JSONRPC");
  } catch (error) {
    const code =
      error instanceof SyntaxError ? -32700 : JsonRpcTransportHandler.mapToJSONRPCError(error).code;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code, message: (error as Error).message } }));
    return;
  }
  const answer = await handler.handle(parsed as Record<string, unknown>, context);
  if (!(Symbol.asyncIterator in answer)) {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    return;
  }
  res.writeHead(200, SSE_HEADERS);
  // A caller that hangs up stops reading; its task keeps running until canceled or done.
  for await (const event of answer) {
    if (res.destroyed) break;
    res.write(formatSSEEvent(event));
  }
  res.end();
}

function agentCard(
  // biome-ignore lint/suspicious/noExplicitAny: any agent, whatever its output type.
  agent: Agent<any>,
  options: ServeAgentOptions,
  url: string,
): AgentCard {
  const name = options.name ?? agent.name;
  const description = options.description ?? agent.description ?? `The codeact agent ${agent.name}.`;
  const answer = agent.outputSchema as Partial<Schema> | undefined;
  const schema = answer?.["~standard"]?.jsonSchema?.output({ target: "draft-2020-12" });
  return {
    name,
    description,
    supportedInterfaces: [
      { url, protocolBinding: "JSONRPC", tenant: "", protocolVersion: A2A_PROTOCOL_VERSION },
    ],
    provider: undefined,
    version: "1.0.0",
    capabilities: {
      streaming: true,
      pushNotifications: false,
      extensions: schema
        ? [
            {
              uri: OUTPUT_SCHEMA_EXTENSION,
              description: "The JSON Schema of the answer.",
              required: false,
              params: { schema },
            },
          ]
        : [],
      extendedAgentCard: false,
    },
    securitySchemes: options.auth
      ? {
          bearer: {
            scheme: {
              $case: "httpAuthSecurityScheme",
              value: { description: "", scheme: "Bearer", bearerFormat: "" },
            },
          },
        }
      : {},
    securityRequirements: options.auth ? [{ schemes: { bearer: { list: [] } } }] : [],
    defaultInputModes: ["text/plain", "application/json"],
    defaultOutputModes: schema ? ["application/json"] : ["text/plain", "application/json"],
    skills: [
      {
        id: name,
        name,
        description,
        tags: ["codeact"],
        examples: [],
        inputModes: [],
        outputModes: [],
        securityRequirements: [],
      },
    ],
    signatures: [],
  };
}

function authorized(given: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const actual = Buffer.from(given ?? "");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The request body, or undefined past the size cap. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
