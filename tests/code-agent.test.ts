import {
  CodeAgent,
  ExecutionError,
  type Executor,
  type RunResult,
  ToolCallingAgent,
  tool,
} from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const js = (code: string, thought = "Thought: next step.") => `${thought}\n\`\`\`js\n${code}\n\`\`\``;

const prices: Record<string, number> = { apple: 1.25, pear: 2, plum: 0.5 };
const stock: Record<string, number> = { apple: 10, pear: 0, plum: 40 };
const calls: string[] = [];

const getPrice = tool({
  name: "get_price",
  description: "Unit price of a fruit in euros.",
  inputSchema: z.object({ fruit: z.string() }),
  outputSchema: z.object({ fruit: z.string(), euros: z.number() }),
  execute: async ({ fruit }) => {
    calls.push(`price:${fruit}`);
    const euros = prices[fruit];
    if (euros === undefined) throw new Error(`unknown fruit "${fruit}"`);
    return { fruit, euros };
  },
});
const getStock = tool({
  name: "get_stock",
  description: "Units of a fruit in stock.",
  inputSchema: z.object({ fruit: z.string() }),
  execute: async ({ fruit }) => {
    calls.push(`stock:${fruit}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return stock[fruit] ?? 0;
  },
});

const answerSchema = z.object({ fruit: z.string(), value: z.number() });
const executor = new QuickJSExecutor({ timeoutMs: 5_000 });

function observations(model: ScriptedModel): string[] {
  return model.requests.map((entry) => entry.request.messages.at(-1)?.content ?? "");
}

describe("CodeAgent with QuickJS", () => {
  it("solves a multi-step task with variables, parallel tool calls and a validated answer", async () => {
    const model = new ScriptedModel([
      js(`const fruits = ["apple", "pear", "plum"];
const [priceList, stockList] = await Promise.all([
  Promise.all(fruits.map((fruit) => get_price({ fruit }))),
  Promise.all(fruits.map((fruit) => get_stock({ fruit }))),
]);
console.log(priceList, stockList);`),
      js(`const values = fruits.map((fruit, i) => ({ fruit, value: priceList[i].euros * stockList[i] }));
const best = values.reduce((a, b) => (b.value > a.value ? b : a));
best`),
      js(`final_answer({ fruit: best.fruit, value: String(best.value) })`, "Thought: answer."),
      js(`final_answer(best)`, "Thought: the value must be a number."),
    ]);
    const agent = new CodeAgent({ model, executor, tools: [getPrice, getStock], outputSchema: answerSchema });
    const result = await agent.run("Which fruit has the most stock value?");
    expect(result.status).toBe("success");
    expect(result.output).toEqual({ fruit: "plum", value: 20 });
    const seen = observations(model);
    expect(seen[1]).toContain("{ fruit: 'apple', euros: 1.25 }");
    expect(seen[1]).toMatch(/\[\s*10,\s*0,\s*40\s*\]/);
    expect(seen[2]).toContain('Last value: {"fruit":"plum","value":20}\nStep 2 of 20 done.');
    expect(seen[3]).toMatch(/does not match the expected shape: value: .*number/);
    expect(result.steps.filter((step) => step.type === "action")).toHaveLength(4);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it("recovers from a failing tool and from a syntax error", async () => {
    const model = new ScriptedModel([
      js(`const kiwi = await get_price({ fruit: "kiwi" });`),
      js(`const total = ;`),
      js(
        `let price;\ntry { price = (await get_price({ fruit: "kiwi" })).euros } catch (e) { price = (await get_price({ fruit: "pear" })).euros }\nfinal_answer(price)`,
      ),
    ]);
    const result = await new CodeAgent({ model, executor, tools: [getPrice] }).run("Price of kiwi, or pear?");
    expect(result).toMatchObject({ status: "success", output: 2 });
    const [, afterTool, afterSyntax] = observations(model);
    expect(afterTool).toMatch(/Error: ToolError: get_price failed: unknown fruit "kiwi" \(line 1\)/);
    expect(afterSyntax).toMatch(/Error: SyntaxError: .*\(line 1\)/);
  });

  it("tells the model when its answer holds no code, and goes on", async () => {
    const model = new ScriptedModel(["I think the answer is 4.", js("final_answer(2 + 2)")]);
    const result = await new CodeAgent({ model, executor }).run("2+2?");
    expect(result.output).toBe(4);
    expect(observations(model)[1]).toMatch(/No code block was found.*```js/);
    expect(result.steps[1]).toMatchObject({ type: "action", error: { name: "ParsingError" } });
  });

  it("strips TypeScript from the model's code before running it", async () => {
    const model = new ScriptedModel([
      "```ts\ninterface Row { fruit: string; euros: number }\nconst row: Row = await get_price({ fruit: 'apple' });\nfinal_answer(row.euros as number);\n```",
    ]);
    const result = await new CodeAgent({ model, executor, tools: [getPrice] }).run("Apple price?");
    expect(result.output).toBe(1.25);
    expect(result.steps[1]).toMatchObject({ code: expect.not.stringMatching(/interface|: Row/) });
  });

  it("shows an answer rejected by a check even when the code did not await it", async () => {
    const model = new ScriptedModel([
      js(`final_answer(-1); console.log("after")`),
      js(`await final_answer(1)`),
    ]);
    const agent = new CodeAgent<number>({
      model,
      executor,
      finalAnswerChecks: [(n) => n > 0 || "it must be positive"],
    });
    const result = await agent.run("A positive number?");
    expect(result.output).toBe(1);
    expect(observations(model)[1]).toMatch(/rejected: it must be positive/);
  });

  it("continues the sandbox with reset: false and starts clean with reset: true", async () => {
    const model = new ScriptedModel([
      js(`const secret = 41;\nfinal_answer("stored")`),
      js(`final_answer(secret + 1)`),
      js(`final_answer(typeof secret)`),
    ]);
    const agent = new CodeAgent({ model, executor });
    expect((await agent.run("Store a number.")).output).toBe("stored");
    expect((await agent.run("Add one to it.", { reset: false })).output).toBe(42);
    expect((await agent.run("Is it still there?")).output).toBe("undefined");
    await agent.dispose();
  });

  it("passes variables into the sandbox and tells the model about them", async () => {
    const model = new ScriptedModel([js(`final_answer(orders.filter((o) => o.total > 10).length)`)]);
    const agent = new CodeAgent({ model, executor });
    const orders = [{ total: 5 }, { total: 50 }, { total: 12 }];
    const result = await agent.run("How many orders are over 10?", { variables: { orders } });
    expect(result.output).toBe(2);
    expect(model.requests[0]?.request.messages[1]?.content).toMatch(
      /variables are available to your code: `orders`/,
    );
  });

  it("aborts running code that awaits a slow tool, and the tool sees the abort", async () => {
    const controller = new AbortController();
    let toolSignal: AbortSignal | undefined;
    const slow = tool({
      name: "slow_search",
      description: "Searches slowly.",
      inputSchema: z.object({ query: z.string() }),
      execute: (_input, { signal }) => {
        toolSignal = signal;
        // Abort once the code is waiting on the tool, which never answers: only the abort ends the run.
        queueMicrotask(() => controller.abort());
        return new Promise(() => {});
      },
    });
    const model = new ScriptedModel([
      js(`let n = 0;\nfor (const q of ["a", "b"]) { await slow_search({ query: q }); n++; }`),
    ]);
    const result = await new CodeAgent({ model, executor, tools: [slow] }).run("Search.", {
      signal: controller.signal,
    });
    expect(result.status).toBe("aborted");
    expect(toolSignal?.aborted).toBe(true);
  });

  it("stops a synchronous infinite loop at the executor's timeout and lets the model go on", async () => {
    const model = new ScriptedModel([js("while (true) {}"), js("final_answer('recovered')")]);
    const quick = new QuickJSExecutor({ timeoutMs: 200 });
    const result = await new CodeAgent({ model, executor: quick }).run("Spin.");
    expect(result.output).toBe("recovered");
    expect(observations(model)[1]).toMatch(/Error: TimeoutError: /);
  });

  it("asks for approval from code and shows a denial as a guest error", async () => {
    const sent: string[] = [];
    const send = tool({
      name: "send_email",
      description: "Sends an email.",
      inputSchema: z.object({ to: z.string() }),
      needsApproval: true,
      execute: async ({ to }) => {
        sent.push(to);
        return "sent";
      },
    });
    const model = new ScriptedModel([
      js(`await send_email({ to: "boss@example.com" })`),
      js(`await send_email({ to: "me@example.com" }); final_answer("ok")`),
    ]);
    const agent = new CodeAgent({
      model,
      executor,
      tools: [send],
      onApproval: ({ input }) => (input as { to: string }).to.startsWith("me@"),
    });
    const result = await agent.run("Email.");
    expect(result.output).toBe("ok");
    expect(sent).toEqual(["me@example.com"]);
    expect(observations(model)[1]).toMatch(/ToolError: The user denied this call to send_email/);
  });

  /** QuickJS sessions whose executes throw `failure` when the code says "crash". */
  function crashingExecutor(failure: () => Error) {
    const counts = { sessions: 0 };
    const crashing: Executor = {
      async createSession(options) {
        counts.sessions++;
        const session = await executor.createSession(options);
        return {
          execute: async (code, execOptions) => {
            if (code.includes("crash")) throw failure();
            return session.execute(code, execOptions);
          },
          defineGlobals: (globals, globalOptions) => session.defineGlobals(globals, globalOptions),
          dispose: () => session.dispose(),
          [Symbol.asyncDispose]: () => session.dispose(),
        };
      },
    };
    return { crashing, counts };
  }

  it("replaces a session the executor says is lost and tells the model its state is gone", async () => {
    const { crashing, counts } = crashingExecutor(
      () => new ExecutionError({ message: "sandbox process died", sessionLost: true }),
    );
    const model = new ScriptedModel([js(`const x = 1;`), js(`// crash`), js(`final_answer(typeof x)`)]);
    const result = await new CodeAgent({ model, executor: crashing }).run("Survive.");
    expect(counts.sessions).toBe(2);
    expect(observations(model)[2]).toMatch(
      /sandbox failed \(sandbox process died\).*every variable and function from earlier steps is gone/s,
    );
    expect(result.output).toBe("undefined");
  });

  it("keeps the session and its variables when execute fails without losing it", async () => {
    const { crashing, counts } = crashingExecutor(() => new Error("network blip"));
    const model = new ScriptedModel([js(`const x = 1;`), js(`// crash`), js(`final_answer(typeof x)`)]);
    const result = await new CodeAgent({ model, executor: crashing }).run("Survive.");
    expect(counts.sessions).toBe(1);
    expect(observations(model)[2]).toBe("Observation:\nError: network blip\nStep 2 of 20 done.");
    expect(result.output).toBe("number");
  });
});

