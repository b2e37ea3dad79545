/** Adversarial suite: `final_answer` called twice, from callbacks, or in ways meant to confuse the host. */
import type { HostFunction } from "@codeact/core";
import { describe, expect } from "vitest";
import { attempt } from "./test-utils.js";

/** A `final_answer` that accepts anything and records what it was given. */
function recorder(): HostFunction & { inputs: unknown[] } {
  const inputs: unknown[] = [];
  const fn = async (input: unknown) => {
    inputs.push(input);
  };
  return Object.assign(fn, { inputs });
}

describe("final_answer", () => {
  const twice = recorder();
  attempt({
    name: "called twice keeps the first accepted answer",
    code: "await final_answer('first'); await final_answer('second');",
    functions: { final_answer: twice },
    expect: ({ result }) => expect(result?.finalAnswer).toEqual({ value: "first" }),
    aborted: "none",
  });

  attempt({
    name: "called twice without awaiting keeps the first one called",
    code: "final_answer(1); final_answer(2);",
    functions: { final_answer: recorder() },
    expect: ({ result }) => expect(result?.finalAnswer).toEqual({ value: 1 }),
    aborted: "none",
  });

  attempt({
    name: "called from inside array and promise callbacks is recorded",
    code: "[3].forEach((v) => { Promise.resolve(v).then((x) => final_answer(x * 2)); });",
    functions: { final_answer: recorder() },
    expect: ({ result }) => expect(result?.finalAnswer).toEqual({ value: 6 }),
    aborted: "none",
  });

  const fromGetter = recorder();
  attempt({
    name: "called from a getter while the value is read out is refused and not recorded",
    code: "({ get answer() { final_answer('sneaky'); return 1; } })",
    functions: { final_answer: fromGetter },
    expect: ({ result }) => {
      expect(result?.finalAnswer).toBeUndefined();
      expect(result).toMatchObject({
        value: { answer: 1 },
        error: { message: "final_answer cannot be called: the execution has finished.", line: 1 },
      });
    },
    after: () => expect(fromGetter.inputs).toEqual([]),
    aborted: "Error",
  });

  attempt({
    name: "rejected by the host and not awaited is reported, not lost",
    code: "final_answer('wrong');\nconsole.log('after');",
    functions: {
      final_answer: async () => {
        throw new Error("The final answer must be a number.");
      },
    },
    expect: ({ result }) => {
      expect(result?.finalAnswer).toBeUndefined();
      expect(result?.error).toEqual({
        name: "Error",
        message: "The final answer must be a number.",
        line: 1,
      });
    },
    aborted: "Error",
  });

  attempt({
    name: "with a value too large to cross is an OutputLimitError and not recorded",
    code: "await final_answer('x'.repeat(2_000_000))",
    functions: { final_answer: recorder() },
    expect: ({ result }) => {
      expect(result?.error?.name).toBe("OutputLimitError");
      expect(result?.finalAnswer).toBeUndefined();
    },
    aborted: "OutputLimitError",
  });

  attempt({
    name: "awaited, then followed by an endless loop, keeps the answer and reports the timeout",
    code: "await final_answer(42); for (;;) {}",
    functions: { final_answer: recorder() },
    expect: ({ result }) => {
      expect(result?.finalAnswer).toEqual({ value: 42 });
      expect(result?.error?.name).toBe("TimeoutError");
    },
    aborted: "TimeoutError",
  });

  attempt({
    name: "not awaited before an endless loop is never delivered, so not recorded",
    code: "final_answer(42); for (;;) {}",
    functions: { final_answer: recorder() },
    expect: ({ result }) => {
      expect(result?.finalAnswer).toBeUndefined();
      expect(result?.error?.name).toBe("TimeoutError");
    },
    aborted: "TimeoutError",
  });

  const withFunction = recorder();
  attempt({
    name: "given live objects hands the host plain data",
    code: "await final_answer({ run() {}, when: new Date(0), nested: new Map([['k', new Set([1])]]) })",
    functions: { final_answer: withFunction },
    expect: ({ result }) =>
      expect(result?.finalAnswer).toEqual({
        value: { run: "[Function: run]", when: "1970-01-01T00:00:00.000Z", nested: { k: [1] } },
      }),
    after: () => expect(JSON.parse(JSON.stringify(withFunction.inputs[0]))).toEqual(withFunction.inputs[0]),
    aborted: "none",
  });
});
