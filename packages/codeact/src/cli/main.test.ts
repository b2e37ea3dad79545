import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIO } from "./io.js";
import { main } from "./main.js";
import { STDIN_NOTICE } from "./run-command.js";

// A configured model that is never reached: every case here stops before the first request.
const env = { OPENAI_BASE_URL: "http://127.0.0.1:9/v1", CODEACT_MODEL: "m" };

function fakeIO(options: { stdin?: CliIO["stdin"] } = {}) {
  const text = { stdout: "", stderr: "" };
  // Written synchronously, so a test can see what was written before something else happened.
  const stream = (name: keyof typeof text) =>
    new Writable({
      write(chunk, _encoding, done) {
        text[name] += chunk;
        done();
      },
    });
  const io: CliIO = {
    stdin: options.stdin ?? Readable.from([]),
    stdout: stream("stdout"),
    stderr: stream("stderr"),
    env,
    onInterrupt: () => () => {},
  };
  return { io, text };
}

const codeact = (args: string[], io: CliIO) => main(["node", "codeact", ...args], io);

describe("codeact without a command", () => {
  it("gives the arguments to run, flags included", async () => {
    const { io, text } = fakeIO();
    expect(await codeact(["--max-steps", "3"], io)).toBe(2);
    expect(text.stderr).toContain("No task given");
    const bad = fakeIO();
    expect(await codeact(["--max-steps", "zero", "Count."], bad.io)).toBe(2);
    expect(bad.text.stderr).toMatch(/--max-steps.*whole number/);
  });

  it("refuses a word one letter away from a command and suggests the command", async () => {
    const { io, text } = fakeIO();
    expect(await codeact(["rnu", "Sum the squares."], io)).toBe(2);
    expect(text.stderr).toBe(
      'codeact: unknown command "rnu"; did you mean: codeact run "Sum the squares."\n',
    );
  });

  it("still shows the program's help and version", async () => {
    const help = fakeIO();
    expect(await codeact(["--help"], help.io)).toBe(0);
    expect(help.text.stdout).toContain('codeact [run options] "<task>"');
    expect(await codeact(["--version"], fakeIO().io)).toBe(0);
  });
});

describe("codeact run -", () => {
  // Standard input that records what stderr held when the CLI first read from it.
  function stdinAt(isTTY: boolean, text: { stderr: string }, seen: string[]) {
    const stdin = new Readable({
      read() {
        seen.push(text.stderr);
        this.push(null);
      },
    });
    return Object.assign(stdin, { isTTY });
  }

  it("says it is reading the task from a terminal before it reads", async () => {
    const seen: string[] = [];
    const fake = fakeIO();
    fake.io.stdin = stdinAt(true, fake.text, seen);
    expect(await codeact(["run", "-"], fake.io)).toBe(2);
    expect(seen[0]).toBe(`${STDIN_NOTICE}\n`);
    expect(STDIN_NOTICE).toMatch(/^Reading the task from stdin; end it with Ctrl-(D|Z then Enter)\.$/);
    expect(fake.text.stderr).toContain("No task given");
  });

  it("reads a pipe without a word", async () => {
    const seen: string[] = [];
    const fake = fakeIO();
    fake.io.stdin = stdinAt(false, fake.text, seen);
    expect(await codeact(["run", "-"], fake.io)).toBe(2);
    expect(seen).toEqual([""]);
    expect(fake.text.stderr).not.toContain("Reading the task");
  });
});
