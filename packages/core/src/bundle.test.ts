import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";
import { describe, expect, it } from "vitest";

const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

async function bundleForBrowser(entry: string) {
  const logs: string[] = [];
  const bundle = await rolldown({
    input: fileURLToPath(new URL(entry, import.meta.url)),
    platform: "browser",
    onLog: (_level, log) => void logs.push(`${log.code}: ${log.message}`),
  });
  const { output } = await bundle.generate({ format: "esm" });
  await bundle.close();
  const chunks = output.flatMap((item) => (item.type === "chunk" ? [item] : []));
  return { logs, chunks };
}

describe("@codeact/core in a browser", () => {
  it.each(["./index.ts", "./testing/index.ts"])(
    "bundles %s with no Node built-in or unresolved import",
    async (entry) => {
      const { logs, chunks } = await bundleForBrowser(entry);
      const imports = chunks.flatMap((chunk) => [...chunk.imports, ...chunk.dynamicImports]);
      const external = imports.filter((name) => !chunks.some((chunk) => chunk.fileName === name));
      expect(external.filter((name) => builtins.has(name))).toEqual([]);
      expect(external).toEqual([]);
      expect(logs.filter((log) => /UNRESOLVED|node:/.test(log))).toEqual([]);
    },
  );

  it("loads the TypeScript stripper lazily, outside the main chunk", async () => {
    const { chunks } = await bundleForBrowser("./index.ts");
    const main = chunks.find((chunk) => chunk.isEntry);
    expect(main?.dynamicImports.length).toBeGreaterThan(0);
    expect(main?.code.length).toBeLessThan(120_000);
  });
});
