/** What the journal tests share: a step's code as a model writes it, and tools that count and wait. */
import { tool } from "@codeact/core";
import { z } from "zod";

/** A model's answer running `code`. */
export const js = (code: string): string => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;

/** A counter tool that records how often it really ran, and a tool that waits until told. */
export function world() {
  const ran: string[] = [];
  const keys: string[] = [];
  let release: (() => void) | undefined;
  const listeners: Array<() => void> = [];
  /** Resolves once `wait` has been called `count` times in all. */
  const started = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (keys.length >= count ? resolve() : listeners.push(check));
      check();
    });
  const count = tool({
    name: "count",
    description: "Counts up.",
    inputSchema: z.object({}),
    execute: () => {
      ran.push("count");
      return ran.filter((name) => name === "count").length;
    },
  });
  const wait = tool({
    name: "wait",
    description: "Waits.",
    inputSchema: z.object({}),
    execute: (_, { signal, idempotencyKey }) => {
      keys.push(idempotencyKey ?? "none");
      for (const listener of listeners.splice(0)) listener();
      return new Promise((resolve, reject) => {
        release = () => resolve("waited");
        signal.addEventListener("abort", () => reject(signal.reason));
      });
    },
  });
  return { ran, keys, started, tools: [count, wait], release: () => release?.() };
}
