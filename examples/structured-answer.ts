/**
 * A structured final answer: `outputSchema` validates what the model passes to final_answer
 * (a mismatch goes back to it as an error) and types `result.output`.
 */
import { CodeAgent, openai } from "codeact";
import { z } from "zod";

const Trip = z.object({
  city: z.string(),
  days: z.number().int().min(1),
  budgetEur: z.number(),
  highlights: z.array(z.string()).min(3),
});

const agent = new CodeAgent({
  model: openai({ model: process.env.CODEACT_MODEL ?? "gpt-4.1-mini" }),
  outputSchema: Trip,
});

const result = await agent.run("Plan a 3-day trip to Lisbon for under 600 euros.");
if (result.status === "success" && result.output) {
  const trip = result.output; // typed: { city: string; days: number; budgetEur: number; highlights: string[] }
  console.log(`${trip.days} days in ${trip.city} for ${trip.budgetEur} EUR: ${trip.highlights.join(", ")}`);
} else {
  console.error(result.status, result.error?.message);
}
