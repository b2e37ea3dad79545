/**
 * The executor conformance suite: the behaviour every `Executor` promises, as runner-agnostic
 * cases. Each case throws when the executor under test breaks the contract.
 */
import { ExecutionError } from "../errors/execution-error.js";
import type { Executor, ExecutorSession, HostFunction } from "../executor.js";

/** How the suite gets the executor under test. */
export type ExecutorConformanceOptions = {
  /** An executor whose `execute` deadline is `timeoutMs`. */
  createExecutor(limits: { timeoutMs: number }): Executor | Promise<Executor>;
  /** The deadline of cases that do not test deadlines; raise it for slow remote sandboxes. @defaultValue 10_000 */
  timeoutMs?: number;
};

/** One case: a name for the test runner and a function that throws if the executor fails it. */
export type ConformanceCase = { name: string; run: () => Promise<void> };

type OpenOptions = { globals?: Record<string, unknown>; deadline?: boolean };

/** The deadline of the cases about deadlines. */
const DEADLINE_MS = 300;
const truncatedLine = /\n\.\.\. \[(\d+) characters truncated\] \.\.\.\n/g;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The cases every executor must pass: persistence and redeclaration across `execute`, top-level
 * `await`, JSON copies, errors as results, last values, logs, `final_answer`, un-awaited calls,
 * globals, deadlines, aborts, per-call signals and disposal.
 *
 * @example
 * for (const { name, run } of executorConformance({ createExecutor: (limits) => new QuickJSExecutor(limits) })) {
 *   it(name, run);
 * }
 */
