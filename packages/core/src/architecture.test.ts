import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as core from "./index.js";

const src = path.dirname(fileURLToPath(import.meta.url));

/** Each source file's unit: its folder under src, or the file itself when it sits in src. */
function unitOf(file: string): string {
  const relative = path.relative(src, file);
  return relative.includes(path.sep) ? (relative.split(path.sep)[0] as string) : relative;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("@codeact/core's shape", () => {
  it("has no import cycle between its folders, type imports included", () => {
    const edges = new Map<string, Set<string>>();
    for (const file of sources(src)) {
      for (const [, target] of readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
        const [from, to] = [unitOf(file), unitOf(path.resolve(path.dirname(file), target as string))];
        if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    const cycles: string[] = [];
    const visit = (unit: string, trail: string[]) => {
      if (trail.includes(unit))
        return void cycles.push([...trail.slice(trail.indexOf(unit)), unit].join(" → "));
      for (const next of edges.get(unit) ?? []) visit(next, [...trail, unit]);
    };
    for (const unit of edges.keys()) visit(unit, []);
    expect(cycles).toEqual([]);
    expect(edges.get("tool")).not.toContain("agent");
  });

  it("exports what users need and none of the loop's internals", () => {
    expect(Object.keys(core).sort()).toEqual(
      [
        "AbortError",
        "Agent",
        "CodeActError",
        "CodeAgent",
        "ExecutionError",
        "MaxStepsError",
        "ModelError",
        "ParsingError",
        "RESERVED_GLOBALS",
        "ToolCallingAgent",
        "ToolError",
        "agentEventSchema",
        "callTool",
        "defaultPrompts",
        "jsonSchema",
        "memoryJournal",
        "prefixTools",
        "tool",
      ].sort(),
    );
  });
});
