import { describe, expect, it } from "vitest";
import type { Executor } from "../executor.js";
import { jsonSchema } from "../schema/json-schema.js";
import { ScriptedModel } from "../testing/scripted-model.js";
import { type AnyTool, tool } from "../tool/tool.js";
import { CodeAgent } from "./code-agent.js";
import { SEARCH_TOOLS, toolCatalog } from "./tool-search.js";
import { createToolSet } from "./tool-set.js";

const unusedExecutor: Executor = { createSession: () => Promise.reject(new Error("not used")) };

const things = ["issue", "invoice", "contact", "file", "event", "ticket", "report", "payment"];
const verbs = ["create", "list", "delete", "archive", "update"];
const catalogue: AnyTool[] = things.flatMap((thing, i) =>
  verbs.map((verb) =>
    tool({
      name: `${i % 2 ? "crm" : "github"}_${verb}_${thing}`,
      description: `${verb[0]?.toUpperCase()}${verb.slice(1)}s a ${thing}.`,
      inputSchema: jsonSchema({
        type: "object",
        properties: { [`${thing}Id`]: { type: "string", description: `The ${thing}'s id.` } },
      }),
      execute: () => `${verb} ${thing}`,
    }),
  ),
);

const prompt = (tools: AnyTool[], toolSearch?: Parameters<typeof toolCatalog>[1]) =>
  new CodeAgent({
    model: new ScriptedModel([]),
    executor: unusedExecutor,
    tools,
    ...(toolSearch !== undefined && { toolSearch }),
  }).systemPrompt;

async function search(query: string, limit?: number): Promise<string> {
  const { tools } = toolCatalog(createToolSet(catalogue));
  const entry = tools.entries.get(SEARCH_TOOLS);
  return (await entry?.tool.execute(
    { query, ...(limit && { limit }) },
    { signal: AbortSignal.timeout(1e6), callId: "c" },
  )) as string;
}

describe("tool search over large catalogues", () => {
  it("declares every tool up to the threshold, and search_tools instead of them past it", () => {
    const few = prompt(catalogue.slice(0, 30));
    expect(few).toContain("declare function github_create_issue(");
    expect(few).not.toContain(SEARCH_TOOLS);

    const many = prompt(catalogue);
    expect(many).not.toMatch(/declare function (github|crm)_/);
    expect(many).toContain(
      "Searches the 40 tools not declared here (github_* 20, crm_* 20) by name, description and parameters",
    );
    expect(many).toMatch(
      /declare function search_tools\(input: \{\n.*\n {2}query: string;\n.*\n {2}limit\?: number;\n\}\): Promise<string>;/,
    );
    // What 40 declarations cost is gone from every request.
    expect(many.length).toBeLessThan(few.length / 2);
  });

  it("keeps the threshold and the tools always declared configurable, and off with false", () => {
    const always = prompt(catalogue, { alwaysDeclare: ["crm_list_invoice"] });
    expect(always).toContain("declare function crm_list_invoice(");
    expect(always).toContain("Searches the 39 tools not declared here");
    expect(prompt(catalogue.slice(0, 5), { threshold: 4 })).toContain(SEARCH_TOOLS);
    expect(prompt(catalogue, false)).toContain("declare function crm_archive_payment(");
    expect(() => prompt(catalogue, { threshold: -1 })).toThrow(
      /toolSearch.threshold must be a number of tools/,
    );
  });

  it("refuses a tool of its own named search_tools rather than hiding one of the two", () => {
    const own = tool({
      name: SEARCH_TOOLS,
      description: "Mine.",
      inputSchema: jsonSchema({}),
      execute: () => 1,
    });
    expect(() => prompt([...catalogue, own])).toThrow(/A tool is named search_tools.*toolSearch: false/);
  });

  it("returns the declarations of the best matches, by name first, words in any form", async () => {
    const found = await search("archive invoices");
    expect(found).toMatch(
      /^5 of 40 tools match "archive invoices":\n\n\/\*\* Archives a invoice\. \*\/\ndeclare function crm_archive_invoice\(input\?: \{\n {2}\/\*\* The invoice's id\. \*\/\n {2}invoiceId\?: string;\n\}\): Promise<unknown>;/,
    );
    // Both words count: every other archive tool ranks below the one that is about invoices.
    expect(
      found
        .match(/declare function \w+/g)
        ?.slice(1)
        .every((name) => name.includes("_archive_")),
    ).toBe(true);
    expect(await search("github_delete_report", 1)).toMatch(
      /^1 of 40 .*\n\n.*\ndeclare function github_delete_report\(/s,
    );
    expect(await search("reportId")).toContain("declare function github_create_report(");
    expect(await search("teleport llamas")).toMatch(/^No tool matches "teleport llamas"\. Try other words/);
  });
});
