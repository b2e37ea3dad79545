/** The `codeact` command line: parses arguments, then loads what a run needs only when it runs. */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { AgentFlags } from "./agent-setup.js";
import { type CliIO, ExitCode } from "./io.js";
import type { ResumeFlags, RunFlags } from "./run-command.js";
import type { ServeFlags } from "./serve-command.js";

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
    .usage('[options] [command]\n       codeact [run options] "<task>"   (the same as codeact run "<task>")')
    .showHelpAfterError("(run codeact run --help for the options)")
    .action(() => {
      // `codeact` alone is a usage mistake: show what it takes.
      program.outputHelp({ error: true });
      exitCode = ExitCode.usage;
    });

  agentOptions(
    program
      .command("run")
      .description("Run a task with a code agent and print its answer.")
      .argument("[task...]", 'the task; "-" reads it from standard input'),
  )
    .addOption(new Option("--json", "print one JSON event per line on stdout").conflicts("quiet"))
    .option("-q, --quiet", "print only the final answer")
    .option(
      "--durable",
      "journal the run in a folder, so codeact resume <run-id> can continue it after a crash",
    )
    .option(
      "--journal <dir>",
      "where durable runs keep their journals (default .codeact/runs; implies --durable)",
    )
    .action(async (task: string[], flags: RunFlags) => {
      const { runCommand } = await import("./run-command.js");
      exitCode = await runCommand(task, flags, io);
    });

  program
    .command("resume")
    .description(
      "Continue a run started with --durable: recorded steps replay without calling the model or tools again.",
    )
    .argument("<run-id>", "the id codeact run --durable printed")
    .option("--journal <dir>", "where the run's journal is kept (default .codeact/runs)")
    .addOption(new Option("--json", "print one JSON event per line on stdout").conflicts("quiet"))
    .option("-q, --quiet", "print only the final answer")
    .action(async (runId: string, flags: ResumeFlags) => {
      const { resumeCommand } = await import("./run-command.js");
      exitCode = await resumeCommand(runId, flags, io);
    });

  agentOptions(
    program
      .command("mcp")
      .description(
        "Serve a code agent as an MCP server on stdio: one tool that takes a task (add it to an IDE).",
      ),
  ).action(async (flags: AgentFlags) => {
    const { mcpCommand } = await import("./mcp-command.js");
    exitCode = await mcpCommand(flags, io);
  });

  agentOptions(
    program
      .command("serve")
      .description(
        "Serve a code agent over HTTP for other agents to call (A2A); the URL is printed on stdout.",
      ),
  )
    .option(
      "--a2a",
      "speak the A2A protocol (JSON-RPC); CODEACT_A2A_TOKEN, when set, is required as a bearer token",
    )
    .option("--port <n>", "port to listen on (0 picks a free one)", port, 4000)
    .option("--host <address>", "address to listen on (default 127.0.0.1: this machine only)")
    .option("--name <name>", "the name in the agent card")
    .option("--description <text>", "what the agent does, for the agent card")
    .action(async (flags: ServeFlags) => {
      const { serveCommand } = await import("./serve-command.js");
      exitCode = await serveCommand(flags, io);
    });

  const [node = "node", script = "codeact", ...args] = argv;
  const typo = mistypedCommand(args, commandNames(program));
  if (typo) {
    const suggestion = ["codeact", typo.command, ...args.slice(1).map(shellQuote)].join(" ");
    io.stderr.write(`codeact: unknown command "${typo.word}"; did you mean: ${suggestion}\n`);
    return ExitCode.usage;
  }
  try {
    await program.parseAsync([node, script, ...implicitRun(args, commandNames(program))]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
      return ok ? ExitCode.success : ExitCode.usage;
    }
    throw error;
  }
}

/** The flags `run` and `mcp` share: the model, the tools and the sandbox. */
function agentOptions(command: Command): Command {
  return command
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
    .option("--mcp <command>", "add the tools of an MCP server started by <command> (repeatable)", collect)
    .option("--mcp-url <url>", "add the tools of an MCP server at <url> (repeatable)", collect)
    .option("--timeout <ms>", "wall-clock limit of each code execution", positiveInteger)
    .addOption(
      new Option(
        "--executor <name>",
        "where the code runs: a local QuickJS sandbox, or an E2B cloud sandbox (needs E2B_API_KEY)",
      )
        .choices(["quickjs", "e2b"])
        .default("quickjs"),
    )
    .option(
      "--model-timeout <seconds>",
      "how long one model request may take before it is retried (default 600)",
      positiveInteger,
    );
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

declare const __CODEACT_VERSION__: string | undefined;
const VERSION = typeof __CODEACT_VERSION__ === "string" ? __CODEACT_VERSION__ : "0.0.0";

// Options the program itself takes; anything else before a command belongs to `run`.
const PROGRAM_OPTIONS = ["-V", "--version", "-h", "--help"];

function commandNames(program: Command): string[] {
  return [...program.commands.flatMap((command) => [command.name(), ...command.aliases()]), "help"];
}

/**
 * `codeact "task"` and `codeact --max-steps 3 "task"` mean `codeact run ...`: arguments that do
 * not start with a command or a program option are given to `run`.
 */
function implicitRun(args: string[], commands: string[]): string[] {
  const [first] = args;
  if (first === undefined || commands.includes(first) || PROGRAM_OPTIONS.includes(first)) return args;
  return ["run", ...args];
}

/**
 * A lone first word one letter away from a command (`codeact rnu "task"`) is more likely a typo
 * than a one-word task, so it is refused with a suggestion instead of being run.
 */
function mistypedCommand(args: string[], commands: string[]): { word: string; command: string } | undefined {
  const [word] = args;
  if (word === undefined || word.startsWith("-") || /\s/.test(word) || commands.includes(word))
    return undefined;
  const command = commands.find((name) => name.length >= 3 && editDistance(word.toLowerCase(), name) <= 1);
  return command ? { word, command } : undefined;
}

function shellQuote(arg: string): string {
  return /^[\w./:=@%+,-]+$/.test(arg) ? arg : JSON.stringify(arg);
}

// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      const above = d[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError("expected a whole number of at least 1.");
  return parsed;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0 || parsed > 65_535)
    throw new InvalidArgumentError("expected a port number from 0 to 65535.");
  return parsed;
}
