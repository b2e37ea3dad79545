/** The terminal view people watch: steps, streamed thoughts, highlighted code, tools, a spinner. */
import type { AgentEvent, RunResult } from "@codeact/core";
import type { Colors } from "picocolors/types.js";
import { formatAnswer, type Renderer } from "./renderer.js";
import { ThoughtFilter } from "./thought-filter.js";

/** A spinner the renderer can start with a label and stop before it writes. */
export type Spinner = { start(text: string): void; stop(): void };

/** What the pretty renderer writes with. */
export type PrettyOptions = {
  /** Progress goes here (stderr), so stdout holds only the answer. */
  progress: NodeJS.WritableStream;
  answer: NodeJS.WritableStream;
  colors: Colors;
  spinner?: Spinner;
  highlight?: (code: string) => string;
  /** Shown in the first line, e.g. "gpt-4.1-mini". */
  modelId: string;
};

const MAX_OBSERVATION_LINES = 20;
const MAX_TOOL_TEXT = 160;

/** Renders events as they come; the answer and a closing line come at the end. */
export function prettyRenderer(options: PrettyOptions): Renderer {
  const { progress, answer, colors: c, spinner, highlight = (code: string) => code } = options;
  const thought = new ThoughtFilter();
  let atLineStart = true;
  const write = (text: string) => {
    if (!text) return;
    spinner?.stop();
    progress.write(text);
    atLineStart = text.endsWith("\n");
  };
  const line = (text: string) => write(`${atLineStart ? "" : "\n"}${text}\n`);

  return {
    event(event: AgentEvent) {
      const indent = "  ".repeat(Math.max(0, event.agentPath.length - 1));
      switch (event.type) {
        case "run-start":
          line(c.dim(`codeact · ${options.modelId} · ${event.task.split("\n")[0]?.slice(0, 80)}`));
          break;
        case "step-start":
          line(c.bold(c.cyan(`\n${indent}── Step ${event.step} ${"─".repeat(40)}`)));
          spinner?.start("Thinking");
          break;
        case "text-delta":
          write(thought.push(event.delta));
          break;
        case "model-response":
          write(thought.end());
          if (!atLineStart) write("\n");
          break;
        case "plan":
          line(`${c.bold("Plan")}\n${c.dim(event.plan.plan)}`);
          break;
        case "code":
          line(numbered(highlight(event.code), c));
          spinner?.start("Running");
          break;
        case "tool-call":
          line(
            `${indent}${c.yellow("→")} ${c.bold(event.call.name)}(${short(JSON.stringify(event.call.input))})`,
          );
          spinner?.start(`Waiting for ${event.call.name}`);
          break;
        case "tool-result":
          line(
            event.error
              ? `${indent}${c.red("✖")} ${event.name}: ${short(event.error.message)}`
              : `${indent}${c.green("←")} ${event.name}: ${short(JSON.stringify(event.output) ?? "undefined")}`,
          );
          break;
        case "observation":
          line(observation(event.observation, c));
          break;
        default:
          break;
      }
    },
    end(result: RunResult) {
      spinner?.stop();
      const actions = result.steps.filter((step) => step.type === "action").length;
      const tokens = result.usage.inputTokens + result.usage.outputTokens;
      const facts = [
        `${actions} step${actions === 1 ? "" : "s"}`,
        `${tokens.toLocaleString("en-US")} tokens (${result.usage.inputTokens.toLocaleString("en-US")} in, ${result.usage.outputTokens.toLocaleString("en-US")} out)`,
        `${(result.durationMs / 1000).toFixed(1)} s`,
      ].join(" · ");
      const mark =
        result.status === "success"
          ? c.green("✔ Done")
          : c.red(`✖ ${result.status === "max_steps" ? "Out of steps" : result.status}`);
      line(`\n${mark} ${c.dim(facts)}`);
      if (result.status !== "success") line(c.red(result.error.message));
      if (result.output !== undefined) answer.write(`${formatAnswer(result.output)}\n`);
      else if (result.status !== "success" && result.fallbackText)
        line(`Best answer, unchecked:\n${result.fallbackText}`);
    },
  };
}

function numbered(code: string, c: Colors): string {
  const lines = code.split("\n");
  const width = String(lines.length).length;
  return lines.map((text, i) => `${c.dim(`${String(i + 1).padStart(width)} │`)} ${text}`).join("\n");
}

function observation(text: string, c: Colors): string {
  const lines = text.replace(/^Observation:\n/, "").split("\n");
  const shown = lines.slice(0, MAX_OBSERVATION_LINES);
  if (lines.length > shown.length) shown.push(`… ${lines.length - shown.length} more lines`);
  return shown.map((text) => (text.startsWith("Error:") ? c.red(text) : c.dim(text))).join("\n");
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > MAX_TOOL_TEXT ? `${flat.slice(0, MAX_TOOL_TEXT - 1)}…` : flat;
}
