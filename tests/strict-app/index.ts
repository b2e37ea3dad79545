/**
 * A typical app, checked as a user's strict project would check it: against the packages' built
 * declarations, with `skipLibCheck: false` and no DOM lib. `tests/strict-app.test.ts` runs it.
 */
import {
  type AgentEvent,
  CodeAgent as CoreCodeAgent,
  jsonSchema,
  type Model,
  ModelError,
  type RunResult,
  ToolCallingAgent,
  tool,
} from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { type HuggingFaceOptions, huggingface, type OpenAIOptions, openai } from "@codeact/models";
import { type AISDKLanguageModel, fromAISDK } from "@codeact/models/ai-sdk";
import { CodeAgent, type StreamingModel } from "codeact";
import { fromAISDK as fromAISDKAgain } from "codeact/ai-sdk";
import { ScriptedModel as ScriptedModelAgain } from "codeact/testing";
import { z } from "zod";

const getWeather = tool({
  name: "get_weather",
  description: "Current weather for a city.",
  inputSchema: z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() }),
  outputSchema: z.object({ tempC: z.number(), sky: z.string() }),
  execute: async ({ city }, { signal }) => {
    signal.throwIfAborted();
    return { tempC: city.length, sky: "clear" };
  },
});

const lookup = tool({
  name: "lookup",
  description: "Looks a word up.",
  inputSchema: jsonSchema<{ word: string }>({
    type: "object",
    properties: { word: { type: "string" } },
    required: ["word"],
  }),
  execute: async ({ word }) => word.toUpperCase(),
});

const openAIOptions: OpenAIOptions = {
  model: "gpt-4.1-mini",
  baseURL: "http://localhost:11434/v1",
  headers: { "x-app": "strict" },
  fetch: globalThis.fetch,
  maxRetries: 1,
};
const hfOptions: HuggingFaceOptions = {
  model: "openai/gpt-oss-120b",
  provider: "cerebras",
  timeoutMs: 60_000,
};
const hfAuto: HuggingFaceOptions = { model: "Qwen/Qwen3-8B", provider: "auto", billTo: "my-org" };

declare const languageModel: AISDKLanguageModel;
const models: StreamingModel[] = [
  openai(openAIOptions),
  huggingface(hfOptions),
  huggingface(hfAuto),
  huggingface({ model: "tgi", endpointUrl: "https://xyz.endpoints.huggingface.cloud/v1" }),
  fromAISDK(languageModel, { headers: { "x-app": "strict" } }),
  fromAISDKAgain(languageModel),
];
const scripted: Model = new ScriptedModel(["```js\nfinal_answer(42)\n```"]);

const Answer = z.object({ city: z.string(), tempC: z.number() });
const agent = new CodeAgent({
  model: models[0] ?? scripted,
  tools: [getWeather, lookup],
  instructions: "Answer briefly.",
  maxSteps: 5,
  outputSchema: Answer,
  onApproval: async (call) => call.name !== "lookup",
});

const controller = new AbortController();
const result: RunResult<z.infer<typeof Answer>> = await agent.run("Is it warm in Paris?", {
  signal: controller.signal,
  variables: { cities: ["Paris", "Rome"] },
});
if (result.status === "success") {
  const city: string = result.output.city;
  console.log(city, result.usage.inputTokens, result.durationMs);
} else {
  console.error(result.status, result.error?.message);
}

const run = agent.stream("And in Rome?");
for await (const event of run) {
  const type: AgentEvent["type"] = event.type;
  if (event.type === "text-delta") process.stdout.write(event.delta);
  else if (event.type === "code") console.log(type, event.code);
  else if (event.type === "tool-call") console.log(event.call.name, event.call.input);
  else if (event.type === "run-end") console.log(event.result.status);
}
const streamed = await run.result;
console.log(streamed.steps.length);

const executor = new QuickJSExecutor({ timeoutMs: 5_000 });
await using coreAgent = new CoreCodeAgent({ model: new ScriptedModelAgain(["final_answer(1)"]), executor });
await coreAgent.run("One?");
const toolAgent = new ToolCallingAgent({ model: scripted, tools: [getWeather] });
try {
  await toolAgent.run("Weather?");
} catch (error) {
  if (ModelError.isInstance(error)) console.error(error.code, error.message);
}
await agent.dispose();
