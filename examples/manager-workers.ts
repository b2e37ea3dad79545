/**
 * A manager agent with two workers: a writer in this process, and a researcher behind an A2A
 * endpoint (served here on a free port; in production it runs on another machine). The manager
 * calls both from its code; a worker that fails throws in that code instead of passing for an
 * answer. Needs OPENAI_API_KEY, or OPENAI_BASE_URL and CODEACT_MODEL.
 */
import { agentTool, remoteAgent, serveAgent } from "@codeact/multi-agent";
import { CodeAgent, openai } from "codeact";

const model = openai({ model: process.env.CODEACT_MODEL ?? "gpt-4.1-mini" });
const token = crypto.randomUUID();

const researcher = new CodeAgent({
  model,
  name: "researcher",
  description: "Finds facts about a topic and returns them as a list of short strings.",
});
await using server = await serveAgent(researcher, { port: 0, auth: { token } });

const writer = new CodeAgent({
  model,
  name: "writer",
  description: "Writes one line of text from the facts given as its context.",
});
const manager = new CodeAgent({
  model,
  name: "manager",
  tools: [
    await remoteAgent({ url: server.url, headers: { authorization: `Bearer ${token}` } }),
    agentTool(writer),
  ],
});
const result = await manager.run("Write one line about octopuses, based on facts.");
console.log(result.status, result.output);
