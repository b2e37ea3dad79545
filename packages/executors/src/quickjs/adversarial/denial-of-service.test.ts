/** Adversarial suite: code trying to exhaust time, memory, stack or the host's attention. */
import { describe, expect } from "vitest";
import { controllable } from "../test-utils.js";
import { attempt, errorName } from "./test-utils.js";

/**
 * Stack and memory attempts must hit their limit, not the deadline: on a loaded machine building
 * 100,000 nested arrays can take longer than the suite's short default, so they get room.
 */
const STACK = { timeoutMs: 10_000 };
const MEMORY = { memoryLimitBytes: 32 * 1024 * 1024, timeoutMs: 10_000 };

describe("denial of service: time", () => {
  attempt({
    name: "a synchronous endless loop ends at the deadline",
    code: "let n = 0; for (;;) n++;",
    expect: ({ result }) => expect(result?.error?.name).toBe("TimeoutError"),
    // Synchronous code gives the host no chance to see the abort: the deadline ends it.
    aborted: "TimeoutError",
  });

  attempt({
    name: "an endless loop that catches everything still ends at the deadline",
    code: "for (;;) { try { for (;;) {} } catch {} finally { continue; } }",
    expect: ({ result }) => expect(result?.error?.name).toBe("TimeoutError"),
    aborted: "TimeoutError",
  });

  attempt({
    name: "an endless asynchronous loop ends at the deadline",
    code: "for (;;) await null;",
    expect: ({ result }) => expect(result?.error?.name).toBe("TimeoutError"),
    aborted: "AbortError",
  });

  attempt({
    name: "a catastrophic regular expression ends at the deadline",
    code: "/^(a+)+$/.test('a'.repeat(40) + 'b')",
    expect: ({ result }) => expect(result?.error?.name).toBe("TimeoutError"),
    aborted: "TimeoutError",
  });

  attempt({
    name: "a host function that never answers ends at the deadline",
    code: "await hang()",
    functions: { hang: () => new Promise(() => {}) },
    expect: ({ result }) => expect(result?.error?.name).toBe("TimeoutError"),
    aborted: "AbortError",
  });
});

describe("denial of service: stack", () => {
  for (const [shape, code] of [
    ["plain recursion", "function down(n) { return down(n + 1) + 1; }\ndown(0)"],
    ["recursion through valueOf", "const o = { valueOf() { return +o; } };\n+o"],
    ["recursion through a Proxy trap", "const p = new Proxy({}, { get: (t, k, r) => r[k] });\np.x"],
    ["JSON.parse of deep nesting", "JSON.parse('['.repeat(200000))"],
    [
      "JSON.stringify of deep nesting",
      "let a = []; for (let i = 0; i < 100000; i++) a = [a];\nJSON.stringify(a)",
    ],
    ["deeply nested code", `${"(".repeat(100000)}1${")".repeat(100000)}`],
    [
      "eval of deep nesting from deep recursion",
      "function f(n) { return n ? f(n - 1) : eval('['.repeat(100000)); }\nf(800)",
    ],
  ] as const) {
    attempt({
      name: `${shape} is a StackOverflowError and the session lives on`,
      code,
      limits: STACK,
      expect: ({ result }) => expect(result?.error?.name).toBe("StackOverflowError"),
      aborted: "StackOverflowError",
    });
  }
});

describe("denial of service: memory", () => {
  for (const [shape, code] of [
    [
      "strings piled up until they break",
      "(() => { const k = []; for (let i = 0; ; i++) k.push('x'.repeat(65536) + i); })()",
    ],
    ["an array grown until it breaks", "(() => { const a = []; for (let i = 0; ; i++) a.push({ i }); })()"],
    [
      "typed arrays allocated until they break",
      "(() => { const k = []; for (;;) k.push(new Uint8Array(1 << 20)); })()",
    ],
    ["one huge string", "'x'.repeat(1 << 29)"],
  ] as const) {
    attempt({
      name: `${shape} is a MemoryLimitError and the session lives on`,
      code,
      limits: MEMORY,
      expect: ({ result }) => expect(result?.error?.name).toBe("MemoryLimitError"),
      aborted: "MemoryLimitError",
    });
  }
});

