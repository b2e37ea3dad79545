/**
 * The codeact runner: one session of the sandbox protocol over this process's stdin and stdout,
 * as line-delimited JSON, its code run with full Node.js. An E2B sandbox runs it (uploaded as one
 * file), and so does `ProcessExecutor`. Its argument is the JSON of its limits.
 */
import { createInterface } from "node:readline";
import type { HostMessage } from "../protocol/messages.js";
import { serveSession } from "../protocol/serve-session.js";
import { preloadParser } from "../shared/repl-declarations.js";
import { NodeSession, type RunnerLimits } from "./node-session.js";

const limits = JSON.parse(process.argv[2] ?? "{}") as RunnerLimits;
const protocol = process.stdout.write.bind(process.stdout);
let session: NodeSession | undefined;
// The code's own writes to stdout are its output, not protocol messages.
process.stdout.write = ((chunk: string | Uint8Array) => {
  session?.log(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
  return true;
}) as typeof process.stdout.write;
preloadParser();
// A promise the code let reject unhandled, or a throw from its callbacks, is the code's own
// business: the runner goes on serving.
process.on("unhandledRejection", () => {});
process.on("uncaughtException", (error) => {
  session?.log(`Uncaught ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
});

const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
serveSession(
  {
    post: (message) => protocol(`${JSON.stringify(message)}\n`),
    listen: (listener) =>
      lines.on("line", (line) => {
        // The host is trusted, but a line that is not a message must not end the runner.
        let message: HostMessage;
        try {
          message = JSON.parse(line) as HostMessage;
        } catch {
          return;
        }
        listener(message);
      }),
    close: () => {
      lines.close();
      process.exit(0);
    },
  },
  {
    open: async ({ functions, globals }) => {
      session = await NodeSession.create(limits, { functions, globals });
      return session;
    },
  },
);
// The host went away: nothing more will come.
lines.on("close", () => process.exit(0));
