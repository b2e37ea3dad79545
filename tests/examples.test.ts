import { fileURLToPath } from "node:url";
import { openAIStream, type Reply, runNode, startFakeServer } from "@codeact/test-utils";
import { describe, expect, it } from "vitest";
import { startTestEnvd } from "../packages/executors/src/e2b/__fixtures__/envd.js";

// Every example runs as users run it (`pnpm tsx examples/<name>.ts`), against a local
// OpenAI-compatible server that plays the model.
const examples = fileURLToPath(new URL("../examples/", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/tsx/dist/cli.mjs", import.meta.url));

const answer = (code: string): Reply => ({
  sse: openAIStream({ text: `Thought: let me do it.\n\`\`\`js\n${code}\n\`\`\`` }),
  headers: { "content-type": "text/event-stream" },
});

const runExample = (name: string, env: Record<string, string>) =>
  runNode([tsx, `${examples}${name}`], { env, cwd: examples });

const cases: [string, string[], RegExp][] = [
  [
    "first-agent.ts",
    [
      'const temps = await Promise.all(["Paris", "Rome", "Oslo"].map((city) => get_weather({ city })));\nfinal_answer(temps.reduce((a, b) => (b.tempC > a.tempC ? b : a)).city)',
    ],
    /^success Rome\n$/,
  ],
  [
    "custom-tool.ts",
    [
      'const [usd, jpy] = await Promise.all([convert_currency({ amount: 250, from: "GBP", to: "USD" }), convert_currency({ amount: 250, from: "GBP", to: "JPY" })]);\nfinal_answer(usd.amount + " USD, " + jpy.amount + " JPY")',
    ],
    /^317\.65 USD, 48000 JPY\n$/,
  ],
  [
    "structured-answer.ts",
    ['final_answer({ city: "Lisbon", days: 3, budgetEur: 540, highlights: ["Alfama", "Belém", "Sintra"] })'],
    /^3 days in Lisbon for 540 EUR: Alfama, Belém, Sintra\n$/,
  ],
  [
    "streaming-events.ts",
    [
      "let n = 0, sum = 0;\nfor (let k = 2; n < 50; k++) { if ([...Array(k).keys()].slice(2).every((d) => k % d)) { sum += k; n++; } }\nfinal_answer(sum)",
    ],
    /--- step 1\nThought: let me do it\.[\s\S]*\[running\]\nlet n = 0[\s\S]*success: 5117 \(\d+ tokens\)\n$/,
  ],
  [
    "large-catalogue.ts",
    [
      'console.log(await search_tools({ query: "archive refund billing", limit: 2 }))',
      'final_answer(await billing_archive_refund({ id: "R-1009" }))',
    ],
    /^success \{"system":"billing","operation":"archive","record":"refund","id":"R-1009","ok":true\}\n$/,
  ],
  [
    "mcp-tools.ts",
    [
      'await memory_create_entities({ entities: [{ name: "Ada Lovelace", entityType: "person", observations: ["wrote the first program"] }] });\nconst graph = await memory_read_graph({});\nfinal_answer(graph.entities.some((e) => e.name === "Ada Lovelace"))',
    ],
    /^success true\n$/,
  ],
  [
    "manager-workers.ts",
    [
      'const facts = await researcher({ task: "List three facts about octopuses." });\nfinal_answer(await writer({ task: "Write one line using these facts.", context: facts }))',
      'final_answer(["three hearts", "blue blood", "eight arms"])',
      'final_answer("With " + context.join(", ") + ", the octopus needs no armour.")',
    ],
    /^success With three hearts, blue blood, eight arms, the octopus needs no armour\.\n$/,
  ],
  [
    "e2b-sandbox.ts",
    [
      'const c = await lookup_customer({ email: "ada@example.com" });\nconst fs = require("node:fs");\nconst file = require("node:path").join(require("node:os").tmpdir(), "codeact-e2b-example.csv");\nfs.writeFileSync(file, "email,plan,spendEur\\n" + [c.email, c.plan, c.spendEur].join(","));\nfinal_answer(fs.readFileSync(file, "utf8"))',
    ],
    /^success "email,plan,spendEur\\nada@example\.com,pro,420"\n$/,
  ],
  [
    "local-server.ts",
    ["let [a, b] = [0, 1];\nfor (let i = 0; i < 30; i++) [a, b] = [b, a + b];\nfinal_answer(a)"],
    /^success 832040\n$/,
  ],
];

describe("examples/", () => {
  it.each(cases)("%s runs end to end", async (name, codes, expected) => {
    const server = await startFakeServer(codes.map(answer));
    await using _ = server;
    // The E2B example's sandbox is a test envd on 127.0.0.1, which the SDK reaches in debug mode.
    await using envd = name.startsWith("e2b") ? await startTestEnvd() : undefined;
    const result = await runExample(name, {
      OPENAI_BASE_URL: `${server.url}/v1`,
      CODEACT_MODEL: "example-model",
      ...(envd && { E2B_DEBUG: "true", E2B_SANDBOX_URL: envd.url }),
    });
    // An MCP server's own log line reaches the terminal, as it would for the user; nothing else.
    expect(result.stderr.replace("Knowledge Graph MCP Server running on stdio\n", "")).toBe("");
    expect(result.stdout).toMatch(expected);
    expect(result.code).toBe(0);
    expect(server.requests.length).toBe(codes.length);
  });

  it("crash-and-resume.ts is killed after the charge, and its resume answers without charging again", async () => {
    const server = await startFakeServer([
      answer("const { receipt } = await charge_card({ amountEur: 42 });\nconsole.log(receipt)"),
      answer("final_answer(receipt)"),
    ]);
    await using _ = server;
    const env = { OPENAI_BASE_URL: `${server.url}/v1`, CODEACT_MODEL: "example-model" };
    const crashed = await runExample("crash-and-resume.ts", env);
    // SIGKILLed: tsx reports its child's death as 128 + 9.
    expect(crashed.code).toBe(137);
    const runId = /^run (\S+)\n$/.exec(crashed.stdout)?.[1];
    expect(runId, crashed.stdout + crashed.stderr).toBeDefined();
    const resumed = await runNode([tsx, `${examples}crash-and-resume.ts`, String(runId)], {
      env,
      cwd: examples,
    });
    expect(resumed.stderr).toBe("");
    expect(resumed.stdout).toBe("success R-1 (1 charge made)\n");
    expect(resumed.code).toBe(0);
    // The first model response came from the journal; only the step after the crash was asked for.
    expect(server.requests.length).toBe(2);
  });
});
