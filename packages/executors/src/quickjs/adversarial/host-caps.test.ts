/**
 * Adversarial suite: what a tool throws (a hostile value, a huge error) must reach the guest as a
 * bounded, readable `Error`, and keep the session.
 */
import { describe, expect } from "vitest";
import { attempt } from "./test-utils.js";

/** Catches what `bad()` rejects with and shows what the guest got. */
const CATCH = "try { await bad(); 'resolved' } catch (e) { [e instanceof Error, e.name, e.message] }";

const everyTrapThrows = new Proxy(
  {},
  Object.fromEntries(
    [
      "get",
      "set",
      "has",
      "deleteProperty",
      "ownKeys",
      "getOwnPropertyDescriptor",
      "defineProperty",
      "getPrototypeOf",
      "setPrototypeOf",
      "isExtensible",
      "preventExtensions",
      "apply",
      "construct",
    ].map((trap) => [
      trap,
      () => {
        throw new Error(`trap ${trap}`);
      },
    ]),
  ),
);

class NamelessError extends Error {
  override get name(): string {
    throw new Error("no name for you");
  }
}

const hostile: Array<[string, () => unknown, [boolean, string, string]]> = [
  [
    "a Proxy whose every trap throws",
    () => everyTrapThrows,
    [true, "Error", "(a thrown value that could not be read)"],
  ],
  [
    "a revoked Proxy",
    () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
    [true, "Error", "(a thrown value that could not be read)"],
  ],
  ["null", () => null, [true, "Error", "null"]],
  ["undefined", () => undefined, [true, "Error", "undefined"]],
  ["a string", () => "plain words", [true, "Error", "plain words"]],
  ["a number", () => 42, [true, "Error", "42"]],
  [
    "an object whose message and name getters throw",
    () => ({
      get name(): string {
        throw new Error("name");
      },
      get message(): string {
        throw new Error("message");
      },
    }),
    [true, "Error", "(the error's message could not be read)"],
  ],
  [
    "an Error subclass whose name getter throws",
    () => new NamelessError("still readable"),
    [true, "Error", "still readable"],
  ],
  [
    "an error whose message turns into text by throwing",
    () =>
      Object.assign(new Error(), {
        message: {
          toString() {
            throw new Error("no text");
          },
        },
      }),
    [true, "Error", "(the error's message could not be read)"],
  ],
  ["a symbol", () => Symbol("s"), [true, "Error", '"Symbol(s)"']],
];

describe("a tool that throws something hostile", () => {
  for (const [shape, thrown, expected] of hostile) {
    attempt({
      name: `gives the guest a plain Error it can catch when the tool throws ${shape}`,
      code: CATCH,
      functions: {
        bad: async () => {
          throw thrown();
        },
      },
      expect: ({ result }) => expect(result?.value).toEqual(expected),
      aborted: "none",
    });
  }

  attempt({
    name: "gives the guest a plain Error when a tool's result copies by throwing a hostile value",
    code: CATCH,
    functions: {
      bad: async () => ({
        toJSON() {
          throw everyTrapThrows;
        },
      }),
    },
    expect: ({ result }) =>
      expect(result?.value).toEqual([true, "Error", "(a thrown value that could not be read)"]),
    aborted: "none",
  });
});

describe("a huge error from a tool", () => {
  attempt({
    name: "reaches the guest cut to 10,000 characters with a marker saying how many were cut",
    code: "try { await bad() } catch (e) { [e.name.length, e.message.length, e.message.slice(9_995)] }",
    functions: {
      bad: async () => {
        const error = new Error("m".repeat(16_000_000));
        error.name = "N".repeat(1_000_000);
        throw error;
      },
    },
    expect: ({ result }) =>
      expect(result?.value).toEqual([
        200 + "… [999,800 characters cut]".length,
        10_000 + "… [15,990,000 characters cut]".length,
        "mmmmm… [15,990,000 characters cut]",
      ]),
    limits: { timeoutMs: 10_000 },
    aborted: "none",
  });
});