export function executorConformance(options: ExecutorConformanceOptions): ConformanceCase[] {
  const timeoutMs = options.timeoutMs ?? 10_000;
  async function open(
    functions: Record<string, HostFunction>,
    { globals, deadline = false }: OpenOptions = {},
  ) {
    const executor = await options.createExecutor({ timeoutMs: deadline ? DEADLINE_MS : timeoutMs });
    return executor.createSession({ functions, ...(globals && { globals }) });
  }
  async function withSession(
    functions: Record<string, HostFunction>,
    body: (session: ExecutorSession) => Promise<void>,
    deadline = false,
  ) {
    const session = await open(functions, { deadline });
    try {
      await body(session);
    } finally {
      await session.dispose();
    }
  }
  const value = async (session: ExecutorSession, code: string) => {
    const result = await session.execute(code);
    check(result.error === undefined, `\`${code}\` failed: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  const cases: Record<string, () => Promise<void>> = {
    "keeps top-level declarations between executes": () =>
      withSession({}, async (session) => {
        await value(
          session,
          "const a = 1; let b = 2; function f() { return a + b; }\nclass K { v() { return 4; } }",
        );
        equal(await value(session, "f() + new K().v()"), 7, "the value using every declaration");
      }),
    "lets a later execute declare the same names again": () =>
      withSession({}, async (session) => {
        await value(session, "const x = 1; let y = 1; class K {}; function f() { return 1; }");
        const code =
          "const x = 2; let y = 3; class K { static v = 5; }\nfunction f() { return 4; }\n[x, y, K.v, f()]";
        equal(await value(session, code), [2, 3, 5, 4], "the redeclared values");
      }),
    "does not poison a name whose initializer threw": () =>
      withSession({}, async (session) => {
        const failed = await session.execute("const z = (() => { throw new Error('boom'); })();");
        equal(failed.error?.message, "boom", "the initializer's error");
        equal(await value(session, "const z = 3;\nz"), 3, "the name declared again");
      }),
    "awaits at top level and passes JSON copies both ways": () =>
      withSession({ echo: async (input) => ({ got: input }) }, async (session) => {
        const got = await value(session, "const r = await echo({ a: [1, 'x', null], u: undefined });\nr");
        equal(got, { got: { a: [1, "x", null] } }, "the host function's result");
      }),
    "returns the last expression's value, and a promise as a promise": () =>
      withSession({}, async (session) => {
        equal(await value(session, "({ a: 1, b: [true] })"), { a: 1, b: [true] }, "an object value");
        equal(await value(session, "const q = 1;"), undefined, "the value of a declaration");
        const promise = await value(session, "Promise.resolve(1)");
        check(
          typeof promise === "string" && promise.includes("Promise"),
          `a promise came back as ${promise}`,
        );
      }),
    "reports guest errors as results with their line, and keeps the session": () =>
      withSession({}, async (session) => {
        const thrown = await session.execute("const kept = 5;\nnull.x");
        equal([thrown.error?.name, thrown.error?.line], ["TypeError", 2], "the error's name and line");
        const syntax = await session.execute("\nlet = ;");
        equal(
          [syntax.error?.name, syntax.error?.line],
          ["SyntaxError", 2],
          "the syntax error's name and line",
        );
        equal(await value(session, "kept"), 5, "a variable kept after both errors");
      }),
    "captures console output in call order": () =>
      withSession({}, async (session) => {
        const { logs } = await session.execute("console.log('a', 1); console.error('b'); console.log('c')");
        equal(logs, "a 1\nb\nc", "the logs");
      }),
    "keeps the head and the tail of long logs around one marker": () =>
      withSession({}, async (session) => {
        const { logs } = await session.execute(
          "for (let i = 0; i < 20000; i++) console.log('line ' + i + ' 😀')",
        );
        const full = Array.from({ length: 20000 }, (_, i) => `line ${i} 😀`).join("\n");
        check(!loneSurrogate.test(logs), "the logs split a surrogate pair");
        const markers = [...logs.matchAll(truncatedLine)];
        if (markers.length === 0) return equal(logs, full, "the complete logs");
        equal(markers.length, 1, "the number of truncation markers");
        check(
          logs.startsWith("line 0 ") && logs.endsWith("line 19999 😀"),
          "the head or the tail is missing",
        );
        const [marker] = markers as [RegExpMatchArray];
        equal(logs.length - marker[0].length + Number(marker[1]), full.length, "kept plus cut characters");
      }),
    "rejects host errors into the guest with their name and message": () =>
      withSession({ fail: () => Promise.reject(new TypeError("nope")) }, async (session) => {
        const caught = await value(
          session,
          "let seen; try { await fail(); } catch (e) { seen = [e.name, e.message]; }\nseen",
        );
        equal(caught, ["TypeError", "nope"], "the caught error");
      }),
    "runs host calls concurrently, each with its own signal": () => {
      const gate = deferred<void>();
      const signals: AbortSignal[] = [];
      const functions: Record<string, HostFunction> = {
        first: async (_, { signal }) => {
          signals.push(signal);
          await gate.promise;
        },
        second: async (_, { signal }) => {
          signals.push(signal);
          gate.resolve();
        },
      };
      return withSession(functions, async (session) => {
        await value(session, "await Promise.all([first(), second()])");
        check(signals.length === 2 && signals[0] !== signals[1], "two concurrent calls shared one signal");
      });
    },
    "records the first final_answer called, even when a later one settles first": () => {
      const second = deferred<void>();
      const final_answer: HostFunction = async (input) => {
        // The first call settles a macrotask after the second, so recording by settlement fails.
        if (input === 1) await second.promise.then(() => new Promise((resolve) => setTimeout(resolve, 0)));
        else second.resolve();
        if (input === -1) throw new Error("rejected");
      };
      return withSession({ final_answer }, async (session) => {
        const raced = await session.execute("await Promise.all([final_answer(1), final_answer(2)])");
        equal(raced.finalAnswer, { value: 1 }, "the recorded answer of a race");
        const retried = await session.execute(
          "try { await final_answer(-1); } catch {}\nawait final_answer(3)",
        );
        equal(retried.finalAnswer, { value: 3 }, "the answer recorded after a rejected one");
      });
    },
    "names the host calls the code never awaited": () => {
      const slow: HostFunction = () => new Promise((resolve) => setTimeout(resolve, 0));
      return withSession({ slow }, async (session) => {
        const result = await session.execute("await slow();\nslow();");
        equal(result.pendingCalls, ["slow"], "the calls still pending when the code ended");
        equal(
          (await session.execute("await slow()")).pendingCalls ?? [],
          [],
          "pending calls of awaited code",
        );
      });
    },
    "binds functions added between executes, keeping the session's variables, when it can": () => {
      const first: HostFunction = async () => "first";
      return withSession({ first }, async (session) => {
        if (!session.defineFunctions) return;
        await value(session, "const kept = await first();");
        await session.defineFunctions({
          added: async (input) => `added ${JSON.stringify(input)}`,
          first: async () => "replaced",
        });
        equal(
          await value(session, "[kept, await added({ n: 1 }), await first()]"),
          ["first", 'added {"n":1}', "replaced"],
          "a variable, an added function and a replaced one",
        );
      });
    },
    "defines globals as data, the same at creation and later": async () => {
      const v = { obj: JSON.parse('{"__proto__": {"x": 1}, "y": 2}'), list: [1, "two"], big: 10n };
      const probe =
        "[Object.keys(v.obj), v.obj.x, Object.getPrototypeOf(v.obj) === Object.prototype, v.list, String(v.big)]";
      const fresh = await open({}, { globals: { v } });
      const later = await open({});
      try {
        await later.defineGlobals({ v });
        const [a, b] = [await value(fresh, probe), await value(later, probe)];
        equal(b, a, "globals defined later against globals given at creation");
        equal((a as unknown[]).slice(0, 4), [["__proto__", "y"], undefined, true, [1, "two"]], "the globals");
      } finally {
        await Promise.all([fresh.dispose(), later.dispose()]);
      }
    },
    "ends a runaway execute at its deadline with a TimeoutError result, and keeps the session": () =>
      withSession(
        {},
        async (session) => {
          await value(session, "const before = 1;");
          equal(
            (await session.execute("while (true) {}")).error?.name,
            "TimeoutError",
            "the error of a runaway loop",
          );
          equal(await value(session, "before"), 1, "a variable kept after the timeout");
        },
        true,
      ),
    "aborts a host call's signal at the deadline, before execute settles": () => {
      let aborted = false;
      const hang: HostFunction = (_, { signal }) =>
        new Promise((resolve) =>
          signal.addEventListener("abort", () => {
            aborted = true;
            resolve(undefined);
          }),
        );
      return withSession(
        { hang },
        async (session) => {
          equal((await session.execute("await hang()")).error?.name, "TimeoutError", "the error");
          check(aborted, "the host call's signal had not aborted when execute settled");
        },
        true,
      );
    },
    "never starts a host call with a live signal after the deadline": () => {
      const live: boolean[] = [];
      const tool: HostFunction = async (_, { signal }) => {
        live.push(!signal.aborted);
      };
      const code =
        "Promise.resolve().then(() => { while (true) {} });\nPromise.resolve().then(() => tool());";
      return withSession(
        { tool },
        async (session) => {
          equal((await session.execute(code)).error?.name, "TimeoutError", "the error");
          equal(live.filter(Boolean), [], "calls started with a live signal");
        },
        true,
      );
    },
    "rejects execute with an AbortError when its signal fires, and keeps the session": () => {
      const controller = new AbortController();
      let seen: AbortSignal | undefined;
      const hang: HostFunction = (_, { signal }) => {
        seen = signal;
        controller.abort();
        return new Promise(() => {});
      };
      return withSession({ hang }, async (session) => {
        await value(session, "const k = 9;");
        const error = await session.execute("await hang()", { signal: controller.signal }).catch((e) => e);
        equal(error?.name, "AbortError", "what execute threw");
        check(seen?.aborted === true, "the host call's signal did not abort");
        equal(await value(session, "k"), 9, "a variable kept after the abort");
      });
    },
    "aborts a host call's signal once the code has returned or failed": () => {
      const seen: AbortSignal[] = [];
      const keep: HostFunction = async (_, { signal }) => {
        seen.push(signal);
      };
      return withSession({ keep }, async (session) => {
        await value(session, "await keep()");
        await session.execute("await keep(); throw new Error('after');");
        check(
          seen.length === 2 && seen.every((signal) => signal.aborted),
          "a finished call's signal is live",
        );
      });
    },
    "stops a running execute on dispose, and says later that the session is lost": async () => {
      const started = deferred<AbortSignal>();
      const session = await open({
        hang: (_, { signal }) => {
          started.resolve(signal);
          return new Promise(() => {});
        },
      });
      const running = session.execute("await hang()").then(
        () => "resolved",
        () => "rejected",
      );
      const signal = await started.promise;
      await session.dispose();
      equal(await running, "rejected", "the running execute");
      check(signal.aborted, "the host call's signal did not abort on dispose");
      const later = await session.execute("1").catch((e) => e);
      check(
        ExecutionError.isInstance(later) && later.sessionLost,
        "a disposed session did not say it is lost",
      );
      await session.dispose();
    },
  };
  return Object.entries(cases).map(([name, run]) => ({ name, run }));
}

function check(condition: boolean, problem: string): asserts condition {
  if (!condition) throw new Error(`Executor conformance: ${problem}.`);
}

function equal(actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  check(a === e, `${what} should be ${e}, got ${a}`);
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
