/**
 * Adversarial suite: only the host decides that a limit was hit. Code that throws something
 * shaped like QuickJS's own "stack overflow" or "out of memory", or an error named like one of
 * the limit errors, gets a result that says what it threw, never a breach; genuine breaches
 * are still reported as before.
 */
import { describe, expect, it } from "vitest";
import { MemoryLimitError } from "../../errors/memory-limit-error.js";
import { OutputLimitError } from "../../errors/output-limit-error.js";
import { PendingJobLimitError } from "../../errors/pending-job-limit-error.js";
import { StackOverflowError } from "../../errors/stack-overflow-error.js";
import { TimeoutError } from "../../errors/timeout-error.js";
import { ToolCallLimitError } from "../../errors/tool-call-limit-error.js";
import { NOT_A_LIMIT } from "../guest-errors.js";
import { LIMIT_ERROR_NAMES } from "../limit-errors.js";
import { attempt } from "./test-utils.js";

const DOWN = "function down() { return down() + 1; }\n";
/** Rewrites the message of a real engine error the code caught. */
const REWRITE = `try { JSON.parse("{") } catch (e) { e.message = "stack overflow"; throw e }`;
const MEMORY = { memoryLimitBytes: 32 * 1024 * 1024, timeoutMs: 10_000 };

describe("a forged stack overflow", () => {
  for (const [shape, code, name] of [
    ["new InternalError", `throw new InternalError("stack overflow")`, "InternalError"],
    ["InternalError called without new", `throw InternalError("stack overflow")`, "InternalError"],
    ["a plain object", `throw { name: "InternalError", message: "stack overflow" }`, "InternalError"],
    [
      "Reflect.construct with a newTarget",
      `throw Reflect.construct(InternalError, ["stack overflow"], function () {})`,
      "Error",
    ],
    [
      "Reflect.construct with InternalError",
      `throw Reflect.construct(InternalError, ["stack overflow"], InternalError)`,
      "InternalError",
    ],
    ["a subclass", `class Deep extends InternalError {}\nthrow new Deep("stack overflow")`, "InternalError"],
    [
      "the constructor of a real overflow",
      `${DOWN}try { down() } catch (e) { throw new e.constructor("stack overflow") }`,
      "InternalError",
    ],
    [
      "an object made from its prototype",
      `throw Object.create(InternalError.prototype, { message: { value: "stack overflow" } })`,
      "InternalError",
    ],
    [
      "an object tagged as an Error",
      `const o = Object.create(InternalError.prototype, { [Symbol.toStringTag]: { value: "Error" } });\no.message = "stack overflow"; throw o`,
      "InternalError",
    ],
    [
      "a Proxy of a real overflow",
      `${DOWN}try { down() } catch (e) { throw new Proxy(e, {}) }`,
      "InternalError",
    ],
    [
      "a caught TypeError given InternalError's prototype",
      `try { null.x } catch (e) { Object.setPrototypeOf(e, InternalError.prototype); e.message = "stack overflow"; throw e }`,
      "InternalError",
    ],
    [
      "a caught TypeError given it by Reflect",
      `try { null.x } catch (e) { Reflect.setPrototypeOf(e, InternalError.prototype); e.message = "stack overflow"; throw e }`,
      "InternalError",
    ],
    [
      "a caught TypeError given it through __proto__",
      `try { null.x } catch (e) { e.__proto__ = InternalError.prototype; e.message = "stack overflow"; throw e }`,
      "InternalError",
    ],
    ["new SyntaxError", `throw new SyntaxError("stack overflow")`, "SyntaxError"],
    ["a rewritten SyntaxError", REWRITE, "SyntaxError"],
    ["a rewritten SyntaxError thrown out of eval", `eval(${JSON.stringify(REWRITE)})`, "SyntaxError"],
    [
      "a rewritten SyntaxError thrown out of a reviver",
      `JSON.parse("[1]", () => { ${REWRITE} })`,
      "SyntaxError",
    ],
    [
      "a rewritten SyntaxError thrown out of a toString",
      `new Function({ toString() { ${REWRITE} } })`,
      "SyntaxError",
    ],
  ] as const) {
    attempt({
      name: `made from ${shape} is reported as what was thrown`,
      code,
      limits: { timeoutMs: 10_000 },
      expect: ({ result }) => expect(result?.error).toMatchObject({ name, message: "stack overflow" }),
      aborted: name,
    });
  }
});

