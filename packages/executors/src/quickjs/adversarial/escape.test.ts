/** Adversarial suite: code trying to reach the host's capabilities from inside the sandbox. */
import { describe, expect } from "vitest";
import { attempt } from "./test-utils.js";

describe("escaping to the host", () => {
  const hostNames = [
    "require",
    "process",
    "module",
    "exports",
    "Buffer",
    "global",
    "fetch",
    "XMLHttpRequest",
    "WebSocket",
    "setTimeout",
    "setImmediate",
    "queueMicrotask",
    "WebAssembly",
    "Atomics",
    "Deno",
    "Bun",
    "importScripts",
    "hostCall",
    "hostLog",
    "hostTimer",
    "hostGuard",
    "hostRelease",
    "callHost",
  ];
  attempt({
    name: "finds no Node, Deno, Bun or web capability among the globals",
    code: `[${hostNames.map((name) => `typeof ${name}`).join(", ")}]`,
    expect: ({ result }) => expect(result?.value).toEqual(hostNames.map(() => "undefined")),
    aborted: "none",
  });

  attempt({
    name: "cannot import a host module dynamically",
    code: "const fs = await import('node:fs'); fs.readFileSync('/etc/passwd', 'utf8')",
    expect: ({ result }) => {
      expect(result?.error?.name).toBe("ReferenceError");
      expect(result?.value).toBeUndefined();
    },
    aborted: "ReferenceError",
  });

  attempt({
    name: "cannot import a host module statically",
    code: "import { execSync } from 'node:child_process';\nexecSync('id')",
    expect: ({ result }) => expect(result?.error).toMatchObject({ name: "SyntaxError", line: 1 }),
    aborted: "SyntaxError",
  });

  attempt({
    name: "finds only the sandbox's own global through the Function constructor",
    code: `[
      console.log.constructor("return typeof process")(),
      (() => {}).constructor.constructor("return this")() === globalThis,
      await Object.getPrototypeOf(async function () {}).constructor("return typeof require")(),
      Reflect.construct(Function, ["return typeof fetch"])(),
    ]`,
    expect: ({ result }) => expect(result?.value).toEqual(["undefined", true, "undefined", "undefined"]),
    aborted: "none",
  });

  attempt({
    name: "sees no host frames or paths in stack traces, even through V8's stack hooks",
    code: `Error.prepareStackTrace = (error, frames) => frames;
      Error.stackTraceLimit = Infinity;
      const probe = {};
      if (Error.captureStackTrace) Error.captureStackTrace(probe);
      const stack = String(new Error("x").stack) + String(probe.stack);
      [stack.includes("node:"), stack.includes(".ts"), stack.includes("/work"), typeof new Error().stack]`,
    expect: ({ result }) => expect(result?.value).toEqual([false, false, false, "string"]),
    aborted: "none",
  });

  attempt({
    name: "cannot climb from a callback the host triggers to the boundary's own functions",
    code: `const seen = [];
      const value = { toJSON() {
        try { seen.push(typeof arguments.callee.caller); } catch (e) { seen.push(e.name); }
        return 1;
      } };
      console.log(value);
      await echo(value);
      seen`,
    functions: { echo: async (input: unknown) => input },
    expect: ({ result }) => {
      expect(result?.error).toBeUndefined();
      // The caller is the boundary's strict-mode code, which hides itself.
      expect(result?.value).toEqual(["TypeError"]);
    },
    aborted: "none",
  });

  attempt({
    name: "learns nothing about the host from a bound function",
    code: `[String(get_weather).includes("QuickJS"), Object.getOwnPropertyNames(get_weather).sort(),
      (() => { try { return get_weather.caller; } catch (e) { return e.name; } })()]`,
    functions: { get_weather: async () => ({}) },
    expect: ({ result }) => expect(result?.value).toEqual([false, ["length", "name"], "TypeError"]),
    aborted: "none",
  });

  attempt({
    name: "cannot use an indirect eval to see more than its own global scope",
    code: `const secret = 1; [(0, eval)("typeof secret"), eval("typeof process"), eval("this === globalThis")]`,
    expect: ({ result }) => expect(result?.value).toEqual(["number", "undefined", true]),
    aborted: "none",
  });
});
