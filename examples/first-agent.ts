/**
 * A first agent: a model, one tool, one task. The model writes JavaScript that calls the tool.
 * Needs OPENAI_API_KEY, or OPENAI_BASE_URL and CODEACT_MODEL for a local server.
 */
import { CodeAgent, openai, tool } from "codeact";
import { z } from "zod";

const getWeather = tool({
  name: "get_weather",
  description: "Current temperature in °C for a city.",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, tempC: { Paris: 19, Rome: 24, Oslo: 8 }[city] ?? 15 }),
});

const agent = new CodeAgent({
  model: openai({ model: process.env.CODEACT_MODEL ?? "gpt-4.1-mini" }),
  tools: [getWeather],
});

const result = await agent.run("Which is warmest today: Paris, Rome or Oslo?");
console.log(result.status, result.output);
