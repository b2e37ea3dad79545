/** How the CLI shows a run: pretty for people, JSON lines for programs, or just the answer. */
import type { AgentEvent, RunResult } from "@codeact/core";
import { safeJson } from "./safe-json.js";

/** Receives every event of a run, then its result. */
export interface Renderer {
  event(event: AgentEvent): void;
  /** Shows a note that is no event of the run, e.g. that a model request is retried after a wait. */
  notice?(text: string): void;
  /** Called once when the run is over, before the process exits. */
  end(result: RunResult): void;
}

/** The answer as a person reads it: text as is, anything else as indented JSON (never a throw). */
export function formatAnswer(output: unknown): string {
  if (typeof output === "string") return output;
  return safeJson(output, { space: 2 });
}