describe("the same tasks with ToolCallingAgent", () => {
  it("solves the stock-value task with parallel calls, a failing tool and a validated answer", async () => {
    calls.length = 0;
    const toolCalls = (...list: [string, unknown][]) => ({
      toolCalls: list.map(([name, input], i) => ({ id: `${name}-${i}-${Math.random()}`, name, input })),
    });
    const model = new ScriptedModel([
      toolCalls(
        ["get_price", { fruit: "apple" }],
        ["get_price", { fruit: "plum" }],
        ["get_price", { fruit: "kiwi" }],
      ),
      toolCalls(["get_stock", { fruit: "apple" }], ["get_stock", { fruit: "plum" }]),
      toolCalls(["final_answer", { answer: { fruit: "plum", value: "20" } }]),
      toolCalls(["final_answer", { answer: { fruit: "plum", value: 20 } }]),
    ]);
    const agent = new ToolCallingAgent({ model, tools: [getPrice, getStock], outputSchema: answerSchema });
    const result: RunResult<{ fruit: string; value: number }> = await agent.run(
      "Which fruit has the most stock value?",
    );
    expect(result).toMatchObject({ status: "success", output: { fruit: "plum", value: 20 } });
    expect(calls).toEqual(["price:apple", "price:plum", "price:kiwi", "stock:apple", "stock:plum"]);
    const toolMessages = model.requests[1]?.request.messages.filter((message) => message.role === "tool");
    expect(toolMessages?.map((message) => message.content)).toEqual([
      '{"fruit":"apple","euros":1.25}',
      '{"fruit":"plum","euros":0.5}',
      'Error: get_price failed: unknown fruit "kiwi"',
    ]);
    expect(model.requests[3]?.request.messages.at(-1)?.content).toMatch(/value: .*number/);
  });
});
