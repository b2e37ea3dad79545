/** `--json`: one `AgentEvent` per line on stdout and nothing else, for programs to read. */
import type { AgentEvent } from "@codeact/core";
import type { Renderer } from "./renderer.js";

/** Writes each event as one line of JSON. Values JSON cannot hold become strings, never a crash. */
export function jsonRenderer(out: NodeJS.WritableStream): Renderer {
  const write = (event: AgentEvent) => out.write(`${JSON.stringify(event, replacer)}\n`);
  return { event: write, end: () => {} };
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
