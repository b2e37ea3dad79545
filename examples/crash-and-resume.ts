/**
 * A run that survives a crash. The first run journals every step to a folder and is killed
 * right after it charged a card; run again with the printed id, it resumes from the journal:
 * the charge is answered from the journal, not made again, and the run goes on to its answer.
 *
 *   pnpm tsx examples/crash-and-resume.ts           # starts, crashes, prints the run id
 *   pnpm tsx examples/crash-and-resume.ts <run-id>  # resumes it
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileJournal } from "@codeact/durable";
import { CodeAgent, openai, tool } from "codeact";
import { z } from "zod";

const folder = path.join(tmpdir(), "codeact-crash-and-resume");
const ledger = path.join(folder, "charges.log");

const chargeCard = tool({
  name: "charge_card",
  description: "Charges the customer's card. Returns a receipt id.",
  inputSchema: z.object({ amountEur: z.number() }),
  // The key is the same on every replay of this call: a payment API would deduplicate on it.
  execute: async ({ amountEur }, { idempotencyKey }) => {
    appendFileSync(ledger, `${idempotencyKey} ${amountEur}\n`);
    return { receipt: `R-${readFileSync(ledger, "utf8").trim().split("\n").length}` };
  },
});

const agent = new CodeAgent({
  model: openai({ model: process.env.CODEACT_MODEL ?? "gpt-4.1-mini" }),
  tools: [chargeCard],
});
const journal = fileJournal(folder);
const resumeId = process.argv[2];

if (!resumeId) {
  mkdirSync(folder, { recursive: true });
  rmSync(ledger, { force: true });
  const run = agent.stream("Charge 42 EUR, then tell me the receipt id.", { journal });
  for await (const event of run) {
    if (event.type === "run-start") console.log(`run ${event.runId}`);
    // A crash: nothing gets to clean up, as when the machine goes down.
    if (event.type === "tool-result") process.kill(process.pid, "SIGKILL");
  }
} else {
  const result = await agent.resume(resumeId, { journal });
  const charges = readFileSync(ledger, "utf8").trim().split("\n").length;
  console.log(result.status, result.output, `(${charges} charge made)`);
}
