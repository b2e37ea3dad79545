/** What codeact puts in A2A messages, both ways: parts, and the metadata carrying our events. */

import { type Message, type Part, Role } from "@a2a-js/sdk";
import { type AgentEvent, agentEventSchema } from "@codeact/core";

/** The metadata key under which codeact's own facts travel (agent path, events, run status). */
export const CODEACT_KEY = "codeact";

/** What a caller tells a served agent besides the task. */
export type CallerFacts = { agentPath?: string[] };

/** A text part. */
export function textPart(text: string): Part {
  return {
    content: { $case: "text", value: text },
    metadata: undefined,
    filename: "",
    mediaType: "text/plain",
  };
}

/** A JSON data part. */
export function dataPart(value: unknown): Part {
  return {
    content: { $case: "data", value },
    metadata: undefined,
    filename: "",
    mediaType: "application/json",
  };
}

/** A message of `role` with `parts` and our `facts` in its metadata. */
export function message(
  role: "user" | "agent",
  parts: Part[],
  ids: { taskId?: string; contextId?: string } = {},
  facts?: Record<string, unknown>,
): Message {
  return {
    messageId: crypto.randomUUID(),
    role: role === "user" ? Role.ROLE_USER : Role.ROLE_AGENT,
    parts,
    taskId: ids.taskId ?? "",
    contextId: ids.contextId ?? "",
    metadata: facts ? { [CODEACT_KEY]: facts } : {},
    extensions: [],
    referenceTaskIds: [],
  };
}

/** The text parts of `parts`, joined, and the value of their first data part. */
export function readParts(parts: readonly Part[] = []): { text: string; data?: unknown } {
  const texts: string[] = [];
  let data: unknown;
  let hasData = false;
  for (const { content } of parts) {
    if (content?.$case === "text") texts.push(content.value);
    else if (content?.$case === "data" && !hasData) {
      data = content.value;
      hasData = true;
    }
  }
  return { text: texts.join("\n"), ...(hasData && { data }) };
}

/** Our facts in an A2A object's metadata, when it carries any. */
export function codeactFacts(
  metadata: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const facts = metadata?.[CODEACT_KEY];
  return typeof facts === "object" && facts !== null ? (facts as Record<string, unknown>) : undefined;
}

/** A codeact event that crossed the wire, checked against the event schema; undefined when it fails. */
export async function checkedEvent(value: unknown): Promise<AgentEvent | undefined> {
  if (value === undefined) return undefined;
  const checked = await agentEventSchema["~standard"].validate(value);
  return checked.issues ? undefined : checked.value;
}
