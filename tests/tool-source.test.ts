import { type AnyTool, CodeAgent, jsonSchema, type ToolSource, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { expect, it } from "vitest";

const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;
const object = jsonSchema<{ n?: number }>({ type: "object", properties: { n: { type: "number" } } });

/** A source whose list a tool call changes, the way an MCP server's does after list_changed. */
function changingSource() {
  let tools: AnyTool[] = [];
  const beta = tool({
    name: "beta",
    description: "Doubles n.",
    inputSchema: object,
    execute: ({ n = 0 }) => n * 2,
  });
  const alpha = tool({
    name: "alpha",
    description: "Unlocks beta, and goes away.",
    inputSchema: object,
    execute: () => {
      tools = [beta];
      return "unlocked";
    },
  });
  tools = [alpha];
  const source: ToolSource = { currentTools: () => tools, refreshTools: async () => tools };
  return source;
}

it.each(["pool", "inline"] as const)(
  "binds the tools a source adds during a run and tells the model, keeping the sandbox (%s)",
  async (thread) => {
    const model = new ScriptedModel([
      js("const kept = await alpha({});\nconsole.log(kept)"),
      js('final_answer(kept + " " + (await beta({ n: 21 })))'),
    ]);
    const agent = new CodeAgent({
      model,
      executor: new QuickJSExecutor({ thread }),
      tools: [changingSource()],
    });
    const result = await agent.run("Unlock beta and double 21.");

    expect(result.status).toBe("success");
    expect(result.output).toBe("unlocked 42");
    const [first, second] = model.requests.map(({ request }) => request.messages);
    expect(first?.[0]?.content).toContain("declare function alpha(");
    expect(first?.[0]?.content).not.toContain("declare function beta(");
    expect(second?.at(-1)?.content).toContain(
      "The tools changed.\nNew or changed:\n```ts\n/** Doubles n. */\ndeclare function beta(input?: { n?: number }): Promise<unknown>;\n```\nNo longer available: alpha.",
    );
    // The note rides on the observation: what was sent before is unchanged.
    expect(second?.slice(0, first?.length)).toEqual(first);
  },
);

it("says nothing when a source lists the same tools again as new objects", async () => {
  const make = () => [tool({ name: "same", description: "Same.", inputSchema: object, execute: () => 1 })];
  const source: ToolSource = { currentTools: make, refreshTools: async () => make() };
  const model = new ScriptedModel([js("console.log(await same({}))"), js("final_answer(await same({}))")]);
  const agent = new CodeAgent({
    model,
    executor: new QuickJSExecutor({ thread: "inline" }),
    tools: [source],
  });
  expect((await agent.run("Twice.")).output).toBe(1);
  expect(model.requests[1]?.request.messages.at(-1)?.content).not.toContain("The tools changed");
});
