/** `--json`: one `AgentEvent` per line on stdout and nothing else, for programs to read. */
import type { AgentEvent } from "@codeact/core";
import type { Renderer } from "./renderer.js";
import { safeJson } from "./safe-json.js";

/**
 * Writes each event as one line of JSON. Values JSON cannot hold become strings (a BigInt its
 * digits, a cycle `"[Circular]"`), never a crash.
 */
export function jsonRenderer(out: NodeJS.WritableStream): Renderer {
  const write = (event: AgentEvent) => out.write(`${safeJson(event)}\n`);
  return { event: write, end: () => {} };
}