describe("a forged out of memory", () => {
  attempt({
    name: "is reported as what was thrown when the sandbox has memory to spare",
    code: `throw new InternalError("out of memory")`,
    expect: ({ result }) =>
      expect(result?.error).toEqual({ name: "InternalError", message: "out of memory", line: 1 }),
    aborted: "InternalError",
  });

  attempt({
    name: "is reported as what was thrown even after the code really ran out of memory",
    code: `const k = []; try { for (;;) k.push(new Uint8Array(1 << 20)); } catch {}\nk.length = 0; throw new InternalError("out of memory")`,
    limits: MEMORY,
    expect: ({ result }) =>
      expect(result?.error).toEqual({ name: "InternalError", message: "out of memory", line: 2 }),
    aborted: "InternalError",
  });
});

describe("an error named like a limit error", () => {
  for (const name of LIMIT_ERROR_NAMES) {
    attempt({
      name: `called ${name} is reported as an Error that says the code raised it`,
      code: `throw { name: "${name}", message: "made up" }`,
      expect: ({ result }) =>
        expect(result?.error).toEqual({ name: "Error", message: `${name}: made up ${NOT_A_LIMIT}` }),
      aborted: "Error",
    });
  }

  attempt({
    // The line is the class's: the innermost frame in this execute's code is its constructor.
    name: "is told apart when a subclass of the code's own carries the name",
    code: `class TimeoutError extends Error { name = "TimeoutError"; }\nthrow new TimeoutError("took too long")`,
    expect: ({ result }) =>
      expect(result?.error).toEqual({
        name: "Error",
        message: `TimeoutError: took too long ${NOT_A_LIMIT}`,
        line: 1,
      }),
    aborted: "Error",
  });

  attempt({
    name: "is told apart when a tool's own timeout reaches the result",
    code: "await fetchIt()",
    // What fetch rejects with when its AbortSignal.timeout(...) fires.
    functions: {
      fetchIt: async () => {
        throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
      },
    },
    expect: ({ result }) => {
      expect(result?.error?.name).toBe("Error");
      expect(result?.error?.message).toBe(
        `TimeoutError: The operation was aborted due to timeout ${NOT_A_LIMIT}`,
      );
    },
    aborted: "Error",
  });

  it("lists exactly the names the limit errors have", () => {
    const made = [
      TimeoutError,
      MemoryLimitError,
      StackOverflowError,
      OutputLimitError,
      ToolCallLimitError,
      PendingJobLimitError,
    ].map((LimitError) => new LimitError({ message: "" }).name);
    expect([...LIMIT_ERROR_NAMES].sort()).toEqual(made.sort());
  });
});

describe("a genuine breach", () => {
  for (const [shape, code] of [
    ["recursion", `${DOWN}down()`],
    ["recursion the code caught and threw again", `${DOWN}try { down() } catch (e) { throw e }`],
    ["recursion whose error was renamed", `${DOWN}try { down() } catch (e) { e.name = "Whatever"; throw e }`],
    ["nesting in eval, caught and thrown again", `try { eval("(".repeat(100000)) } catch (e) { throw e }`],
    ["nesting in new Function", `new Function("return " + "[".repeat(100000))`],
    ["nesting in JSON.parse", `JSON.parse("[".repeat(100000))`],
    ["nesting in the code itself", `${"[".repeat(100000)}${"]".repeat(100000)}`],
  ] as const) {
    attempt({
      name: `of the stack by ${shape} is still a StackOverflowError`,
      code,
      limits: { timeoutMs: 10_000 },
      expect: ({ result }) => expect(result?.error?.name).toBe("StackOverflowError"),
      aborted: "StackOverflowError",
    });
  }

  attempt({
    name: "of memory is still a MemoryLimitError",
    code: "const k = [];\nfor (;;) k.push(new Uint8Array(1 << 20));",
    limits: MEMORY,
    expect: ({ result }) => expect(result?.error).toMatchObject({ name: "MemoryLimitError", line: 2 }),
    aborted: "MemoryLimitError",
  });

  attempt({
    name: "of memory that the code caught and threw again is still a MemoryLimitError",
    code: "const k = [];\ntry { for (;;) k.push(new Uint8Array(1 << 20)); } catch (e) { k.length = 0; throw e }",
    limits: MEMORY,
    expect: ({ result }) => expect(result?.error?.name).toBe("MemoryLimitError"),
    aborted: "MemoryLimitError",
  });
});
