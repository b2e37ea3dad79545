/**
 * Writing a tool: a typed input and output, field descriptions the model reads, an error that
 * tells the model what to do, and honouring the abort signal.
 */
import { CodeAgent, openai, tool } from "codeact";
import { z } from "zod";

const exchangeRates: Record<string, number> = { EUR: 1, USD: 1.08, GBP: 0.85, JPY: 163.2 };

const convert = tool({
  name: "convert_currency",
  description: "Converts an amount between currencies at today's rate.",
  inputSchema: z.object({
    amount: z.number().positive(),
    from: z.string().length(3).describe("ISO 4217 code, e.g. EUR"),
    to: z.string().length(3).describe("ISO 4217 code, e.g. USD"),
  }),
  outputSchema: z.object({ amount: z.number(), currency: z.string() }),
  execute: async ({ amount, from, to }, { signal }) => {
    signal.throwIfAborted();
    const [rateFrom, rateTo] = [exchangeRates[from], exchangeRates[to]];
    if (rateFrom === undefined || rateTo === undefined) {
      throw new Error(`unknown currency; known: ${Object.keys(exchangeRates).join(", ")}`);
    }
    return { amount: Math.round((amount / rateFrom) * rateTo * 100) / 100, currency: to };
  },
});

const agent = new CodeAgent({
  model: openai({ model: process.env.CODEACT_MODEL ?? "gpt-4.1-mini" }),
  tools: [convert],
});
const result = await agent.run("How much is 250 GBP in USD and in JPY?");
console.log(result.output);
