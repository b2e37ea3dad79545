/** `codeact mcp`: a code agent served over MCP on stdio, for an IDE or a desktop assistant to call. */
import { type AgentFlags, createCliAgent } from "./agent-setup.js";
import { ConfigError } from "./config.js";
import { type CliIO, ExitCode } from "./io.js";

/**
 * Serves the agent until the client closes stdin or Ctrl-C. Standard output carries only the
 * protocol, so every notice goes to stderr.
 */
export async function mcpCommand(flags: AgentFlags, io: CliIO): Promise<number> {
  let setup: Awaited<ReturnType<typeof createCliAgent>>;
  try {
    setup = await createCliAgent(flags, io, (text) => io.stderr.write(`${text}\n`));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`codeact: ${error.message}\n`);
    return ExitCode.usage;
  }
  const { serveMcp } = await import("@codeact/mcp");
  const server = await serveMcp({ agent: setup.agent }, { transport: "stdio" });
  const interrupted = await new Promise<boolean>((resolve) => {
    const stopListening = io.onInterrupt(() => resolve(true));
    io.stdin.once("end", () => {
      stopListening();
      resolve(false);
    });
  });
  await server.close();
  await setup.close();
  return interrupted ? ExitCode.interrupted : ExitCode.success;
}
