import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NO_MODEL_HELP, SUGGESTED_LOCAL_MODEL } from "./config.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const SKIP = new Set(["node_modules", "dist", ".git", ".turbo", ".tsbuild", "__fixtures__", ".changeset"]);

async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => !SKIP.has(entry.name))
      .map(async (entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return markdownFiles(full);
        return entry.name.endsWith(".md") && entry.name !== "CHANGELOG.md" ? [full] : [];
      }),
  );
  return nested.flat();
}

// Prose paragraphs are joined into one line (they wrap anywhere); code lines stay apart.
function logicalLines(markdown: string): string[] {
  const lines: string[] = [];
  let inCode = false;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) lines.push(paragraph.join(" "));
    paragraph = [];
  };
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) {
      flush();
      inCode = !inCode;
    } else if (inCode) lines.push(line);
    else if (!line.trim()) flush();
    else paragraph.push(line);
  }
  flush();
  return lines;
}

/**
 * The local models a text suggests: what `ollama pull` or `ollama run` fetches, and the model
 * named closest to each Ollama address (`CODEACT_MODEL=`, `--model`, `model: "..."`).
 */
function suggestedModels(markdown: string): string[] {
  const found: string[] = [];
  for (const line of logicalLines(markdown)) {
    for (const match of line.matchAll(/ollama (?:pull|run) ([\w.:/-]+)/g)) found.push(match[1] ?? "");
    for (const ollama of line.matchAll(/localhost:11434/g)) {
      const names = [...line.matchAll(/CODEACT_MODEL=([\w.:/-]+)|--model ([\w.:/-]+)|model: "([^"]+)"/g)].map(
        (match) => ({ name: match[1] ?? match[2] ?? match[3] ?? "", at: match.index }),
      );
      const nearest = names.sort((a, b) => Math.abs(a.at - ollama.index) - Math.abs(b.at - ollama.index))[0];
      if (nearest) found.push(nearest.name);
    }
  }
  return found;
}

describe("the suggested local model", () => {
  it("is the one the CLI's guidance names", () => {
    expect(SUGGESTED_LOCAL_MODEL).toBe("qwen2.5-coder:7b");
    expect(new Set(suggestedModels(NO_MODEL_HELP))).toEqual(new Set([SUGGESTED_LOCAL_MODEL]));
  });

  it("is the one every doc names, and the main docs name it", async () => {
    const files = await markdownFiles(repo);
    const byFile = Object.fromEntries(
      await Promise.all(
        files.map(async (file) => [path.relative(repo, file), suggestedModels(await readFile(file, "utf8"))]),
      ),
    ) as Record<string, string[]>;
    for (const [file, models] of Object.entries(byFile)) {
      for (const model of models) expect(model, file).toBe(SUGGESTED_LOCAL_MODEL);
    }
    for (const doc of [
      "README.md",
      "docs/getting-started.md",
      "packages/codeact/README.md",
      "packages/models/README.md",
    ])
      expect(byFile[doc], doc).toContain(SUGGESTED_LOCAL_MODEL);
  });

  it("finds suggestions in prose, commands and code, so a different model would be caught", () => {
    const doc = [
      "No key? `ollama pull llama3.2`, then `OPENAI_BASE_URL=http://localhost:11434/v1",
      "CODEACT_MODEL=mistral` for Ollama, `OPENAI_BASE_URL=http://localhost:8080/v1 CODEACT_MODEL=local`.",
      "",
      "```ts",
      'const ollama = openai({ model: "phi4", baseURL: "http://localhost:11434/v1" });',
      'const llamaCpp = openai({ model: "local", baseURL: "http://localhost:8080/v1" });',
      "```",
    ].join("\n");
    expect(suggestedModels(doc)).toEqual(["llama3.2", "mistral", "phi4"]);
  });
});

describe("the docs that point at a local server", () => {
  it("say that OPENAI_API_KEY, when set, is sent to the server OPENAI_BASE_URL names", async () => {
    for (const doc of [
      "README.md",
      "docs/getting-started.md",
      "packages/codeact/README.md",
      "packages/models/README.md",
    ]) {
      const lines = logicalLines(await readFile(path.join(repo, doc), "utf8"));
      expect(
        lines.some((line) =>
          /`OPENAI_API_KEY`, when set, is sent to the server .*OPENAI_BASE_URL/.test(line),
        ),
        doc,
      ).toBe(true);
    }
  });
});