describe("denial of service: floods", () => {
  attempt({
    name: "a synchronous promise flood is a PendingJobLimitError",
    code: "for (;;) Promise.resolve().then(() => {});",
    limits: { maxPendingJobs: 10_000, timeoutMs: 2_000 },
    expect: ({ result }) => expect(result?.error?.name).toBe("PendingJobLimitError"),
    aborted: "PendingJobLimitError",
  });

  attempt({
    name: "an exponential promise flood is stopped and wound down",
    code: "globalThis.n = 0; function f() { n++; Promise.resolve().then(f); Promise.resolve().then(f); }\nf()",
    limits: { maxPendingJobs: 1_000, timeoutMs: 2_000 },
    expect: ({ result }) => expect(result?.error?.name).toBe("PendingJobLimitError"),
    // On a fast machine the limit trips first; on a loaded one the abort may (see `aborted`).
    aborted: "PendingJobLimitError",
  });

  const flood = controllable();
  attempt({
    name: "a flood of un-awaited tool calls is a ToolCallLimitError",
    code: "for (;;) flood({});",
    functions: { flood },
    limits: { maxToolCalls: 100 },
    expect: ({ result }) => expect(result?.error?.name).toBe("ToolCallLimitError"),
    after: () => {
      expect(flood.calls.length).toBeLessThanOrEqual(200);
      expect(flood.calls.every((call) => call.signal.aborted)).toBe(true);
    },
    aborted: "ToolCallLimitError",
  });

  let calls = 0;
  attempt({
    name: "a flood of awaited tool calls is a ToolCallLimitError",
    code: "for (;;) await ping();",
    functions: {
      ping: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 0));
      },
    },
    limits: { maxToolCalls: 50, timeoutMs: 2_000 },
    expect: ({ result }) => expect(result?.error?.name).toBe("ToolCallLimitError"),
    after: () => expect(calls).toBe(50),
    aborted: "AbortError",
  });

  attempt({
    name: "a log flood keeps the logs at their limit",
    code: "for (;;) console.log('x'.repeat(10000));",
    limits: { maxLogChars: 1_000 },
    expect: ({ result }) => {
      expect(result?.error?.name).toBe("TimeoutError");
      expect(result?.logs).toMatch(/^x{500}\n\.\.\. \[\d+ characters truncated\] \.\.\.\nx{500}$/);
    },
    aborted: "TimeoutError",
  });

  attempt({
    name: "a huge last value is an OutputLimitError",
    // Building and measuring 2 MB is not what is tested: 150 ms is too tight for it on a loaded machine.
    limits: { timeoutMs: 5_000 },
    code: "'x'.repeat(2_000_000)",
    expect: ({ result }) => {
      expect(result?.error?.name).toBe("OutputLimitError");
      expect(result).not.toHaveProperty("value");
    },
    aborted: "OutputLimitError",
  });

  const big = controllable();
  attempt({
    name: "a huge tool argument is an OutputLimitError and the tool never runs",
    // Building and measuring 2 MB is not what is tested: 150 ms is too tight for it on a loaded machine.
    limits: { timeoutMs: 5_000 },
    code: "await big({ blob: 'x'.repeat(2_000_000) })",
    functions: { big },
    expect: ({ result }) => expect(result?.error?.name).toBe("OutputLimitError"),
    after: () => expect(big.calls).toHaveLength(0),
    aborted: "OutputLimitError",
  });

  attempt({
    name: "a huge tool result is an OutputLimitError",
    // Building and measuring 2 MB is not what is tested: 150 ms is too tight for it on a loaded machine.
    limits: { timeoutMs: 5_000 },
    code: "const r = await huge(); r.length",
    functions: { huge: async () => "x".repeat(2_000_000) },
    expect: (outcome) => expect(errorName(outcome)).toBe("OutputLimitError"),
    aborted: "OutputLimitError",
  });
});
