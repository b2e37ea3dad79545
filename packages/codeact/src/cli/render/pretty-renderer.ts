/** The terminal view people watch: steps, streamed thoughts, highlighted code, tools, a spinner. */
import type { AgentEvent, RunResult } from "@codeact/core";
import type { Colors } from "picocolors/types.js";
import { formatAnswer, type Renderer } from "./renderer.js";
import { safeJson } from "./safe-json.js";
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
const MAX_LINE = 1_000;

/** Renders events as they come; the answer and a closing line come at the end. */
export function prettyRenderer(options: PrettyOptions): Renderer {
  const { progress, answer, colors: c, spinner } = options;
  const highlight = (code: string) => {
    try {
      return options.highlight ? options.highlight(code) : code;
    } catch {
      return code;
    }
  };
  const thought = new ThoughtFilter();
  let atLineStart = true;
  const write = (text: string) => {
    if (!text) return;
    spinner?.stop();
    progress.write(text);
    atLineStart = text.endsWith("\n");
  };
  const line = (text: string) => write(`${atLineStart ? "" : "\n"}${text}\n`);

  // Per agent: the last step that started, and the step whose plan is streaming. Text that
  // arrives before its step starts is a plan: it streams under its heading, and the `plan` event
  // that follows prints nothing more, so the plan is shown once.
  const lastStarted = new Map<string, number>();
  const planStreamed = new Map<string, number>();

  const show = (event: AgentEvent) => {
    const agent = (event.agentPath ?? []).join("/");
    const indent = "  ".repeat(Math.max(0, (event.agentPath?.length ?? 1) - 1));
    switch (event.type) {
      case "run-start":
        line(c.dim(`codeact · ${options.modelId} · ${firstLine(event.task).slice(0, 80)}`));
        break;
      case "step-start":
        lastStarted.set(agent, event.step);
        line(c.bold(c.cyan(`\n${indent}── Step ${event.step} ${"─".repeat(40)}`)));
        spinner?.start("Thinking");
        break;
      case "text-delta":
        if (event.step > (lastStarted.get(agent) ?? 0)) {
          if (planStreamed.get(agent) !== event.step) line(c.bold("Plan"));
          planStreamed.set(agent, event.step);
          write(dimmed(String(event.delta ?? ""), c));
        } else write(thought.push(String(event.delta ?? "")));
        break;
      case "model-response":
        write(thought.end());
        if (!atLineStart) write("\n");
        break;
      case "plan":
        if (planStreamed.get(agent) === event.step) planStreamed.delete(agent);
        else line(`${c.bold("Plan")}\n${c.dim(String(event.plan?.plan ?? ""))}`);
        break;
      case "code":
        line(numbered(highlight(String(event.code ?? "")), c));
        spinner?.start("Running");
        break;
      case "tool-call": {
        const { name, input } = event.call ?? {};
        const args = input === undefined ? "" : short(safeJson(input, { maxString: MAX_TOOL_TEXT }));
        line(`${indent}${c.yellow("→")} ${c.bold(String(name))}(${args})`);
        spinner?.start(`Waiting for ${name}`);
        break;
      }
      case "tool-result":
        line(
          event.error
            ? `${indent}${c.red("✖")} ${event.name}: ${short(String(event.error.message))}`
            : `${indent}${c.green("←")} ${event.name}: ${short(safeJson(event.output, { maxString: MAX_TOOL_TEXT }))}`,
        );
        break;
      case "observation":
        line(observation(String(event.observation ?? ""), c));
        break;
      default:
        break;
    }
  };

  return {
    event(event: AgentEvent) {
      try {
        show(event);
      } catch (error) {
        // Showing progress must never end a run: say what could not be shown and go on.
        line(c.dim(`(an event of type ${String(event?.type)} could not be shown: ${reason(error)})`));
      }
    },
    notice(text: string) {
      line(c.yellow(text));
      spinner?.start("Waiting for the model");
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
      if (result.status !== "success") line(c.red(result.error?.message ?? "The run did not finish."));
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
  const shown = lines
    .slice(0, MAX_OBSERVATION_LINES)
    .map((text) => (text.length > MAX_LINE ? `${text.slice(0, MAX_LINE - 1)}…` : text));
  if (lines.length > shown.length) shown.push(`… ${lines.length - shown.length} more lines`);
  return shown.map((text) => (text.startsWith("Error:") ? c.red(text) : c.dim(text))).join("\n");
}

function short(text: string): string {
  // Cut before collapsing whitespace, so a huge value costs no more than a small one.
  const flat = text.slice(0, MAX_TOOL_TEXT * 4).replace(/\s+/g, " ");
  return flat.length > MAX_TOOL_TEXT || text.length > MAX_TOOL_TEXT * 4
    ? `${flat.slice(0, MAX_TOOL_TEXT - 1)}…`
    : flat;
}

// Dimmed, with a final newline left outside the colour codes so the next line starts clean.
function dimmed(text: string, c: Colors): string {
  return text.endsWith("\n") ? `${c.dim(text.slice(0, -1))}\n` : c.dim(text);
}

function firstLine(text: unknown): string {
  return String(text ?? "").split("\n")[0] ?? "";
}

function reason(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unknown error";
  }
}
