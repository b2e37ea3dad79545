import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// A user's strict app (`strict-app/`: skipLibCheck false, no DOM lib, Node types) must type-check
// against what the packages publish: their built .d.ts files, reached through the `types` export
// condition, and every third-party declaration those files pull in.
const appDir = fileURLToPath(new URL("./strict-app/", import.meta.url));
// The compiler names files with forward slashes on every platform.
const packagesDir = fileURLToPath(new URL("../packages/", import.meta.url)).replaceAll("\\", "/");
const builtDeclarations = [
  "core/dist/index.d.ts",
  "executors/dist/index.d.ts",
  "models/dist/index.d.ts",
  "codeact/dist/index.d.ts",
];

/** Type-checks the app as `tsc -p strict-app` would and returns its diagnostics and files. */
function typeCheck(): { diagnostics: readonly ts.Diagnostic[]; files: string[] } {
  const configPath = ts.findConfigFile(appDir, ts.sys.fileExists);
  if (configPath === undefined) throw new Error(`no tsconfig.json in ${appDir}`);
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (config === undefined) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  return {
    diagnostics: [...config.errors, ...ts.getPreEmitDiagnostics(program)],
    files: program.getSourceFiles().map((file) => file.fileName),
  };
}

const format = (diagnostics: readonly ts.Diagnostic[]) =>
  ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => appDir,
    getNewLine: () => "\n",
  });

describe("a strict app without the DOM lib", () => {
  it("type-checks against the published declarations with skipLibCheck off", () => {
    const missing = builtDeclarations.filter((path) => !existsSync(`${packagesDir}${path}`));
    expect(missing, "run `pnpm build` first: the app reads the packages' dist/*.d.ts").toEqual([]);

    const { diagnostics, files } = typeCheck();
    expect(format(diagnostics)).toBe("");
    // The built declarations were checked, not the sources (the `@codeact/source` condition).
    const ours = files.filter((file) => file.startsWith(packagesDir));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((file) => !file.includes("/dist/"))).toEqual([]);
    for (const path of builtDeclarations) expect(ours).toContain(`${packagesDir}${path}`);
  }, 120_000);
});
