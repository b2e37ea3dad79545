/**
 * Hundreds of tools, a short prompt: past 30 tools a CodeAgent declares `search_tools` instead
 * of every tool, and its code looks up the declarations it needs, then calls what it found.
 * Needs OPENAI_API_KEY, or OPENAI_BASE_URL and CODEACT_MODEL for a local server.
 */
import { CodeAgent, openai, tool } from "codeact";
import { z } from "zod";

// An internal API of 240 endpoints: 40 kinds of record, 6 operations each.
const records = ["invoice", "refund", "order", "customer", "shipment", "ticket", "contract", "payslip"];
const systems = ["billing", "sales", "support", "hr", "logistics"];
const operations = ["get", "list", "create", "update", "archive", "export"];
const tools = systems.flatMap((system) =>
  records.flatMap((record) =>
    operations.map((operation) =>
      tool({
        name: `${system}_${operation}_${record}`,
        description: `${operation[0]?.toUpperCase()}${operation.slice(1)}s ${record}s in ${system}.`,
        inputSchema: z.object({
          id: z.string().optional(),
          fields: z.record(z.string(), z.string()).optional(),
        }),
        execute: async (input) => ({ system, operation, record, ...input, ok: true }),
      }),
    ),
  ),
);

const agent = new CodeAgent({ model: openai({ model: process.env.CODEACT_MODEL ?? "gpt-4.1-mini" }), tools });
const result = await agent.run("Archive refund R-1009 in billing, and say whether it worked.");
console.log(result.status, JSON.stringify(result.output));
