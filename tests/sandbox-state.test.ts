/** CodeAgent with the real QuickJS sandbox: signals, un-awaited calls, redeclaration, variables. */
import { CodeAgent, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const js = (code: string) => `Thought: next.\n\`\`\`js\n${code}\n\`\`\``;
const observations = (model: ScriptedModel) =>
  model.requests.map((entry) => entry.request.messages.at(-1)?.content ?? "");

describe("a CodeAgent's sandbox state", () => {
  it("aborts a tool's signal when the code that awaits it times out, and the run goes on", async () => {
    let seen: AbortSignal | undefined;
    const wait = tool({
      name: "wait_for_it",
      description: "Waits until told to stop.",
      inputSchema: z.object({}),
      execute: (_, { signal }) => {
        seen = signal;
        return new Promise((resolve) => signal.addEventListener("abort", () => resolve("stopped")));
      },
    });
    const model = new ScriptedModel([js("await wait_for_it()"), js("final_answer('next')")]);
    const executor = new QuickJSExecutor({ timeoutMs: 300 });
    const result = await new CodeAgent({ model, executor, tools: [wait] }).run("Wait.");
    expect(result).toMatchObject({ status: "success", output: "next" });
    expect(seen?.aborted).toBe(true);
    expect(observations(model)[1]).toMatch(/Error: TimeoutError/);
  });

  it("runs a dozen tool calls at once without a MaxListenersExceededWarning", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const listen = tool({
        name: "listen",
        description: "Listens to its signal.",
        inputSchema: z.object({ n: z.number() }),
        execute: async ({ n }, { signal }) => {
          signal.addEventListener("abort", () => {});
          await new Promise((resolve) => setTimeout(resolve, 0));
          return n;
        },
      });
      const code =
        "const all = await Promise.all(Array.from({ length: 12 }, (_, n) => listen({ n })));\nfinal_answer(all.length)";
      const model = new ScriptedModel([js(code)]);
      const result = await new CodeAgent({ model, executor: new QuickJSExecutor(), tools: [listen] }).run(
        "Listen.",
      );
      expect(result.output).toBe(12);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });

  it("names the tool calls the code never awaited, but not an un-awaited final_answer", async () => {
    const search = tool({
      name: "search",
      description: "Searches.",
      inputSchema: z.object({ q: z.string() }),
      execute: async ({ q }) => `found ${q}`,
    });
    const model = new ScriptedModel([js("search({ q: 'a' });\nsearch({ q: 'b' });"), js("final_answer(1)")]);
    await new CodeAgent({ model, executor: new QuickJSExecutor(), tools: [search] }).run("Search.");
    expect(observations(model)[1]).toMatch(
      /2 tool calls were still pending when the code ended \(search, search\)/,
    );
    expect(observations(model)[1]).not.toMatch(/final_answer/);
  });

  it("lets a later step declare the same names again, even after an initializer threw", async () => {
    const model = new ScriptedModel([
      js("const total = 1;\nconst broken = JSON.parse('{');"),
      js("const total = 2;\nconst broken = 3;\nfinal_answer(total + broken)"),
    ]);
    const result = await new CodeAgent({ model, executor: new QuickJSExecutor() }).run("Count.");
    expect(result).toMatchObject({ status: "success", output: 5 });
    // The un-awaited final_answer call was the last value: once the answer is in, it is not shown.
    expect(result.steps.at(-1)).toMatchObject({ observation: "Observation:\nFinal answer accepted." });
    expect(new CodeAgent({ model, executor: new QuickJSExecutor() }).systemPrompt).toMatch(
      /persist between steps and may be declared again/,
    );
  });

  it("gives a continued run its variables as data, exactly as a fresh run gets them", async () => {
    const variables = { big: 10n, tricky: JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') };
    const probe = js(
      "final_answer([typeof big, String(big), Object.keys(tricky), tricky.polluted === undefined, ({}).polluted])",
    );
    const fresh = new CodeAgent({ model: new ScriptedModel([probe]), executor: new QuickJSExecutor() });
    const expected = (await fresh.run("Probe.", { variables })).output;
    const agent = new CodeAgent({
      model: new ScriptedModel([js("final_answer(0)"), probe]),
      executor: new QuickJSExecutor(),
    });
    await agent.run("Start.");
    const continued = await agent.run("Probe.", { reset: false, variables });
    await agent.dispose();
    expect(continued.output).toEqual(expected);
    expect(expected).toEqual(["string", "10n", ["__proto__", "x"], true, null]);
  });
});
