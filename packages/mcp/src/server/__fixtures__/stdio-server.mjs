// A codeact tool served over stdio by serveMcp, as a user's own script would; tests start it with node.
import { jsonSchema, tool } from "@codeact/core";
import { serveMcp } from "@codeact/mcp";

const shout = tool({
  name: "shout",
  description: "Says a word louder.",
  inputSchema: jsonSchema({ type: "object", properties: { word: { type: "string" } }, required: ["word"] }),
  execute: ({ word }) => `${word.toUpperCase()}!`,
});
const server = await serveMcp({ tools: [shout], name: "shouter" }, { transport: "stdio" });
process.stdin.once("end", () => server.close());
