// A worker agent served over A2A in its own process, as a user would run one; tests start it with
// node. It prints `READY <url>` when it listens, `RUN <task>` when a run starts, and `HOLDING` /
// `HOLD ABORTED` around a tool that waits until its run is stopped.
import { CodeAgent, jsonSchema, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { serveAgent } from "@codeact/multi-agent";

const say = (line) => process.stdout.write(`${line}\n`);
const hold = tool({
  name: "hold",
  description: "Waits until the run is stopped.",
  inputSchema: jsonSchema({ type: "object", properties: {} }),
  execute: (_, { signal }) =>
    new Promise((_, reject) => {
      say("HOLDING");
      signal.addEventListener("abort", () => {
        say("HOLD ABORTED");
        reject(signal.reason);
      });
    }),
});
const js = (code) => `Thought: on it.\n\`\`\`js\n${code}\n\`\`\``;
const model = new ScriptedModel(
  Array.from({ length: 100 }, () => (request) => {
    const task = /^Task:\n(.*)/.exec(request.messages[1]?.content ?? "")?.[1] ?? "";
    say(`RUN ${task}`);
    if (task === "wait") return js("await hold({})");
    if (task === "fail") return js('throw new Error("the archive is offline")');
    return js(
      `final_answer({ summary: ${JSON.stringify(`done: ${task}`)}, items: typeof context === "undefined" ? [] : context })`,
    );
  }),
);
const agent = new CodeAgent({
  model,
  executor: new QuickJSExecutor(),
  tools: [hold],
  name: "researcher",
  description: "Researches a topic and summarizes it.",
  maxSteps: 1,
  outputSchema: jsonSchema({
    type: "object",
    properties: { summary: { type: "string" }, items: { type: "array" } },
    required: ["summary", "items"],
  }),
});
const token = process.env.A2A_TOKEN;
const server = await serveAgent(agent, { port: 0, ...(token && { auth: { token } }) });
say(`READY ${server.url}`);
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
