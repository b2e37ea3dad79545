/**
 * The model's code runs in an E2B cloud sandbox with full Node.js, while the tool, and the key
 * it holds, stay in this process: the sandbox calls it back. Needs E2B_API_KEY, and
 * OPENAI_API_KEY (or OPENAI_BASE_URL and CODEACT_MODEL).
 */
import { E2BExecutor } from "@codeact/executors/e2b";
import { CodeAgent, openai, tool } from "codeact";
import { z } from "zod";

const crmKey = process.env.CRM_KEY ?? "a secret that never leaves this machine";
const lookupCustomer = tool({
  name: "lookup_customer",
  description: "A customer's plan and monthly spend in EUR, from the CRM.",
  inputSchema: z.object({ email: z.string() }),
  execute: async ({ email }) => ({ email, plan: "pro", spendEur: crmKey.length > 0 ? 420 : 0 }),
});

const agent = new CodeAgent({
  model: openai({ model: process.env.CODEACT_MODEL ?? "gpt-4.1-mini" }),
  executor: new E2BExecutor({ timeoutMs: 60_000 }),
  tools: [lookupCustomer],
});
const result = await agent.run(
  "Write ada@example.com's plan and spend to a CSV file in the sandbox, then answer with the file's contents.",
);
console.log(result.status, JSON.stringify(result.output));
await agent.dispose();
