import { CodeAgent, jsonSchema, tool } from "@codeact/core";
import { ScriptedModel } from "@codeact/core/testing";
import { QuickJSExecutor } from "@codeact/executors";
import { generateCatalogue } from "@codeact/test-utils";
import { expect, it } from "vitest";

const js = (code: string) => `Thought: next step.\n\`\`\`js\n${code}\n\`\`\``;

it("finds a tool it was not shown in a 300-tool catalogue, then calls it like any other", async () => {
  const calls: { name: string; input: unknown }[] = [];
  const tools = generateCatalogue(300).map((spec) =>
    tool({
      ...spec,
      inputSchema: jsonSchema(spec.inputSchema),
      execute: (input) => {
        calls.push({ name: spec.name, input });
        return { ok: true, tool: spec.name };
      },
    }),
  );
  const model = new ScriptedModel([
    js('console.log(await search_tools({ query: "archive a refund", limit: 3 }))'),
    js('const done = await billing_archive_refund({ refundId: "rf_7" });\nfinal_answer(done)'),
  ]);
  const agent = new CodeAgent({ model, executor: new QuickJSExecutor(), tools });
  const result = await agent.run("Archive refund rf_7.");

  expect(result.status).toBe("success");
  expect(result.output).toEqual({ ok: true, tool: "billing_archive_refund" });
  expect(calls).toEqual([{ name: "billing_archive_refund", input: { refundId: "rf_7" } }]);
  const [first, second] = model.requests.map(({ request }) => request.messages);
  // Not declared up front; the search's observation carried its declaration.
  expect(first?.[0]?.content).not.toContain("billing_archive_refund");
  expect(first?.[0]?.content).toContain("Searches the 300 tools not declared here");
  const observation = second?.at(-1)?.content ?? "";
  expect(observation).toMatch(/3 of 300 tools match "archive a refund"/);
  expect(observation).toContain("declare function billing_archive_refund(input: {");
  // Searching appended to the conversation: the prefix the provider caches is unchanged.
  expect(second?.slice(0, first?.length)).toEqual(first);
});
