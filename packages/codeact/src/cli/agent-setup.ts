/** The code agent `codeact run` and `codeact mcp` build from the same flags: model, tools, sandbox. */
import type { AnyTool, CodeAgent, Executor, Model } from "@codeact/core";
import { ConfigError, chooseModel, type ModelChoice } from "./config.js";
import type { CliIO } from "./io.js";
import { type ModelWaits, modelWaits } from "./model-waits.js";

/** The flags that shape the agent, shared by `run` and `mcp`. */
export type AgentFlags = {
  provider?: string;
  model?: string;
  baseUrl?: string;
  maxSteps: number;
  planningInterval?: number;
  instructions?: string;
  allowRead?: string;
  allowWrite?: string;
  allowFetch?: boolean;
  /** MCP servers to start, one command line each. */
  mcp?: string[];
  /** MCP servers to reach over HTTP. */
  mcpUrl?: string[];
  timeout?: number;
  /** Where the code runs: "quickjs" (default) or "e2b". */
  executor?: string;
  /** Seconds one model request may take. */
  modelTimeout?: number;
};

/** An agent ready to run, and what must be closed after it (MCP connections). */
export type CliAgent = { agent: CodeAgent; model: Model; close(): Promise<void> };

/**
 * Builds the agent. `say` prints notices (model retries) wherever the command shows them.
 * Mistakes in the flags, and MCP servers that cannot be reached, are {@link ConfigError}s.
 */
export async function createCliAgent(
  flags: AgentFlags,
  io: CliIO,
  say: (text: string) => void,
): Promise<CliAgent> {
  const choice = chooseModel(flags, io.env);
  const waits = modelWaits(flags, say);
  const [{ CodeAgent }, executor, model, servers] = await Promise.all([
    import("@codeact/core"),
    createExecutor(flags),
    createModel(choice, waits),
    connectServers(flags, io),
  ]);
  try {
    const tools = [...(await loadTools(flags)), ...servers.tools];
    const agent = new CodeAgent({
      model,
      executor,
      tools,
      maxSteps: flags.maxSteps,
      ...(flags.planningInterval && { planningInterval: flags.planningInterval }),
      ...(flags.instructions && { instructions: flags.instructions }),
    });
    const close = async () => {
      await agent.dispose();
      await servers.close();
    };
    return { agent, model, close };
  } catch (error) {
    await servers.close();
    if (error instanceof Error && !(error instanceof ConfigError) && "code" in error) {
      throw new ConfigError(error.message);
    }
    throw error;
  }
}

/**
 * The agent for a command that serves it (`mcp`, `serve`), whose stdout may carry a protocol:
 * notices go to stderr, and a configuration mistake is reported there and gives `undefined`.
 */
export async function createServedAgent(flags: AgentFlags, io: CliIO): Promise<CliAgent | undefined> {
  try {
    return await createCliAgent(flags, io, (text) => io.stderr.write(`${text}\n`));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`codeact: ${error.message}\n`);
    return undefined;
  }
}

/** The sandbox `--executor` names; E2B's SDK loads only when it is asked for. */
async function createExecutor(flags: AgentFlags): Promise<Executor> {
  const limits = flags.timeout ? { timeoutMs: flags.timeout } : {};
  if (flags.executor === "e2b") {
    const { E2BExecutor } = await import("@codeact/executors/e2b");
    try {
      return new E2BExecutor(limits);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  }
  const { QuickJSExecutor } = await import("@codeact/executors");
  return new QuickJSExecutor(limits);
}

// Tools (and zod, which they need) load only when a flag asks for one: most runs start faster.
async function loadTools(flags: AgentFlags): Promise<AnyTool[]> {
  if (!flags.allowRead && !flags.allowWrite && !flags.allowFetch) return [];
  const { builtinTools } = await import("./builtin-tools.js");
  return builtinTools(flags).catch((error: Error) => {
    throw new ConfigError(error.message);
  });
}

/** Connects every `--mcp` and `--mcp-url` server; if one fails, those already open are closed. */
async function connectServers(flags: AgentFlags, io: CliIO) {
  const commands = flags.mcp ?? [];
  const urls = flags.mcpUrl ?? [];
  const opened: { tools(): Promise<AnyTool[]>; close(): Promise<void> }[] = [];
  const close = async () => {
    await Promise.allSettled(opened.map((server) => server.close()));
  };
  if (commands.length + urls.length === 0) return { tools: [], close };
  const { connectMcp } = await import("@codeact/mcp");
  const tools: AnyTool[] = [];
  try {
    for (const line of commands) {
      const [command, ...args] = splitCommand(line);
      if (!command)
        throw new ConfigError(
          '--mcp needs a command, for example --mcp "npx -y @modelcontextprotocol/server-memory".',
        );
      // The server is the user's own command, run as their shell would: it sees their environment.
      opened.push(await connectMcp({ command, args, env: io.env as Record<string, string> }));
    }
    for (const url of urls) opened.push(await connectMcp({ url }));
    for (const server of opened) tools.push(...(await server.tools()));
  } catch (error) {
    await close();
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`Could not use an MCP server: ${(error as Error).message}`);
  }
  return { tools, close };
}

/** A command line split into words as a POSIX shell would, quotes and backslashes included. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === "\\" && quote === '"' && i + 1 < line.length) word = (word ?? "") + line[++i];
      else word = (word ?? "") + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= "";
    } else if (char === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[++i];
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? "") + char;
  }
  if (quote) throw new ConfigError(`The --mcp command has an unclosed ${quote}: ${line}`);
  if (word !== undefined) words.push(word);
  return words;
}

async function createModel(choice: ModelChoice, waits: ModelWaits): Promise<Model> {
  if (choice.provider === "huggingface") {
    const { huggingface } = await import("@codeact/models");
    return huggingface({ model: choice.model, accessToken: choice.accessToken, ...waits });
  }
  const { openai } = await import("@codeact/models");
  return openai({ model: choice.model, baseURL: choice.baseURL, apiKey: choice.apiKey, ...waits });
}
