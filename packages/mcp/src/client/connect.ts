/** Connecting to an MCP server: over stdio (a child process) or HTTP, its tools as codeact tools. */
import { type AnyTool, CodeActError, jsonSchema, ToolError, type ToolSource, tool } from "@codeact/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type CallToolResult, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { type HttpServer, openHttp, withSignIn } from "./http.js";
import { type ApprovalPolicy, type ToolConversion, toolName, toTool } from "./to-tool.js";

/** A server started as a child process, spoken to over its stdin and stdout. */
export type StdioServer = {
  command: string;
  args?: string[];
  /** Variables for the child, added to a safe subset of the host's environment (PATH, HOME, …). */
  env?: Record<string, string>;
  cwd?: string;
  /** What happens to the server's stderr. Default "inherit". */
  stderr?: "inherit" | "ignore";
};

/** Options of {@link connectMcp}. */
export type ConnectOptions = {
  /** Put before every tool name (`"github_"`), so two servers' tools never collide. */
  prefix?: string;
  /** How errors name this server. Default: the command or the URL's host. */
  name?: string;
  /** Aborts connecting. */
  signal?: AbortSignal;
  /** How long one request may take before it fails. Default 60,000 ms. */
  timeoutMs?: number;
  /** Return `structuredContent` from tools with an `outputSchema`. Default true. */
  structuredOutput?: boolean;
  /** Which tools need approval: all, none, or (`"destructive"`) those not marked read-only and not marked non-destructive. Default false. */
  needsApproval?: ApprovalPolicy;
};

type Connection = { client: Client; transport: Transport };

/**
 * Connects to an MCP server and lists its tools.
 *
 * @example
 * await using memory = await connectMcp({ command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] });
 * const agent = new CodeAgent({ model, tools: [memory] });
 */
export async function connectMcp(
  server: StdioServer | HttpServer,
  options: ConnectOptions = {},
): Promise<McpClient> {
  const client = new McpClient(server, options);
  try {
    await client.refreshTools({ signal: options.signal ?? new AbortController().signal });
    return client;
  } catch (error) {
    await client.close();
    throw error;
  }
}

/**
 * One MCP server's connection. Pass it among an agent's `tools` to follow the server's list
 * changes during a run, or take a snapshot with {@link McpClient.tools}.
 */
export class McpClient implements ToolSource, AsyncDisposable {
  readonly name: string;
  readonly #server: StdioServer | HttpServer;
  readonly #options: ConnectOptions;
  #connection?: Promise<Connection>;
  /** The open connection, known at once when its transport closes. */
  #live?: Connection;
  #tools: AnyTool[] = [];
  #listing?: Promise<AnyTool[]>;
  #closed = false;
  readonly #listeners = new Set<() => void>();

  constructor(server: StdioServer | HttpServer, options: ConnectOptions) {
    this.#server = server;
    this.#options = options;
    this.name = options.name ?? ("command" in server ? server.command : new URL(server.url).host);
  }

  /** The server's tools (and, when it has resources, tools to list and read them), listed afresh. */
  async tools(options: { signal?: AbortSignal } = {}): Promise<AnyTool[]> {
    return [...(await this.refreshTools({ signal: options.signal ?? new AbortController().signal }))];
  }

  /** The tools as last listed. */
  currentTools(): readonly AnyTool[] {
    return this.#tools;
  }

