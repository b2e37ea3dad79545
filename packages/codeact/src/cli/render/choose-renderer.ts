/** Picks how to show a run from the flags and the terminal: colour and spinner only on a TTY. */
import type { CliIO } from "../io.js";
import type { Renderer } from "./renderer.js";

/** The renderer for `--json`, `--quiet`, or a person at a terminal (or a log file). */
export async function chooseRenderer(
  flags: { json?: boolean; quiet?: boolean },
  io: CliIO,
  modelId: string,
): Promise<Renderer> {
  if (flags.json) return (await import("./json-renderer.js")).jsonRenderer(io.stdout);
  if (flags.quiet) return (await import("./quiet-renderer.js")).quietRenderer(io.stdout, io.stderr);
  const interactive = io.stderr.isTTY === true && io.env.TERM !== "dumb";
  const colour = io.env.FORCE_COLOR ? io.env.FORCE_COLOR !== "0" : interactive && !("NO_COLOR" in io.env);
  const [{ prettyRenderer }, { createColors }] = await Promise.all([
    import("./pretty-renderer.js"),
    import("picocolors"),
  ]);
  const colors = createColors(colour);
  const highlight = colour ? await (await import("./highlight.js")).loadHighlighter(colors) : undefined;
  const spinner = interactive && colour ? await createSpinner(io.stderr) : undefined;
  return prettyRenderer({ progress: io.stderr, answer: io.stdout, colors, modelId, highlight, spinner });
}

async function createSpinner(stream: NodeJS.WritableStream) {
  const { default: yoctoSpinner } = await import("yocto-spinner");
  const spinner = yoctoSpinner({ stream: stream as never, handleSignals: false });
  return {
    start: (text: string) => void spinner.start(text),
    stop: () => void (spinner.isSpinning && spinner.stop()),
  };
}
