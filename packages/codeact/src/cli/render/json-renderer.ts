/** `--json`: one `AgentEvent` per line on stdout and nothing else, for programs to read. */
import type { AgentEvent } from "@codeact/core";
import type { Renderer } from "./renderer.js";
import { safeJson } from "./safe-json.js";

/**
 * Writes each event as one line of JSON. Values JSON cannot hold become strings (a BigInt its
 * digits, a cycle `"[Circular]"`), never a crash. A tool call whose input JSON would drop
 * (`undefined`, a function, a symbol), while the event schema requires it, gets `"input": null`.
 */
export function jsonRenderer(out: NodeJS.WritableStream): Renderer {
  const write = (event: AgentEvent) => out.write(`${safeJson(withInput(event))}\n`);
  return { event: write, end: () => {} };
}

// The agents always send an input ({} for a call with no argument); an event from elsewhere may not.
function withInput(event: AgentEvent): AgentEvent {
  if (event.type !== "tool-call" || !["undefined", "function", "symbol"].includes(typeof event.call?.input))
    return event;
  return { ...event, call: { ...event.call, input: null } };
}