  /** The tools once a list change the server announced has been listed. */
  async refreshTools({ signal }: { signal: AbortSignal }): Promise<readonly AnyTool[]> {
    if (!this.#listing) this.#listing = this.#list(signal);
    try {
      this.#tools = await this.#listing;
      return this.#tools;
    } finally {
      this.#listing = undefined;
    }
  }

  /** Calls `listener` when the server says its tools changed. Returns a function that stops it. */
  onToolsChanged(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The server's prompts. */
  async prompts(): Promise<
    { name: string; description?: string; arguments?: { name: string; required?: boolean }[] }[]
  > {
    return (await this.#request((client) => client.listPrompts())).prompts;
  }

  /** A server prompt's text (its messages' text, joined), for an agent's `instructions`. */
  async prompt(name: string, args: Record<string, string> = {}): Promise<string> {
    const { messages } = await this.#request((client) => client.getPrompt({ name, arguments: args }));
    return messages.flatMap(({ content }) => (content.type === "text" ? [content.text] : [])).join("\n\n");
  }

  /** Ends the connection and, for stdio, the server's process. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    const connection = this.#connection;
    this.#connection = undefined;
    await connection?.then(({ client }) => client.close()).catch(() => {});
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #list(signal: AbortSignal): Promise<AnyTool[]> {
    const listed = [];
    let cursor: string | undefined;
    do {
      const params = cursor ? { cursor } : {};
      const page = await this.#request(
        (client) => client.listTools(params, { signal, timeout: this.#timeout }),
        signal,
      );
      listed.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    const conversion: ToolConversion = {
      prefix: this.#options.prefix ?? "",
      structuredOutput: this.#options.structuredOutput ?? true,
      needsApproval: this.#options.needsApproval ?? false,
      call: (name, input, callSignal) => this.#call(name, input, callSignal),
    };
    const tools = listed.map((listedTool) => toTool(listedTool, conversion));
    const { client } = await this.#connect(signal);
    if (client.getServerCapabilities()?.resources) tools.push(...this.#resourceTools());
    return tools;
  }

  get #timeout(): number {
    return this.#options.timeoutMs ?? 60_000;
  }

  async #call(name: string, input: unknown, signal: AbortSignal): Promise<CallToolResult> {
    const { client, transport } = await this.#connect(signal).catch((error: Error) => {
      throw new ToolError({ toolName: name, message: `${name} failed: ${error.message}` });
    });
    try {
      const args = (input ?? {}) as Record<string, unknown>;
      const options = { signal, timeout: this.#timeout };
      const call = () => client.callTool({ name, arguments: args }, undefined, options);
      return (await this.#signedIn(transport, call, signal)) as CallToolResult;
    } catch (error) {
      if (signal.aborted) throw error;
      const reason = (error as Error).message.replace(/^MCP error -?\d+: /, "");
      const lost = !this.#connection
        ? ` The MCP server ${this.name} stopped; the next call starts it again.`
        : "";
      throw new ToolError({ toolName: name, message: `${name} failed: ${reason}.${lost}`, cause: error });
    }
  }

  /** Runs `request` on the live connection. */
  async #request<T>(request: (client: Client) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const { client, transport } = await this.#connect(signal);
    return this.#signedIn(transport, () => request(client), signal);
  }

  /** A server may ask for more scopes mid-session: the user signs in again and the request goes on. */
  #signedIn<T>(transport: Transport, request: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if ("command" in this.#server) return request();
    return withSignIn(this.#server, transport, request, signal ? { signal } : {});
  }

  #resourceTools(): AnyTool[] {
    const prefix = this.#options.prefix ?? "";
    return [
      tool({
        name: toolName(prefix, "list_resources"),
        description: `Lists the resources (files, records, documents) the ${this.name} server offers: uri, name, description and mimeType.`,
        inputSchema: jsonSchema<Record<string, never>>({ type: "object", properties: {} }),
        execute: async (_, { signal }) => {
          const listing = (client: Client) => client.listResources({}, { signal, timeout: this.#timeout });
          return (await this.#request(listing, signal)).resources;
        },
      }),
      tool({
        name: toolName(prefix, "read_resource"),
        description: `Reads one resource of the ${this.name} server by uri: its text, or its binary data described.`,
        inputSchema: jsonSchema<{ uri: string }>({
          type: "object",
          properties: { uri: { type: "string" } },
          required: ["uri"],
        }),
        execute: async ({ uri }, { signal }) => {
          const reading = (client: Client) =>
            client.readResource({ uri }, { signal, timeout: this.#timeout });
          const { contents } = await this.#request(reading, signal);
          if (contents.length === 1 && "text" in contents[0]!) return contents[0].text;
          return contents;
        },
      }),
    ];
  }

  /** The live connection, opened on first use and again after a stdio server stopped. */
  #connect(signal?: AbortSignal): Promise<Connection> {
    if (this.#closed) {
      return Promise.reject(
        new CodeActError({
          code: "mcp_closed",
          message: `The connection to the MCP server ${this.name} is closed.`,
        }),
      );
    }
    if (!this.#connection) {
      const opening = this.#open(signal);
      this.#connection = opening;
      opening.catch(() => {
        if (this.#connection === opening) this.#connection = undefined;
      });
    }
    return this.#connection;
  }

  async #open(signal?: AbortSignal): Promise<Connection> {
    // Starting a process and its handshake can take longer than a call may.
    const options = { timeout: Math.max(this.#timeout, 30_000), ...(signal && { signal }) };
    const server = this.#server;
    if ("command" in server) {
      const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
      const transport = new StdioClientTransport({
        command: server.command,
        args: server.args ?? [],
        stderr: server.stderr ?? "inherit",
        ...(server.env && { env: server.env }),
        ...(server.cwd && { cwd: server.cwd }),
      });
      return this.#start(
        transport,
        options,
        `Could not start the MCP server \`${[server.command, ...(server.args ?? [])].join(" ")}\``,
      );
    }
    return openHttp(server, (transport) => this.#start(transport, options), signal);
  }

  async #start(
    transport: Transport,
    options: { timeout: number; signal?: AbortSignal },
    failure?: string,
  ): Promise<Connection> {
    const client = new Client({ name: "codeact", version: "1.0.0" }, { capabilities: {} });
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      this.#listing ??= this.#list(new AbortController().signal);
      this.#listing.catch(() => {});
      for (const listener of this.#listeners) listener();
    });
    const connection = { client, transport };
    let pid: number | undefined;
    transport.onclose = () => {
      // A process that ended is forgotten: its id may soon belong to another process.
      if (pid !== undefined) children.delete(pid);
      // Only a stdio server comes back by itself: the next call starts its process again.
      if (this.#live !== connection) return;
      this.#live = undefined;
      this.#connection = undefined;
    };
    try {
      await client.connect(transport, options);
      this.#live = connection;
      if ("pid" in transport && typeof transport.pid === "number") {
        pid = transport.pid;
        killOnExit(pid);
      }
      return connection;
    } catch (error) {
      await client.close().catch(() => {});
      if (options.signal?.aborted) throw options.signal.reason;
      if (!failure) throw error;
      const message = `${failure}: ${(error as Error).message}. Check the command and that the package is installed.`;
      throw new CodeActError({ code: "mcp_unreachable", message, cause: error });
    }
  }
}

const children = new Set<number>();
/** Servers started for this process end with it, even when it exits without closing them. */
let exitHook = false;
function killOnExit(pid: number): void {
  if (!exitHook) {
    exitHook = true;
    process.once("exit", () => {
      for (const child of children) {
        try {
          process.kill(child);
        } catch {}
      }
    });
  }
  children.add(pid);
}
