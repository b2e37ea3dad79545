/** `codeact mcp`: a code agent served over MCP on stdio, for an IDE or a desktop assistant to call. */
import { type AgentFlags, createServedAgent } from "./agent-setup.js";
import { type CliIO, ExitCode } from "./io.js";

/**
 * Serves the agent until the client closes stdin or Ctrl-C. Standard output carries only the
 * protocol, so every notice goes to stderr.
 */
export async function mcpCommand(flags: AgentFlags, io: CliIO): Promise<number> {
  const setup = await createServedAgent(flags, io);
  if (!setup) return ExitCode.usage;
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
