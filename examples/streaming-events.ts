/** Streaming events: watch the model think, the code run and the tools answer, as it happens. */
import { CodeAgent, openai } from "codeact";

const agent = new CodeAgent({ model: openai({ model: process.env.CODEACT_MODEL ?? "gpt-4.1-mini" }) });
const run = agent.stream("What is the sum of the first 50 prime numbers?");

for await (const event of run) {
  switch (event.type) {
    case "step-start":
      console.log(`\n--- step ${event.step}`);
      break;
    case "text-delta":
      process.stdout.write(event.delta);
      break;
    case "code":
      console.log(`\n[running]\n${event.code}`);
      break;
    case "observation":
      console.log(`[observed] ${event.observation}`);
      break;
  }
}

const result = await run.result;
console.log(
  `\n${result.status}: ${result.output} (${result.usage.inputTokens + result.usage.outputTokens} tokens)`,
);
