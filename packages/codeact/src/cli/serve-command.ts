/** `codeact serve --a2a`: a code agent behind an HTTP endpoint speaking A2A, for managers on other machines. */
import { type AgentFlags, createServedAgent } from "./agent-setup.js";
import { type CliIO, ExitCode } from "./io.js";

/** The flags of `serve` besides the agent's. */
export type ServeFlags = AgentFlags & {
  a2a?: boolean;
  port: number;
  host?: string;
  name?: string;
  description?: string;
};

/**
 * Serves the agent until Ctrl-C. The endpoint's URL is the one line on stdout; requests must
 * carry `CODEACT_A2A_TOKEN` as a bearer token when that variable is set.
 */
export async function serveCommand(flags: ServeFlags, io: CliIO): Promise<number> {
  if (!flags.a2a) {
    io.stderr.write("codeact: serve needs a protocol: add --a2a (codeact serve --a2a --port 4000).\n");
    return ExitCode.usage;
  }
  const setup = await createServedAgent(flags, io);
  if (!setup) return ExitCode.usage;
  const { serveAgent } = await import("@codeact/multi-agent");
  const token = io.env.CODEACT_A2A_TOKEN;
  let server: Awaited<ReturnType<typeof serveAgent>>;
  try {
    server = await serveAgent(setup.agent, {
      port: flags.port,
      ...(flags.host && { host: flags.host }),
      ...(flags.name && { name: flags.name }),
      ...(flags.description && { description: flags.description }),
      ...(token && { auth: { token } }),
    });
  } catch (error) {
    await setup.close();
    const code = (error as { code?: string }).code;
    const why =
      code === "EADDRINUSE"
        ? `port ${flags.port} is in use: pick another with --port.`
        : `could not listen on ${flags.host ?? "127.0.0.1"}:${flags.port}: ${(error as Error).message}`;
    io.stderr.write(`codeact: ${why}\n`);
    return ExitCode.usage;
  }
  io.stdout.write(`${server.url}\n`);
  const guarded = token
    ? "; requests need CODEACT_A2A_TOKEN as a bearer token"
    : "; no token: anyone who can reach it may use it";
  io.stderr.write(`codeact: serving the agent over A2A at ${server.url}${guarded}. Ctrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    const stop = io.onInterrupt(() => {
      stop();
      resolve();
    });
  });
  await server.close();
  await setup.close();
  return ExitCode.interrupted;
}
