// Connects to the faulty server, prints its pid, and exits without closing the connection.
import { connectMcp } from "@codeact/mcp";

const [server] = process.argv.slice(2);
const mcp = await connectMcp({
  command: process.execPath,
  args: [server],
  env: { OUTLIVE_STDIN: "1" },
  stderr: "ignore",
});
const pid = (await mcp.tools()).find((tool) => tool.name === "pid");
console.log(await pid.execute({}, { signal: new AbortController().signal, callId: "c1" }));
process.exit(0);
