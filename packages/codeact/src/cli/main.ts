/** The `codeact` command line: parses arguments, then loads what a run needs only when it runs. */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { type CliIO, ExitCode } from "./io.js";
import type { RunFlags } from "./run-command.js";

/** Runs the CLI with `argv` (as in `process.argv`) and returns the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let exitCode: number = ExitCode.success;
  const program = new Command("codeact")
    .description("Agents that act by writing code.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError("(run codeact run --help for the options)")
    .action(() => {
      // `codeact` alone is a usage mistake: show what it takes.
      program.outputHelp({ error: true });
      exitCode = ExitCode.usage;
    });

  program
    .command("run")
    .description("Run a task with a code agent and print its answer.")
    .argument("[task...]", 'the task; "-" reads it from standard input')
    .addOption(new Option("--provider <name>", "model provider").choices(["openai", "huggingface"]))
    .option("-m, --model <name>", "model name (default: CODEACT_MODEL, else the provider's default)")
    .option(
      "--base-url <url>",
      "OpenAI-compatible server, e.g. http://localhost:11434/v1 (default: OPENAI_BASE_URL)",
    )
    .option("--max-steps <n>", "steps before the run gives up", positiveInteger, 20)
    .option("--planning-interval <n>", "plan before the first step and every n steps", positiveInteger)
    .option("--instructions <text>", "extra instructions added to the system prompt")
    .option("--allow-read <dir>", "offer read_file and list_files for files under <dir>")
    .option("--allow-write <dir>", "offer write_file for files under <dir>")
    .option("--allow-fetch", "offer fetch_url (HTTP GET to any address)")
    .option("--timeout <ms>", "wall-clock limit of each code execution", positiveInteger)
    .addOption(new Option("--json", "print one JSON event per line on stdout").conflicts("quiet"))
    .option("-q, --quiet", "print only the final answer")
    .action(async (task: string[], flags: RunFlags) => {
      const { runCommand } = await import("./run-command.js");
      exitCode = await runCommand(task, flags, io);
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
      return ok ? ExitCode.success : ExitCode.usage;
    }
    throw error;
  }
}

declare const __CODEACT_VERSION__: string | undefined;
const VERSION = typeof __CODEACT_VERSION__ === "string" ? __CODEACT_VERSION__ : "0.0.0";

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError("expected a whole number of at least 1.");
  return parsed;
}
